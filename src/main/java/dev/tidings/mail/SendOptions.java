package dev.tidings.mail;

import java.time.Duration;

/**
 * How a send behaves, clamped to sensible values in {@link #clamped()} and nowhere else.
 *
 * @param connections      parallel SMTP connections
 * @param rate             the token bucket across all connections, or null for as fast as the relay takes
 * @param maxPerConnection reconnect after this many messages (0: never)
 * @param retries          attempts after the first, for 4xx replies and dropped connections
 * @param retryBaseDelay   the first back-off; doubled per attempt, with jitter, capped at {@link #MAX_BACKOFF}
 * @param dailyLimit       messages per rolling 24 hours across runs (0: no limit)
 * @param resendUncertain  resend recipients a crash left in SENDING
 * @param retryFailed      send again to recipients that failed permanently (after fixing a content or sender problem)
 * @param shard            the part of the list this run sends to ({@link Shard#ALL} for all of it)
 */
public record SendOptions(
        int connections,
        Rate rate,
        int maxPerConnection,
        int retries,
        Duration retryBaseDelay,
        long dailyLimit,
        boolean resendUncertain,
        boolean retryFailed,
        Shard shard) {

    public static final Duration MAX_BACKOFF = Duration.ofMinutes(2);

    public static SendOptions defaults() {
        return new SendOptions(2, null, 0, 3, Duration.ofSeconds(2), 0, false, false, Shard.ALL);
    }

    public SendOptions clamped() {
        return new SendOptions(
                Math.max(1, Math.min(connections, 32)),
                rate,
                Math.max(0, maxPerConnection),
                Math.max(0, Math.min(retries, 20)),
                retryBaseDelay.isNegative() ? Duration.ZERO : retryBaseDelay,
                Math.max(0, dailyLimit),
                resendUncertain,
                retryFailed,
                shard == null ? Shard.ALL : shard);
    }

    public SendOptions withRetries(int n, Duration baseDelay) {
        return new SendOptions(connections, rate, maxPerConnection, n, baseDelay, dailyLimit, resendUncertain, retryFailed, shard);
    }
}
