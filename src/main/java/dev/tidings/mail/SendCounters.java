package dev.tidings.mail;

/**
 * This run's outcomes so far.
 *
 * @param deferred left pending after temporary failures (4xx, dropped connections): the next run retries them
 */
public record SendCounters(long sent, long failed, long deferred, long retries) {
    public long done() {
        return sent + failed + deferred;
    }
}
