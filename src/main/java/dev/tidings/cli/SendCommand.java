package dev.tidings.cli;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import dev.tidings.digest.Digest;
import dev.tidings.digest.FieldChecks;
import dev.tidings.startup.Preload;
import dev.tidings.subscribers.Subscriber;
import dev.tidings.subscribers.SubscriberReader;
import dev.tidings.mail.smtp.AngusSmtpConnector;
import dev.tidings.mail.LedgerStore;
import dev.tidings.mail.ledger.SqliteLedgerStore;
import dev.tidings.mail.MailConnector;
import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.mail.Rate;
import dev.tidings.mail.SendJob;
import dev.tidings.mail.SendOptions;
import dev.tidings.mail.SendProgress;
import dev.tidings.mail.Shard;
import dev.tidings.mail.SendReport;
import dev.tidings.mail.SendResult;
import dev.tidings.mail.smtp.SmtpSandbox;
import dev.tidings.mail.smtp.SmtpSettings;
import dev.tidings.mail.Survey;
import dev.tidings.render.IssueRenderer;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tidings send}: the issue to every subscriber, exactly once, safe to re-run from cron. */
@Command(name = "send",
        mixinStandardHelpOptions = true,
        addMethodSubcommands = false, // see TidingsCommand
        description = {
                "Send a digest, personalised, to every subscribed address of a list over SMTP.",
                "Every delivery is recorded in a ledger, so running the same command again sends only to those not yet sent:"
                        + " after a failure, a crash or a daily limit, just run it again.",
                "The SMTP password comes from TIDINGS_SMTP_PASSWORD or --password-file, never from the command line."
        })
final class SendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    TidingsCommand parent;

    @Parameters(index = "0", paramLabel = "DIGEST.yaml", description = "The digest to send.")
    Path digestFile;

    @Option(names = "--subscribers", paramLabel = "LIST.csv", description = "The subscriber list (CSV with an email column).")
    Path subscribers;

    @Option(names = "--smtp", paramLabel = "URL", description = {"smtp://[user@]host[:port] (STARTTLS required unless the host is loopback"
            + " or ?starttls=off), smtps://host:465, or 'sandbox' (an SMTP server inside tidings; messages are saved to out/sandbox/).",
            "Default: the TIDINGS_SMTP environment variable."})
    String smtp;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the SMTP password from this file (else TIDINGS_SMTP_PASSWORD).")
    Path passwordFile;

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

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", description = "SMTP connect, read and write timeout (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

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

    /** Where ledgers are kept: SQLite files. */
    private final LedgerStore store = new SqliteLedgerStore();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        checkOptions();
        Preload preload = parent.preload();
        Digest digest = DigestInput.loadValid(digestFile, err, preload);
        String smtpUrl = smtp != null ? smtp : parent.env("TIDINGS_SMTP");
        boolean sandbox = "sandbox".equalsIgnoreCase(smtpUrl);
        if (smtpUrl == null && !dryRun) {
            throw TidingsException.usage("no SMTP relay: give --smtp URL (or set TIDINGS_SMTP), or --smtp sandbox to rehearse");
        }
        String secret = parent.env(DigestInput.SECRET_VARIABLE);
        requireSecretForRealMail(digest, secret, sandbox);
        PreparedIssue issue = new IssueRenderer().prepare(digest, DigestInput.templates(digest, null, preload),
                DigestInput.unsubscribeLinks(digest, secret, err));
        MessageBuilder builder = new MessageBuilder(Clock.systemUTC());
        SendSummary summary = new SendSummary(spec.commandLine().getOut(), err, json, digest);
        if (dryRun) {
            SendProgress progress = ConsoleProgress.forTerminal(parent.terminal().interactive(), err, "Rendering");
            return summary.rehearsal(job(issue, builder, ledgerPath(), bounceFile(), false).rehearse(progress), skipInvalid);
        }
        if (sandbox) {
            return sendToSandbox(issue, builder, summary);
        }
        SmtpSettings settings = smtpSettings(smtpUrl);
        return send(issue, builder, new AngusSmtpConnector(settings), summary, ledgerPath(), bounceFile(), false);
    }

    private int sendToSandbox(PreparedIssue issue, MessageBuilder builder, SendSummary summary) {
        Path dir = Path.of("out", "sandbox");
        Path sandboxLedger = store.in(dir);
        discardQuietly(sandboxLedger);
        try (SmtpSandbox sandbox = SmtpSandbox.start(0)) {
            spec.commandLine().getErr().println("sandbox: an SMTP server inside tidings on 127.0.0.1:" + sandbox.port()
                    + "; nothing leaves this machine");
            MailConnector connector = new AngusSmtpConnector(sandbox.settings());
            int code = send(issue, builder, connector, summary, sandboxLedger, dir.resolve("suppressed.txt"), true);
            summary.sandboxMailboxes(dir, sandbox.saveTo(dir));
            return code;
        }
    }

    private int send(PreparedIssue issue, MessageBuilder builder, MailConnector connector, SendSummary summary,
                     Path ledgerFile, Path bounceFile, boolean throwawayLedger) {
        boolean interactive = parent.terminal().interactive();
        if (testTo != null) {
            List<Recipient> proofs = new ArrayList<>();
            testTo.forEach(address -> proofs.add(proofRecipient(address.strip())));
            SendResult result = SendJob.proof(issue, builder, connector, proofs, options(), ConsoleProgress.forTerminal(interactive, spec.commandLine().getErr()));
            return summary.proof(result, connector.describe());
        }
        SendJob job = job(issue, builder, ledgerFile, bounceFile, throwawayLedger);
        SendReport report = job.send(connector, survey -> confirm(survey, summary, connector.describe()),
                ConsoleProgress.forTerminal(interactive, spec.commandLine().getErr()));
        return report == null ? ExitStatus.OK.code() : summary.report(report);
    }

    /**
     * A proof may go to any address: the editor's own is rarely in the list. When the list has the
     * address, the proof is personalised as that subscriber; otherwise it is rendered for the address alone.
     */
    private Recipient proofRecipient(String address) {
        Subscriber found = subscribers == null ? null : SubscriberReader.find(subscribers, address);
        if (found != null) {
            return Recipient.of(found);
        }
        String problem = FieldChecks.bareAddressProblem(address);
        if (problem != null) {
            throw TidingsException.usage("--test-to '" + address + "' " + problem);
        }
        return Recipient.of(address);
    }

    /** Safe by default: the count and a question on a terminal; without one, only with --yes. */
    private boolean confirm(Survey survey, SendSummary summary, String relay) {
        summary.survey(survey, skipInvalid);
        if (survey.invalid() > 0 && !skipInvalid) {
            throw TidingsException.invalidInput(subscribers + ": " + survey.invalid() + " invalid row(s), listed above; nothing was sent."
                    + " Fix them, or add --skip-invalid to send to the valid rows");
        }
        if (survey.toSend() == 0 || yes) {
            return true;
        }
        Terminal terminal = parent.terminal();
        if (!terminal.interactive()) {
            throw TidingsException.usage("not sending without confirmation: there is no terminal to ask."
                    + " Add --yes to send from cron or a script (or --dry-run to rehearse)");
        }
        String answer = terminal.ask("Send \"" + summary.subject() + "\" to " + survey.toSend() + " subscriber(s) through " + relay + "? [y/N] ");
        if (answer == null || !answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
            spec.commandLine().getErr().println("not sent.");
            return false;
        }
        return true;
    }

    private SendJob job(PreparedIssue issue, MessageBuilder builder, Path ledgerFile, Path bounceFile, boolean throwawayLedger) {
        return new SendJob(issue, builder, store, Clock.systemUTC(),
                new SendJob.Settings(subscribers, ledgerFile, bounceFile, suppress, options(), throwawayLedger));
    }

    private SendOptions options() {
        return new SendOptions(connections, rate == null ? null : Rate.parse(rate), maxPerConnection, retries,
                Duration.ofMillis(retryDelayMillis), dailyLimit, resendUncertain, retryFailed,
                shard == null ? Shard.ALL : Shard.parse(shard)).clamped();
    }

    private void checkOptions() {
        if (subscribers == null && testTo == null) {
            throw TidingsException.usage("give --subscribers LIST.csv (or --test-to ADDR for a proof)");
        }
        if (dryRun && testTo != null) {
            throw TidingsException.usage("--dry-run and --test-to do not go together: a dry run sends nothing");
        }
        if (connections < 1 || connections > 32) {
            throw TidingsException.usage("--connections must be between 1 and 32");
        }
        atLeast("--retries", retries, 0);
        atLeast("--max-per-connection", maxPerConnection, 0);
        atLeast("--daily-limit", dailyLimit, 0);
        atLeast("--retry-delay", retryDelayMillis, 0);
        atLeast("--timeout", timeoutSeconds, 1);
        if (rate != null) {
            Rate.parse(rate);
        }
        if (shard != null) {
            Shard.parse(shard);
        }
    }

    private static void atLeast(String option, long value, long least) {
        if (value < least) {
            throw TidingsException.usage(option + " must be " + (least == 0 ? "0 or more" : "at least " + least) + ", not " + value);
        }
    }

    /** Real mail must carry real unsubscribe tokens: a placeholder would make every link fail. */
    private void requireSecretForRealMail(Digest digest, String secret, boolean sandbox) {
        String url = digest.newsletter().unsubscribe().url();
        if (secret == null && url != null && url.contains("{token}") && !sandbox && !dryRun) {
            throw TidingsException.invalidInput("the unsubscribe URL needs {token}, but " + DigestInput.SECRET_VARIABLE
                    + " is not set; set it to the secret your unsubscribe page verifies tokens with (nothing was sent)");
        }
        // The secret signs the URL's {token} and the mailto's subject; a rehearsal's links go nowhere.
        boolean signs = url != null && url.contains("{token}") || digest.newsletter().unsubscribe().mailto() != null;
        if (secret != null && signs && !sandbox && !dryRun) {
            DigestInput.requireStrongSecret(secret, "nothing was sent");
        }
    }

    private SmtpSettings smtpSettings(String url) {
        SmtpSettings settings = SmtpSettings.parse(url).withTimeout(Duration.ofSeconds(timeoutSeconds));
        String password = Secrets.password(passwordFile, parent.env("TIDINGS_SMTP_PASSWORD"));
        if (settings.user() != null && password == null) {
            throw TidingsException.usage("--smtp names the user " + settings.user()
                    + " but no password is given: set TIDINGS_SMTP_PASSWORD or use --password-file");
        }
        return password == null ? settings : settings.withPassword(new dev.tidings.mail.Secret(password));
    }

    private Path ledgerPath() {
        return ledger != null ? ledger : store.besideDigest(digestFile);
    }

    private Path bounceFile() {
        return besideDigest("suppressed.txt");
    }

    private Path besideDigest(String name) {
        Path dir = digestFile.toAbsolutePath().getParent();
        return dir.resolve(".tidings").resolve(name);
    }

    private void discardQuietly(Path ledgerFile) {
        try {
            store.discard(ledgerFile);
        } catch (java.io.IOException e) {
            String file = e instanceof java.nio.file.FileSystemException failed && failed.getFile() != null ? failed.getFile()
                    : ledgerFile.toString();
            throw TidingsException.invalidInput(file + ": cannot remove the previous sandbox ledger: " + e.getMessage());
        }
    }
}
