package dev.tidings.cli;

import dev.tidings.TidingsException;
import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.preview.LivePreview;
import dev.tidings.preview.PreviewServer;
import dev.tidings.preview.PreviewSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code tidings preview}: the issue in a browser, re-rendered within a second of every save. */
@Command(name = "preview",
        mixinStandardHelpOptions = true,
        addMethodSubcommands = false, // see TidingsCommand
        description = {
                "Serve a live preview of the digest on http://127.0.0.1:PORT/: the HTML email at desktop and phone widths,"
                        + " in light and dark mode, the plain text, the raw .eml, the size against Gmail's 102 KB clipping,"
                        + " and the validation warnings. Saving the digest, a file it names or a template re-renders the page"
                        + " within about a second; errors show in the page until the file is fixed.",
                "Stop it with Ctrl-C."
        })
final class PreviewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    TidingsCommand parent;

    @Parameters(index = "0", paramLabel = "DIGEST.yaml", description = "The digest to preview.")
    Path digest;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8025", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Listen address (default: ${DEFAULT-VALUE}, this machine only). Other addresses expose the preview to the network.")
    String bind;

    @Option(names = "--open", description = "Open the preview in the system's browser.")
    boolean open;

    @Mixin
    RenderingOptions rendering = new RenderingOptions();

    @Option(names = "--subscribers", paramLabel = "LIST.csv", description = "Offer a switcher between the list's subscribers.")
    Path subscribers;

    @Option(names = "--as", paramLabel = "EMAIL", description = "Show the preview as this subscriber of --subscribers first.")
    String as;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(digest)) {
            throw TidingsException.invalidInput(digest + ": file not found");
        }
        if (as != null && subscribers == null) {
            throw TidingsException.usage("--as needs --subscribers LIST.csv");
        }
        if (as != null) {
            // As render does: an address that is not on the list is refused, not shown as the sample reader.
            RecipientLookup.find(as, subscribers);
        }
        String secret = parent.env(DigestInput.SECRET_VARIABLE);
        if (secret == null) {
            err.println("warning: " + DigestInput.SECRET_VARIABLE + " is not set; unsubscribe links carry a placeholder token");
        }
        LivePreview preview = new LivePreview(new PreviewSource(digest, rendering.template, subscribers, secret));
        preview.start();
        try (PreviewServer server = PreviewServer.start(preview, new MessageBuilder(Clock.systemUTC()), bind, port)) {
            String url = "http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + server.port() + "/"
                    + (as == null ? "" : "#as=" + as);
            warnIfExposed(err, server.port(), secret != null);
            out.println("preview: " + url + "  (re-renders on save; Ctrl-C to stop)");
            out.flush();
            if (open) {
                Browser.open(url, err);
            }
            new CountDownLatch(1).await();
        } finally {
            preview.close();
        }
        return 0;
    }

    /** Before the address is announced: what anyone on the network could read, in plain words. */
    private void warnIfExposed(PrintWriter err, int boundPort, boolean realTokens) {
        String where = Exposure.beyondLoopback(bind);
        if (where == null) {
            return;
        }
        StringBuilder what = new StringBuilder("the issue");
        if (subscribers != null) {
            what.append(", the subscriber list (").append(subscribers).append(": names and addresses)");
            if (realTokens) {
                what.append(" and each subscriber's unsubscribe link with its real token, which unsubscribes them");
            }
        }
        err.println("warning: the preview listens on " + where + ": anyone who can reach port " + boundPort + " can see " + what
                + "; leave out --bind to keep it on this machine");
        err.flush();
    }
}
