package dev.tidings.cli;

import dev.tidings.TidingsException;
import dev.tidings.mail.Rate;
import dev.tidings.mail.SendOptions;
import dev.tidings.mail.Shard;
import dev.tidings.mail.smtp.SmtpSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code send}'s options, and the one place their values are checked: a bad one is refused here
 * with exit 2 before anything is read, and {@link SendOptions} carries them on unchecked.
 */
final class SendArguments {
    @Option(names = "--subscribers", paramLabel = "LIST.csv", description = "The subscriber list (CSV with an email column).")
    Path subscribers;

    /** --smtp, --password-file, --timeout, --ca-file: shared with {@code serve}, which sends confirmation mails. */
    @Mixin
    SmtpArguments relay = new SmtpArguments();

    @Option(names = "--dry-run", description = "Validate, render and build every message, report what would be sent, send nothing.")
    boolean dryRun;

    @Option(names = "--test-to", paramLabel = "ADDR", split = ",",
            description = "Send one proof to these addresses only; not recorded as a delivery of the issue.")
    List<String> testTo;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "2", description = "Parallel SMTP connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--rate", paramLabel = "R/s|R/min|R/h", description = "Cap the sending rate across all connections, e.g. 10/s or 5000/h.")
    String rate;

    @Option(names = "--max-per-connection", paramLabel = "N", defaultValue = "0", description = "Reconnect after N messages (default: never).")
    int maxPerConnection;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "Retries, with exponential back-off and jitter, for 4xx replies and dropped connections (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--retry-delay", paramLabel = "MILLIS", defaultValue = "2000", description = "The first back-off in milliseconds (default: ${DEFAULT-VALUE}).")
    long retryDelayMillis;

    @Option(names = "--daily-limit", paramLabel = "N", defaultValue = "0",
            description = "Send at most N messages per rolling 24 hours, counted across runs in the ledger (default: no limit).")
    long dailyLimit;

    @Option(names = "--suppress", paramLabel = "FILE", description = "Never send to the addresses in FILE (one per line); repeatable.")
    List<Path> suppress = new ArrayList<>();

    @Option(names = "--skip-invalid", description = "Send despite invalid rows in the list, skipping them (they are still reported).")
    boolean skipInvalid;

    @Option(names = "--resend-uncertain", description = "Also send to recipients a crash left uncertain (the server may have accepted them already).")
    boolean resendUncertain;

    @Option(names = "--retry-failed", description = "Also send to recipients that failed permanently before"
            + " (after fixing a sender or content problem; hard bounces stay suppressed).")
    boolean retryFailed;

    @Option(names = "--shard", paramLabel = "K/N", description = "Send only to part K of N of the list, split by a stable"
            + " hash of the address: run 1/N .. N/N on N hosts, each with its own ledger (see docs/scaling.md).")
    String shard;

    @Option(names = "--ledger", paramLabel = "PATH", description = "The send ledger (default: .tidings/ledger.db beside the digest).")
    Path ledger;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (required without a terminal, e.g. in cron).")
    boolean yes;

    @Option(names = "--json", description = "Print the summary as JSON on stdout.")
    boolean json;

    /** The relay named by --smtp, else by the environment; null when neither names one. */
    String relay(String fromEnvironment) {
        return relay.relay(fromEnvironment);
    }

    static boolean isSandbox(String relay) {
        return "sandbox".equalsIgnoreCase(relay);
    }

    /**
     * Checks every value, before the digest is read (the combinations first, then each number, then
     * --rate and --shard; each refusal is one line, exit 2), and returns the settings of this send.
     * More than {@link SendOptions#MAX_RETRIES} retries are taken as that many, as they always were.
     */
    SendOptions settings(Path ledgerFile, Path bounceFile, boolean throwawayLedger) {
        if (subscribers == null && testTo == null) {
            throw TidingsException.usage("give --subscribers LIST.csv (or --test-to ADDR for a proof)");
        }
        if (dryRun && testTo != null) {
            throw TidingsException.usage("--dry-run and --test-to do not go together: a dry run sends nothing");
        }
        if (connections < 1 || connections > SendOptions.MAX_CONNECTIONS) {
            throw TidingsException.usage("--connections must be between 1 and " + SendOptions.MAX_CONNECTIONS);
        }
        atLeast("--retries", retries, 0);
        atLeast("--max-per-connection", maxPerConnection, 0);
        atLeast("--daily-limit", dailyLimit, 0);
        atLeast("--retry-delay", retryDelayMillis, 0);
        relay.check();
        Rate parsedRate = rate == null ? null : Rate.parse(rate);
        Shard parsedShard = shard == null ? Shard.ALL : Shard.parse(shard);
        return new SendOptions(subscribers, ledgerFile, bounceFile, suppress, throwawayLedger, connections, parsedRate,
                maxPerConnection, Math.min(retries, SendOptions.MAX_RETRIES), Duration.ofMillis(retryDelayMillis), dailyLimit,
                resendUncertain, retryFailed, skipInvalid, parsedShard);
    }

    static void atLeast(String option, long value, long least) {
        if (value < least) {
            throw TidingsException.usage(option + " must be " + (least == 0 ? "0 or more" : "at least " + least) + ", not " + value);
        }
    }

    /** The relay's settings, with the password from --password-file or the environment when the URL names a user. */
    SmtpSettings smtpSettings(String url, String passwordFromEnvironment, String from) {
        return relay.settings(url, passwordFromEnvironment, from);
    }
}
