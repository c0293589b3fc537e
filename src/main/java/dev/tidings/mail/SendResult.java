package dev.tidings.mail;

/**
 * What one run of the send loop did.
 *
 * @param stop why it stopped early, or null when every recipient reached an outcome
 */
public record SendResult(SendCounters counters, StopReason stop) {
    /** A run that sent nothing: there was nothing to send, or it stopped before the first message. */
    static SendResult nothing(StopReason stop) {
        return new SendResult(new SendCounters(0, 0, 0, 0, 0), stop);
    }
}
