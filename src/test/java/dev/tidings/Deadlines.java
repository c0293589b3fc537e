package dev.tidings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * How long a test is willing to wait, in one place. A test that waits, waits for an event (a
 * message accepted, a file appearing, a process ending); a deadline only says when the event is
 * taken to be missing, so a generous one costs nothing when things work. CI machines have two
 * cores, often shared with another build: there a JVM that starts in half a second here takes
 * several, and a reply that comes in milliseconds can wait a second for its thread to run.
 *
 * <p>So every deadline is written as what an idle machine needs, with margin, and passed through
 * {@link #scaled}: multiplied by the slowness factor, {@value #DEFAULT_SLOWNESS} unless
 * {@code TIDINGS_TEST_SLOWNESS} (or {@code -Dtidings.test.slowness}) says otherwise. Raise it on
 * a machine slower than that; lower it (1) to see a hang sooner while working on one. Timeouts given
 * to the program under test ({@code --timeout}, {@code --link-timeout}) go through it too: a
 * timeout meant for a server that never answers must not fire for one that is merely slow.
 */
public final class Deadlines {
    /** The default factor: a machine three times slower than an idle developer's passes unchanged. */
    public static final double DEFAULT_SLOWNESS = 3;
    private static final double SLOWNESS = slowness();
    private static final long POLL_MILLIS = 10;

    private Deadlines() {
    }

    /** The factor every deadline is multiplied by. */
    public static double slowness() {
        String value = System.getProperty("tidings.test.slowness", System.getenv("TIDINGS_TEST_SLOWNESS"));
        if (value == null || value.isBlank()) {
            return DEFAULT_SLOWNESS;
        }
        try {
            double factor = Double.parseDouble(value.strip());
            if (factor >= 1 && factor <= 100) {
                return factor;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("TIDINGS_TEST_SLOWNESS must be a number from 1 to 100, not '" + value + "'");
    }

    /** {@code base}, what an idle machine needs with margin, times the slowness factor. */
    public static Duration scaled(Duration base) {
        return Duration.ofMillis((long) Math.ceil(base.toMillis() * SLOWNESS));
    }

    public static Duration seconds(long base) {
        return scaled(Duration.ofSeconds(base));
    }

    /** The same in whole seconds, for an option of the program under test such as {@code --timeout}. */
    public static long wholeSeconds(long base) {
        return (long) Math.ceil(base * SLOWNESS);
    }

    /** {@link #wholeSeconds} as the option's argument. */
    public static String secondsOption(long base) {
        return String.valueOf(wholeSeconds(base));
    }

    /** Waits until {@code condition} holds; fails naming {@code what} if it does not within the scaled deadline. */
    public static void await(String what, BooleanSupplier condition, Duration base) throws InterruptedException {
        Duration limit = scaled(base);
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + shown(limit) + " for " + what + " (TIDINGS_TEST_SLOWNESS=" + SLOWNESS + ")");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Waits for a process to end; fails with its log (when given) if it has not within the scaled deadline. */
    public static void awaitExit(Process process, Duration base, Path log) throws InterruptedException {
        Duration limit = scaled(base);
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process " + process.pid() + " still running after " + shown(limit)
                    + " (TIDINGS_TEST_SLOWNESS=" + SLOWNESS + ")" + tail(log));
        }
    }

    /**
     * Waits for a process that does work one can count (messages a server accepted, say) to end.
     * It may take as long as it needs while it makes progress: a slow machine only makes it slower.
     * It fails when the count has not moved for {@code stall} (scaled) while the process still runs:
     * a hang, not slowness.
     */
    public static void awaitExitWhileProgressing(Process process, IntSupplier progress, Duration stall, Path log)
            throws InterruptedException {
        Duration limit = scaled(stall);
        int last = progress.getAsInt();
        long lastMoved = System.nanoTime();
        while (!process.waitFor(POLL_MILLIS * 10, TimeUnit.MILLISECONDS)) {
            int now = progress.getAsInt();
            if (now != last) {
                last = now;
                lastMoved = System.nanoTime();
            } else if (System.nanoTime() - lastMoved > limit.toNanos()) {
                throw new AssertionError("process " + process.pid() + " made no progress for " + shown(limit) + " (stuck at "
                        + now + "; TIDINGS_TEST_SLOWNESS=" + SLOWNESS + ")" + tail(log));
            }
        }
    }

    private static String shown(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String tail(Path log) {
        if (log == null || !Files.exists(log)) {
            return "";
        }
        try {
            String text = Files.readString(log);
            return ": ..." + text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return ": (log unreadable: " + e.getMessage() + ")";
        }
    }
}
