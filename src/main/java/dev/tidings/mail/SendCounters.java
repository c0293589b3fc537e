package dev.tidings.mail;

/**
 * This run's outcomes so far.
 *
 * @param deferred  left pending after temporary failures (4xx, dropped connections): the next run retries them
 * @param uncertain sent, but the connection failed before the server's reply: left uncertain, not retried
 */
public record SendCounters(long sent, long failed, long deferred, long uncertain, long retries) {
    public long done() {
        return sent + failed + deferred + uncertain;
    }
}
