package dev.tidings.cli;

import dev.tidings.TidingsException;
import dev.tidings.digest.Digest;
import dev.tidings.digest.FieldChecks;
import dev.tidings.digest.Newsletter;
import dev.tidings.mail.dkim.DkimSetup;
import dev.tidings.mail.mime.MessageSigner;
import dev.tidings.mail.smtp.SmtpSettings;
import dev.tidings.render.TemplateSet;
import dev.tidings.serve.ReaderService;
import dev.tidings.serve.ServeServer;
import dev.tidings.serve.ServeSettings;
import dev.tidings.subscribers.ListJournal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code tidings serve}: the reader's side, signup with double opt-in and one-click unsubscribe (issue 19). */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        addMethodSubcommands = false, // see TidingsCommand
        description = {
                "Serve the reader's side of a newsletter over HTTP, behind a TLS reverse proxy: a signup form with double opt-in"
                        + " (a confirmation mail with a link), RFC 8058 one-click unsubscribe and an unsubscribe page with undo,"
                        + " the archive's files, and /healthz.",
                "Confirmed signups and unsubscribes are written to the subscriber list before they are acknowledged.",
                "TIDINGS_SECRET signs the links; the SMTP password comes from TIDINGS_SMTP_PASSWORD or --password-file."
        })
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    TidingsCommand parent;

    @Parameters(index = "0", paramLabel = "NEWSLETTER.yaml", description = "The newsletter settings file, or a digest (its newsletter: is used).")
    Path newsletterFile;

    @Option(names = "--subscribers", paramLabel = "LIST.csv", required = true, description = "The subscriber list that signups and unsubscribes change.")
    Path subscribers;

    @Mixin
    SmtpArguments relay = new SmtpArguments();

    @Option(names = "--public-url", paramLabel = "URL", description = "Where readers reach this server through the proxy, e.g."
            + " https://news.example.org (default: newsletter.public_url); links in mails are made from it.")
    String publicUrl;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "The address to listen on, for the proxy (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--site", paramLabel = "DIR", description = "Also serve these files: the output of tidings archive.")
    Path site;

    @Option(names = "--template", paramLabel = "DIR", description = "The theme for the pages and the confirmation mail"
            + " (serve/ in it; default: the digest's, else the default theme).")
    Path template;

    @Option(names = "--trusted-proxy", paramLabel = "ADDR", description = "Believe X-Forwarded-For from this proxy's IP address"
            + " (repeatable); from anyone else it is ignored.")
    List<String> trustedProxies = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        relay.check();
        String secret = parent.env(DigestInput.SECRET_VARIABLE);
        if (secret == null) {
            throw TidingsException.usage(DigestInput.SECRET_VARIABLE + " is not set: serve signs confirmation links and verifies"
                    + " unsubscribe links with it; make one with 'tidings secret' and give send the same");
        }
        DigestInput.requireStrongSecret(secret, "nothing was served");
        Digest digest = DigestInput.loadValidOrNewsletter(newsletterFile, err, parent.preload());
        String url = publicUrl(digest.newsletter());
        String[] hostPort = listenAddress();
        if (!Files.isRegularFile(subscribers)) {
            throw TidingsException.invalidInput(subscribers + ": subscriber list not found");
        }
        if (site != null && !Files.isDirectory(site)) {
            throw TidingsException.invalidInput(site + ": --site must be a folder (the output of tidings archive)");
        }
        String relayUrl = relay.relay(parent.env("TIDINGS_SMTP"));
        if (relayUrl == null || SendArguments.isSandbox(relayUrl)) {
            throw TidingsException.usage("give --smtp URL (or set TIDINGS_SMTP): the relay that sends confirmation mails");
        }
        SmtpSettings smtp = relay.settings(relayUrl, parent.env("TIDINGS_SMTP_PASSWORD"), digest.newsletter().from());
        TemplateSet theme = DigestInput.templates(digest, template, parent.preload());
        ServeSettings settings = new ServeSettings(digest.newsletter(), url, hostPort[0], Integer.parseInt(hostPort[1]), site,
                trusted(), ServeServer.Limits.DEFAULT);
        // The confirmation mails are signed as send signs the issues (newsletter.dkim); a key that cannot be used stops serve here.
        DkimSetup dkim = DkimSetup.of(digest, null, null);
        MessageSigner signer = dkim == null ? null : dkim.signer(Clock.systemUTC());
        if (dkim != null && dkim.exposure() != null) {
            log(err, "warning: " + dkim.exposure());
        }
        try (ListJournal journal = ListJournal.open(subscribers, ListJournal.Batching.DEFAULT,
                failure -> log(err, "could not apply the journal to " + subscribers + " (nothing is lost; tried again): " + failure.getMessage()));
             ReaderService service = ReaderService.start(settings, secret, theme, journal, relay.connector(smtp), signer, err)) {
            // SIGTERM (systemd stop) and Ctrl-C run shutdown hooks, not this thread's finally: stop
            // taking requests, then apply what the journal holds, so the list is current when serve
            // ends (nothing acknowledged would be lost without it: the next start applies it).
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.close();
                journal.close();
            }, "tidings-serve-stop"));
            out.println("serve: listening on http://" + hostPort[0] + ":" + service.port() + "/ for " + settings.publicUrl()
                    + " (Ctrl-C to stop)");
            out.flush();
            new CountDownLatch(1).await();
        }
        return 0;
    }

    private static void log(PrintWriter err, String line) {
        synchronized (err) {
            err.println("serve: " + line);
            err.flush();
        }
    }

    /**
     * --public-url, else newsletter.public_url: https, or http on a loopback host (a rehearsal on
     * this machine); links in mails are made from it, so it must be where readers reach us.
     */
    private String publicUrl(Newsletter newsletter) {
        String url = publicUrl != null ? publicUrl : newsletter.publicUrl();
        if (url == null) {
            throw TidingsException.usage("give --public-url https://... (or set newsletter.public_url): the address readers"
                    + " reach serve at, through its TLS proxy");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw TidingsException.usage("--public-url " + url + " is not a URL (" + e.getReason() + ")");
        }
        boolean loopbackHttp = "http".equals(uri.getScheme()) && uri.getHost() != null && Exposure.beyondLoopback(uri.getHost()) == null;
        if (!loopbackHttp && FieldChecks.webUrlProblem(url, true) != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw TidingsException.usage("--public-url must be an https URL without ?query or #fragment (http only on this"
                    + " machine's loopback), not " + url);
        }
        return url;
    }

    private String[] listenAddress() {
        int colon = listen.lastIndexOf(':');
        String host = colon <= 0 ? "" : listen.substring(0, colon).replace("[", "").replace("]", "");
        String port = colon < 0 ? "" : listen.substring(colon + 1);
        if (host.isEmpty() || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            throw TidingsException.usage("--listen must be HOST:PORT, e.g. 127.0.0.1:8080, not " + listen);
        }
        return new String[]{host, port};
    }

    private Set<InetAddress> trusted() {
        Set<InetAddress> addresses = new HashSet<>();
        for (String proxy : trustedProxies) {
            if (!proxy.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
                throw TidingsException.usage("--trusted-proxy must be an IP address, not " + proxy);
            }
            try {
                addresses.add(InetAddress.getByName(proxy));
            } catch (java.net.UnknownHostException e) {
                throw TidingsException.usage("--trusted-proxy must be an IP address, not " + proxy);
            }
        }
        return addresses;
    }
}
