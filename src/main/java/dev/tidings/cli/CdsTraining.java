package dev.tidings.cli;

import dev.tidings.mail.ledger.SqliteLedgerStore;
import dev.tidings.mail.smtp.SmtpSandbox;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The training run for tidings' class-data-sharing archive (AppCDS), which {@code make} builds:
 * one JVM runs validate, render and a send to a local SMTP server, so that every class those
 * commands load is archived, and later runs map them instead of loading and verifying them.
 * Writes only below the directory it is given.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    /** args: the sample digest, the sample list, a scratch directory. */
    public static void main(String[] args) throws Exception {
        Path scratch = Path.of(args[2]);
        Files.createDirectories(scratch);
        // A send to an SMTP URL is a real send, which wants a secret of 32 characters or more.
        Map<String, String> env = Map.of("TIDINGS_SECRET", "cds-training-secret-signing-no-real-link");
        StringWriter sink = new StringWriter();
        PrintWriter out = new PrintWriter(sink);
        int failures = 0;
        // through the real entry point (the process's environment, its terminal), as a validate from the shell runs
        failures += dev.tidings.Main.run(out, out, "validate", args[0], "--subscribers", args[1]) == 0 ? 0 : 1;
        failures += TidingsCli.run(out, out, env, "render", args[0], "-o", scratch.toString()) == 0 ? 0 : 1;
        // A fresh ledger: with the last build's, every subscriber is already sent, no connection is
        // opened, and the archive silently lacks the SMTP and socket classes.
        SqliteLedgerStore store = new SqliteLedgerStore();
        Path ledger = store.in(scratch);
        store.discard(ledger);
        try (SmtpSandbox smtp = SmtpSandbox.start(0)) {
            failures += TidingsCli.run(out, out, env, "send", args[0], "--subscribers", args[1],
                    "--smtp", "smtp://127.0.0.1:" + smtp.port(), "--ledger", ledger.toString(),
                    "--connections", "2", "--yes") == 0 ? 0 : 1;
            if (smtp.received().isEmpty()) {
                out.println("cds training: the send delivered nothing");
                failures++;
            }
        }
        failures += TidingsCli.run(out, out, env, "send", args[0], "--subscribers", args[1], "--dry-run") == 0 ? 0 : 1;
        if (failures > 0) {
            System.err.print(sink);
            System.exit(1);
        }
    }
}
