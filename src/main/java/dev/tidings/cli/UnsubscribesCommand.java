package dev.tidings.cli;

import dev.tidings.TidingsException;
import dev.tidings.cli.console.SweepSummary;
import dev.tidings.subscribers.SubscriberReader;
import dev.tidings.inbox.ImapMailbox;
import dev.tidings.inbox.ImapSettings;
import dev.tidings.mail.smtp.PrivateCa;
import dev.tidings.mail.Ledger;
import dev.tidings.inbox.MailboxSweep;
import dev.tidings.mail.Secret;
import dev.tidings.inbox.SweepReport;
import dev.tidings.render.BounceToken;
import dev.tidings.render.UnsubscribeToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code tidings unsubscribes}: the mailbox of unsubscribe requests and bounce reports, applied to the list. */
@Command(name = "unsubscribes",
        mixinStandardHelpOptions = true,
        addMethodSubcommands = false, // see TidingsCommand
        description = {
                "Read the mailbox that unsubscribe requests and bounce reports arrive in, and update the subscriber list:"
                        + " a request with a valid token (the mailto link of an issue), or a reply saying unsubscribe whose sender"
                        + " the receiving server authenticated (DKIM, SPF or DMARC pass), marks its subscriber unsubscribed;"
                        + " a delivery report that returns a message the send ledger records, of a permanent failure of the address"
                        + " (5.1.x), marks that message's recipient bounced; so does a bounce sent to a bounce address with a valid"
                        + " token (newsletter.bounce_address: bounces+{token}@...), even when the report is mangled or names"
                        + " the address the recipient forwards to.",
                "What it cannot vouch for is reported and left unread for the editor. Processed mails are marked \\Seen and "
                        + ImapMailbox.PROCESSED + ", so running it again (from cron) counts nothing twice; other mails are left unread.",
                "The IMAP password comes from TIDINGS_IMAP_PASSWORD or --password-file, never from the command line."
        })
final class UnsubscribesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    TidingsCommand parent;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Also trust the certificate authority in this PEM file for TLS"
            + " (your own CA); the JDK's CAs stay trusted.")
    Path caFile;

    @Option(names = "--imap", paramLabel = "URL", description = {"imaps://user@host[:993]/FOLDER, or imap://user@host[:143]/FOLDER"
            + " with STARTTLS (required unless the host is loopback). The folder defaults to INBOX.",
            "Default: the TIDINGS_IMAP environment variable."})
    String imap;

    @Option(names = "--subscribers", paramLabel = "LIST.csv",
            description = "The list to update (its previous version is kept as LIST.csv.bak). Without it, only report.")
    Path subscribers;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the IMAP password from this file (else TIDINGS_IMAP_PASSWORD).")
    Path passwordFile;

    @Option(names = "--dry-run", description = "Report what the mails ask for and what would change; change nothing, mark nothing.")
    boolean dryRun;

    @Option(names = "--ledger", paramLabel = "PATH", description = {"The send ledger, to tell reports of messages tidings sent from"
            + " others: send keeps it at .tidings/ledger.db beside the digest. Without it, bounces are left for a run with it."})
    Path ledger;

    @Option(names = "--authserv-id", paramLabel = "ID", description = {"Believe only the Authentication-Results fields of this"
            + " receiving server (the first word of the fields it adds, e.g. mx.google.com); may be repeated."
            + " Default: the topmost field."})
    List<String> authservIds = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Time for each IMAP command to be answered, and for connecting with logging in (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() {
        if (timeoutSeconds < 1) {
            throw TidingsException.usage("--timeout is at least 1");
        }
        String url = imap != null ? imap : parent.env("TIDINGS_IMAP");
        if (url == null) {
            throw TidingsException.usage("no mailbox: give --imap imaps://user@host/INBOX (or set TIDINGS_IMAP)");
        }
        ImapSettings settings = ImapSettings.parse(url).withTimeout(Duration.ofSeconds(timeoutSeconds));
        String password = Secrets.password(passwordFile, parent.env("TIDINGS_IMAP_PASSWORD"));
        if (password == null) {
            throw TidingsException.usage("--imap names the user " + settings.user()
                    + " but no password is given: set TIDINGS_IMAP_PASSWORD or use --password-file");
        }
        if (subscribers != null) {
            new SubscriberReader(subscribers).close(); // a missing or headless list stops the run before the mailbox is read
        }
        if (ledger != null && !Files.isRegularFile(ledger)) {
            throw TidingsException.invalidInput(ledger + ": no send ledger here (send keeps it at .tidings/ledger.db beside the digest);"
                    + " check --ledger");
        }
        String secret = parent.env(DigestInput.SECRET_VARIABLE);
        UnsubscribeToken tokens = secret == null ? null : UnsubscribeToken.withSecret(secret);
        try (Ledger sent = ledger == null ? null : parent.ledgers().open(ledger, Clock.systemUTC());
             ImapMailbox mailbox = caFile == null ? ImapMailbox.open(settings.withPassword(new Secret(password)))
                     : ImapMailbox.open(settings.withPassword(new Secret(password)), PrivateCa.socketFactory(caFile))) {
            MailboxSweep sweep = new MailboxSweep(subscribers, new MailboxSweep.Trust(tokens, sent, Set.copyOf(authservIds),
                    secret == null ? null : BounceToken.withSecret(secret)), dryRun);
            SweepReport report = sweep.run(mailbox);
            new SweepSummary(spec.commandLine().getOut(), spec.commandLine().getErr()).print(report, secret != null);
        }
        return 0;
    }
}
