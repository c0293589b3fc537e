package dev.tidings.cli;

import dev.tidings.TidingsException;
import dev.tidings.cli.console.SendSummary;
import dev.tidings.digest.Digest;
import dev.tidings.mail.LedgerStore;
import dev.tidings.mail.loop.SendJob;
import dev.tidings.mail.SendReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code tidings status}: where an issue's send stands, from the ledger alone. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        addMethodSubcommands = false, // see TidingsCommand
        description = "Show an issue's deliveries from the send ledger: counts per state, permanent failures with their"
                + " SMTP replies, and recipients left uncertain by a crash.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    TidingsCommand parent;

    @Parameters(index = "0", paramLabel = "DIGEST.yaml", description = "The digest whose issue to show.")
    Path digestFile;

    @Option(names = "--ledger", paramLabel = "PATH", description = "The send ledger (default: .tidings/ledger.db beside the digest).")
    Path ledger;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Digest digest = DigestInput.loadValid(digestFile, spec.commandLine().getErr());
        LedgerStore store = parent.ledgers();
        Path file = ledger != null ? ledger : store.besideDigest(digestFile);
        if (!store.exists(file)) {
            throw TidingsException.invalidInput(file + ": no send ledger yet (nothing has been sent with it); see --ledger");
        }
        SendReport report = SendJob.status(store, file, digest.issue().id(), Clock.systemUTC());
        new SendSummary(spec.commandLine().getOut(), spec.commandLine().getErr(), json, digest).status(report, file);
        return report.status().code();
    }
}
