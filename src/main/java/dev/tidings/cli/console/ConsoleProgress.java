package dev.tidings.cli.console;

import dev.tidings.mail.SendCounters;
import dev.tidings.mail.SendProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How a send reports progress on stderr: a live bar (sent, failed, deferred, rate, ETA) on a
 * terminal; under cron, where a bar would fill the mail with control codes, one plain line every
 * few seconds.
 */
public final class ConsoleProgress {
    static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

    private ConsoleProgress() {
    }

    public static SendProgress forTerminal(boolean interactive, PrintWriter err) {
        return forTerminal(interactive, err, "Sending");
    }

    /** @param task what is being done to the messages, capitalised: "Sending", "Rendering" (a dry run) */
    public static SendProgress forTerminal(boolean interactive, PrintWriter err, String task) {
        return interactive ? new Bar(err, task) : new Log(err, task);
    }

    private static String counts(SendCounters c) {
        return String.format(Locale.ROOT, "sent %d, failed %d, deferred %d", c.sent(), c.failed(), c.deferred())
                + (c.uncertain() > 0 ? ", uncertain " + c.uncertain() : "");
    }

    /** A live progress bar (me.tongfei:progressbar) on the terminal's stderr. */
    private static final class Bar implements SendProgress {
        private final PrintWriter err;
        private final String task;
        private ProgressBar bar;

        Bar(PrintWriter err, String task) {
            this.err = err;
            this.task = task;
        }

        @Override
        public void started(long total) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                    .setConsumer(new ConsoleProgressBarConsumer(new WriterStream(err)))
                    .setUpdateIntervalMillis(250).showSpeed().build();
        }

        @Override
        public synchronized void advanced(SendCounters counters) {
            bar.stepTo(counters.done());
            bar.setExtraMessage(counts(counters));
        }

        @Override
        public void note(String message) {
            err.println("\n" + message);
            err.flush();
        }

        @Override
        public void finished(SendCounters counters) {
            if (bar != null) {
                bar.stepTo(counters.done());
                bar.close();
            }
        }
    }

    /** A line every few seconds, for logs. */
    private static final class Log implements SendProgress {
        private final PrintWriter err;
        private final String task;
        private long total;
        private long started;
        private long lastLine;

        Log(PrintWriter err, String task) {
            this.err = err;
            this.task = task.toLowerCase(Locale.ROOT);
        }

        @Override
        public void started(long total) {
            this.total = total;
            this.started = System.nanoTime();
            this.lastLine = started;
            err.println(task + " " + ProblemReport.counted(total, "message"));
        }

        @Override
        public synchronized void advanced(SendCounters counters) {
            long now = System.nanoTime();
            if (now - lastLine >= LOG_INTERVAL_NANOS) {
                lastLine = now;
                double seconds = (now - started) / 1e9;
                err.println(String.format(Locale.ROOT, "progress: %d/%d done (%s), %.0f msg/s",
                        counters.done(), total, counts(counters), counters.done() / Math.max(seconds, 1e-3)));
            }
        }

        @Override
        public synchronized void note(String message) {
            err.println(message);
        }
    }

    /**
     * The bar's stream: the stderr the command line was given, not the process's (so that tests,
     * and whoever embeds {@code cli.TidingsCli}, see the bar where they see every other diagnostic).
     * {@link ConsoleProgressBarConsumer} only prints strings, ends the bar with a line break and
     * flushes; each is passed on as text and flushed at once, as the process's autoflushing stderr
     * did, so that the bar moves while a send runs.
     */
    private static final class WriterStream extends PrintStream {
        private final PrintWriter writer;

        WriterStream(PrintWriter writer) {
            super(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            this.writer = writer;
        }

        @Override
        public void print(String text) {
            writer.print(text);
            writer.flush();
        }

        @Override
        public void println() {
            writer.println();
            writer.flush();
        }

        @Override
        public void flush() {
            writer.flush();
        }
    }
}
