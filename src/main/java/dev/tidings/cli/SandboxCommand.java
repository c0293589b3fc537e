package dev.tidings.cli;

import dev.tidings.mail.smtp.SmtpSandbox;
import dev.tidings.preview.SandboxServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code tidings sandbox}: a local SMTP catcher with a web inbox, to rehearse a whole send. */
@Command(name = "sandbox",
        mixinStandardHelpOptions = true,
        addMethodSubcommands = false, // see TidingsCommand
        description = {
                "Run a local SMTP server that accepts every message and keeps it (nothing is delivered), and a web page"
                        + " that lists what arrived and shows each message as HTML, text and source; /api/messages lists them as JSON.",
                "Rehearse a send with: tidings send DIGEST.yaml --subscribers LIST.csv --smtp smtp://127.0.0.1:2525 --yes"
                        + " (the sandbox says in its greeting that it is a catcher, so that send is recorded in a throwaway"
                        + " ledger, not as deliveries of the issue).",
                "Stop it with Ctrl-C."
        })
final class SandboxCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--smtp-port", paramLabel = "PORT", defaultValue = "2525", description = "SMTP port (default: ${DEFAULT-VALUE}).")
    int smtpPort;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8026", description = "Web inbox port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Web inbox address (default: ${DEFAULT-VALUE}, this machine only). Other addresses let anyone who can reach them read every caught message.")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (SmtpSandbox smtp = SmtpSandbox.start(smtpPort);
             SandboxServer web = SandboxServer.start(smtp::received, bind, httpPort)) {
            String where = Exposure.beyondLoopback(bind);
            if (where != null) {
                err.println("warning: the inbox listens on " + where + ": anyone who can reach port " + web.port()
                        + " can read every message the sandbox catches, with its addresses and unsubscribe links; leave out --bind"
                        + " to keep it on this machine");
                err.flush();
            }
            out.println("sandbox: SMTP on smtp://127.0.0.1:" + smtp.port() + ", inbox on http://" + bind + ":" + web.port() + "/  (Ctrl-C to stop)");
            out.println("try: tidings send DIGEST.yaml --subscribers LIST.csv --smtp smtp://127.0.0.1:" + smtp.port() + " --yes"
                    + "  (a rehearsal: not recorded as deliveries of the issue)");
            out.flush();
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
