package dev.tidings.mail;

/**
 * What one run of the send loop did.
 *
 * @param stop why it stopped early, or null when every recipient reached an outcome
 */
public record SendResult(SendCounters counters, StopReason stop) {
}
