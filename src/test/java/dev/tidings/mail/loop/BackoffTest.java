package dev.tidings.mail.loop;

import dev.tidings.mail.SendOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The back-off between attempts: doubled per attempt, jittered in its upper half, capped; computed, not waited for. */
class BackoffTest {
    @Test
    void eachAttemptWaitsBetweenHalfAndAllOfTheBaseDoubledPerAttemptBefore() {
        Duration base = Duration.ofSeconds(2);
        for (int attempt = 1; attempt <= 5; attempt++) {
            long ceiling = 2000L << (attempt - 1);
            for (int i = 0; i < 200; i++) {
                long delay = Backoff.delay(base, attempt).toMillis();
                assertTrue(delay >= ceiling / 2 && delay <= ceiling, "attempt " + attempt + ": " + delay + " ms");
            }
        }
    }

    @Test
    void theDelayIsCappedHoweverManyAttempts() {
        for (int attempt : new int[] {7, 8, 20, 64, Integer.MAX_VALUE}) {
            long delay = Backoff.delay(Duration.ofSeconds(2), attempt).toMillis();
            assertTrue(delay >= SendOptions.MAX_BACKOFF.toMillis() / 2 && delay <= SendOptions.MAX_BACKOFF.toMillis(),
                    "attempt " + attempt + ": " + delay + " ms");
        }
    }

    @Test
    void theDelaysAreSpreadSoConnectionsThatFailedTogetherDoNotRetryInLockstep() {
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToLong(i -> Backoff.delay(Duration.ofSeconds(2), 3).toMillis()).distinct().count();
        assertTrue(distinct > 10, distinct + " distinct delays out of 50");
    }

    @Test
    void noBaseDelayMeansNoWait() {
        assertEquals(Duration.ZERO, Backoff.delay(Duration.ZERO, 3));
    }
}
