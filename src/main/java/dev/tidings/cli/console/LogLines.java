package dev.tidings.cli.console;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Lines for a log: each begins with the time it was printed, ISO 8601 in UTC to the second
 * ({@code 2026-12-03T13:05:09Z this run: sent 21, ...}). A cron job's output is read days later, in
 * its mail or a {@code >> send.log}, where nothing else says when a run started, stalled or ended
 * (issue 18, finding 11). UTC with a Z, as the ledger's {@code updated_at} and {@code tidings status
 * --json} write times, so a log line and a ledger row compare at a glance, whatever the host's zone.
 * Only without a terminal: on one, the bar and the summary are read as they appear.
 */
public final class LogLines extends PrintWriter {
    private final Clock clock;

    public LogLines(PrintWriter target, Clock clock) {
        super(target, true);
        this.clock = clock;
    }

    /** {@code target} itself on a terminal, the lines stamped otherwise. */
    public static PrintWriter of(PrintWriter target, boolean interactive, Clock clock) {
        return interactive ? target : new LogLines(target, clock);
    }

    @Override
    public void println(String line) {
        synchronized (lock) {
            super.print(clock.instant().truncatedTo(ChronoUnit.SECONDS) + " ");
            super.println(line);
        }
    }

    @Override
    public void println(Object line) {
        println(String.valueOf(line));
    }
}
