package dev.tidings.cli;

import dev.tidings.TidingsException;
import dev.tidings.cli.console.ConsoleProgress;
import dev.tidings.cli.console.LogLines;
import dev.tidings.cli.console.SendSummary;
import dev.tidings.cli.console.Terminal;
import dev.tidings.digest.Digest;
import dev.tidings.digest.load.LoadedDigest;
import dev.tidings.mail.LedgerStore;
import dev.tidings.mail.MailCatchers;
import dev.tidings.mail.MailConnection;
import dev.tidings.mail.MailConnector;
import dev.tidings.mail.loop.PlaceholderTokens;
import dev.tidings.mail.loop.Proof;
import dev.tidings.mail.loop.SendJob;
import dev.tidings.mail.SendOptions;
import dev.tidings.mail.SendProgress;
import dev.tidings.mail.SendReport;
import dev.tidings.mail.SmtpFailure;
import dev.tidings.mail.Survey;
import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.mail.smtp.AngusSmtpConnector;
import dev.tidings.mail.smtp.SmtpSettings;
import dev.tidings.mail.smtp.SmtpSandbox;
import dev.tidings.render.IssueRenderer;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.UnsubscribeLinks;
import dev.tidings.startup.Preload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
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

    @Mixin
    SendArguments args;

    @Mixin
    RenderingOptions rendering = new RenderingOptions();

    @Option(names = "--dkim-selector", paramLabel = "SELECTOR",
            description = "Sign with DKIM under this selector, instead of newsletter.dkim.selector.")
    String dkimSelector;

    @Option(names = "--dkim-key", paramLabel = "FILE",
            description = "Sign with DKIM with this private key (PEM), instead of newsletter.dkim.key_file.")
    Path dkimKey;

    /** Where ledgers are kept: SQLite files. */

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        SendOptions settings = args.settings(ledgerPath(), bounceFile(), false);
        Preload preload = parent.preload();
        LoadedDigest loaded = DigestInput.loadChecked(digestFile, err, preload, false);
        Digest digest = loaded.valid();
        String relay = args.relay(parent.env("TIDINGS_SMTP"));
        if (relay == null && !args.dryRun) {
            throw TidingsException.usage("no SMTP relay: give --smtp URL (or set TIDINGS_SMTP), or --smtp sandbox to rehearse");
        }
        boolean sandbox = SendArguments.isSandbox(relay);
        if (!args.dryRun && args.testTo == null && !sandbox) {
            DigestInput.refuseDrafts(loaded, "nothing was sent (a proof with --test-to, or --dry-run, may still have it)");
        }
        String secret = parent.env(DigestInput.SECRET_VARIABLE);
        if (!sandbox && !args.dryRun) {
            DigestInput.requireStrongSecretForRealMail(digest, secret);
        }
        UnsubscribeLinks links = DigestInput.unsubscribeLinks(digest, secret, err);
        PreparedIssue issue = new IssueRenderer().prepare(digest, DigestInput.templates(digest, rendering.template, preload), links);
        MessageBuilder builder = DigestInput.messageBuilder(digest, dkimSelector, dkimKey,
                args.dryRun ? null : DigestInput.bounceTokens(digest, secret), err);
        // Under cron the summary goes to a log: its lines carry the time (JSON is for scripts and stays as it is).
        SendSummary summary = new SendSummary(args.json ? spec.commandLine().getOut()
                : LogLines.of(spec.commandLine().getOut(), parent.terminal().interactive(), Clock.systemUTC()), err, args.json, digest,
                settings.list(), settings.bounceFile());
        if (args.dryRun) {
            SendReport report = new SendJob(issue, builder, parent.ledgers(), Clock.systemUTC(), settings).rehearse(progress("Rendering"));
            summary.dryRun(report, args.skipInvalid);
            return report.status().code();
        }
        if (sandbox) {
            return sendToSandbox(issue, builder, summary, settings).status().code();
        }
        SmtpSettings smtp = args.smtpSettings(relay, parent.env("TIDINGS_SMTP_PASSWORD"), digest.newsletter().from());
        AngusSmtpConnector connector = args.relay.connector(smtp);
        if (links.tokensArePlaceholders()) {
            refuseUnlessMailCatcher(connector);
        }
        return send(issue, builder, connector, summary, settings).status().code();
    }

    /**
     * Without TIDINGS_SECRET the links carry placeholder tokens: a rehearsal through a mail catcher
     * ({@code tidings sandbox} started separately, Mailpit) may have them, real mail may not. One
     * look at the relay's greeting, before the ledger is opened, says which (issue 18: the README's
     * sandbox example failed for want of a secret its links never needed).
     */
    private static void refuseUnlessMailCatcher(MailConnector connector) {
        try (MailConnection probe = connector.open()) {
            if (MailCatchers.recognise(probe.greeting()) == null) {
                throw TidingsException.invalidInput(PlaceholderTokens.refusal(connector.describe()));
            }
        } catch (SmtpFailure unreachable) {
            // The send reports an unreachable relay as it always does, and checks its own connection again.
        }
    }

    private SendReport sendToSandbox(PreparedIssue issue, MessageBuilder builder, SendSummary summary, SendOptions settings) {
        Path dir = Path.of("out", "sandbox");
        Path sandboxLedger = parent.ledgers().in(dir);
        discardQuietly(sandboxLedger);
        try (SmtpSandbox sandbox = SmtpSandbox.start(0)) {
            spec.commandLine().getErr().println("sandbox: an SMTP server inside tidings on 127.0.0.1:" + sandbox.port()
                    + "; nothing leaves this machine");
            MailConnector connector = new AngusSmtpConnector(sandbox.settings());
            SendReport report = send(issue, builder, connector, summary,
                    settings.inThrowawayLedger(sandboxLedger, dir.resolve("suppressed.txt")));
            summary.sandboxMailboxes(dir, sandbox.saveTo(dir));
            return report;
        }
    }

    private SendReport send(PreparedIssue issue, MessageBuilder builder, MailConnector connector, SendSummary summary,
                            SendOptions settings) {
        if (args.testTo != null) {
            SendReport proof = Proof.send(issue, builder, connector, args.testTo, settings, progress("Sending"));
            summary.proof(proof, connector.describe());
            return proof;
        }
        SendReport report = new SendJob(issue, builder, parent.ledgers(), Clock.systemUTC(), settings).send(connector,
                survey -> summary.survey(survey, args.skipInvalid), survey -> confirm(survey, summary, connector.describe()),
                progress("Sending"));
        if (report.kind() == SendReport.Kind.SEND) {
            summary.report(report);
        }
        return report;
    }

    /** Safe by default: the count and a question on a terminal; without one, only with --yes. */
    private boolean confirm(Survey survey, SendSummary summary, String relay) {
        if (survey.toSend() == 0 || args.yes) {
            return true;
        }
        Terminal terminal = parent.terminal();
        if (!terminal.interactive()) {
            throw TidingsException.usage("not sending without confirmation: there is no terminal to ask."
                    + " Add --yes to send from cron or a script (or --dry-run to rehearse)");
        }
        String answer = terminal.ask("Send \"" + summary.subject() + "\" to " + survey.toSend() + " subscriber(s) through " + relay + "? [y/N] ");
        if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
            spec.commandLine().getErr().println("not sent.");
            return false;
        }
        return true;
    }

    private SendProgress progress(String task) {
        boolean interactive = parent.terminal().interactive();
        return ConsoleProgress.forTerminal(interactive, LogLines.of(spec.commandLine().getErr(), interactive, Clock.systemUTC()), task);
    }

    private Path ledgerPath() {
        return args.ledger != null ? args.ledger : parent.ledgers().besideDigest(digestFile);
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
            parent.ledgers().discard(ledgerFile);
        } catch (java.io.IOException e) {
            String file = e instanceof java.nio.file.FileSystemException failed && failed.getFile() != null ? failed.getFile()
                    : ledgerFile.toString();
            throw TidingsException.invalidInput(file + ": cannot remove the previous sandbox ledger: " + e.getMessage());
        }
    }
}
