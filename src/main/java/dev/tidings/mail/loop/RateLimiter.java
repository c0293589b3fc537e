package dev.tidings.mail.loop;

import dev.tidings.mail.Rate;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket shared by every sending thread, so that {@code --rate} caps the run as a whole,
 * the way providers count. The bucket holds at most one second's worth of tokens (at least one),
 * so a pause is never followed by a burst above the stated rate for longer than a second.
 */
final class RateLimiter {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    RateLimiter(Rate rate) {
        this.perNano = rate.perSecond() / TimeUnit.SECONDS.toNanos(1);
        this.capacity = Math.max(1.0, rate.perSecond());
        this.tokens = 1.0;
        this.last = System.nanoTime();
    }

    /** Blocks until a message may be sent. */
    void acquire() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
            tokens -= 1.0;
            wait = tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
