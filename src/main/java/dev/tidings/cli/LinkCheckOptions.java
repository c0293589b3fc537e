package dev.tidings.cli;

import dev.tidings.TidingsException;
import dev.tidings.cli.console.Terminal;
import dev.tidings.digest.load.DigestLinks;
import dev.tidings.digest.load.LoadedDigest;
import dev.tidings.links.LinkCheckProgress;
import dev.tidings.links.LinkCheckSettings;
import dev.tidings.links.LinkChecker;
import dev.tidings.links.LinkReport;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** {@code validate}'s link-check options. Without --check-links nothing here runs, and validate stays offline. */
final class LinkCheckOptions {
    private static final List<String> TUNING = List.of("--link-timeout", "--link-connect-timeout", "--link-connections",
            "--link-connections-per-host");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--check-links", description = {"Also request every link and image of the digest (HEAD, else GET; pages are not"
            + " downloaded): broken ones are errors; permanent redirects (301, 308), 429 and 503 are warnings. Off by default."})
    boolean enabled;

    @Option(names = "--link-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "With --check-links: how long one request may take, connecting included, until the server answers (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--link-connect-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "With --check-links: how long to wait for a connection (default: ${DEFAULT-VALUE}).")
    double connectTimeoutSeconds;

    @Option(names = "--link-connections", paramLabel = "N", defaultValue = "8",
            description = "With --check-links: requests in flight at once (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--link-connections-per-host", paramLabel = "N", defaultValue = "2",
            description = "With --check-links: requests in flight at once to one host (default: ${DEFAULT-VALUE}).")
    int connectionsPerHost;

    /** Refuses tuning without --check-links (it would silently do nothing) and values out of range. */
    void checkOptions() {
        if (!enabled) {
            for (String option : TUNING) {
                if (command.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw TidingsException.usage(option + " only applies with --check-links");
                }
            }
            return;
        }
        if (!(timeoutSeconds > 0 && timeoutSeconds <= 600 && connectTimeoutSeconds > 0 && connectTimeoutSeconds <= 600)) {
            throw TidingsException.usage("--link-timeout and --link-connect-timeout are seconds, more than 0 and at most 600");
        }
        if (connections < 1 || connections > 64 || connectionsPerHost < 1 || connectionsPerHost > 16) {
            throw TidingsException.usage("--link-connections is between 1 and 64, --link-connections-per-host between 1 and 16");
        }
    }

    /** The link check of a digest that could be read (null when not asked), with a progress line on a terminal. */
    LinkReport check(LoadedDigest loaded, Terminal terminal, PrintWriter err) {
        if (!enabled || loaded.digest() == null) {
            return null;
        }
        // Progress belongs on a terminal's stderr only. Java 17 cannot ask about stderr alone; whether
        // there is a console (stdin and stdout) is the nearest question, and the one send's progress bar asks.
        LinkCheckProgress progress = terminal.interactive() ? new ProgressLine(err) : LinkCheckProgress.NONE;
        try {
            return new LinkChecker(settings()).check(DigestLinks.of(loaded.digest(), loaded.sourceMap()), progress);
        } finally {
            if (progress instanceof ProgressLine line) {
                line.clear();
            }
        }
    }

    private LinkCheckSettings settings() {
        return new LinkCheckSettings(duration(connectTimeoutSeconds), duration(timeoutSeconds), connections, connectionsPerHost,
                "tidings/" + VersionProvider.version() + " (newsletter link check)");
    }

    private static Duration duration(double seconds) {
        return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    }

    /** "checking links: 12/40", rewritten in place on the terminal's stderr and wiped at the end. */
    private static final class ProgressLine implements LinkCheckProgress {
        private final PrintWriter err;
        private int width;

        ProgressLine(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void checked(int done, int total) {
            String line = "checking links: " + done + "/" + total;
            width = Math.max(width, line.length());
            err.print("\r" + line);
            err.flush();
        }

        synchronized void clear() {
            if (width > 0) {
                err.print("\r" + " ".repeat(width) + "\r");
                err.flush();
            }
        }
    }
}
