package dev.tidings.mail.loop;

import dev.tidings.mail.SendOptions;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with "full jitter" (AWS Architecture Blog, 2015): the delay before attempt
 * n is uniform in [base*2^(n-1)/2, base*2^(n-1)], capped. The jitter keeps several connections
 * that failed together from retrying in lockstep against a relay that is already struggling.
 */
final class Backoff {
    private Backoff() {
    }

    static Duration delay(Duration base, int attempt) {
        long baseMillis = base.toMillis();
        if (baseMillis <= 0) {
            return Duration.ZERO;
        }
        long ceiling = Math.min(SendOptions.MAX_BACKOFF.toMillis(), baseMillis << Math.min(attempt - 1, 20));
        long floor = ceiling / 2;
        return Duration.ofMillis(floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1));
    }
}
