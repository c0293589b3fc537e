package dev.tidings.preview;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tidings.TidingsException;
import dev.tidings.mail.MessageBuilder;
import dev.tidings.mail.OutputFiles;
import dev.tidings.render.Recipient;
import dev.tidings.render.RenderedEmail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The preview's HTTP server (the JDK's built-in one), on loopback unless told otherwise. It serves
 * a fixed set of routes and nothing from the file system, so no path can reach a file:
 * <pre>
 * /             the preview page
 * /email.html   the HTML email (?as=EMAIL, ?dark=1 emulates a dark-mode client)
 * /email.txt    the plaintext email
 * /email.eml    the complete message, as a download
 * /api/state    JSON: subject, preheader, size, problems, recipients, version
 * /events       server-sent events: "reload" whenever the rendering changes
 * </pre>
 */
public final class PreviewServer implements AutoCloseable {
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);

    private final LivePreview preview;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tidings-preview-http");
        thread.setDaemon(true);
        return thread;
    });
    private final OutputFiles eml = new OutputFiles(new MessageBuilder(Clock.systemUTC()));

    private PreviewServer(LivePreview preview, HttpServer server) {
        this.preview = preview;
        this.server = server;
    }

    public static PreviewServer start(LivePreview preview, String bind, int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 64);
        } catch (BindException e) {
            throw TidingsException.usage("cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                    + "); is another preview running? Choose another with --port");
        } catch (IOException e) {
            throw TidingsException.usage("cannot listen on " + bind + ":" + port + ": " + e.getMessage());
        }
        PreviewServer preview1 = new PreviewServer(preview, server);
        server.createContext("/", preview1::handle);
        server.setExecutor(preview1.executor);
        server.start();
        return preview1;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                Http.send(exchange, 405, "text/plain", "method not allowed\n");
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            switch (path) {
                case "/" -> Http.send(exchange, 200, "text/html", PreviewPage.html(preview.source().digest().toString()));
                case "/email.html" -> email(exchange, "html");
                case "/email.txt" -> email(exchange, "txt");
                case "/email.eml" -> email(exchange, "eml");
                case "/api/state" -> Http.send(exchange, 200, "application/json", PreviewJson.state(preview.current(), Http.query(exchange, "as")));
                case "/events" -> events(exchange);
                default -> Http.send(exchange, 404, "text/plain", "not found\n");
            }
        } catch (RuntimeException e) {
            // The page must stay up whatever one request hits; the problem shows in the response.
            Http.send(exchange, 500, "text/plain", "tidings preview: " + e + "\n");
        }
    }

    private void email(HttpExchange exchange, String kind) throws IOException {
        Snapshot snapshot = preview.current();
        if (!snapshot.ok()) {
            Http.send(exchange, 409, "text/plain", "the digest has errors; see the preview page\n");
            return;
        }
        Recipient recipient = recipient(snapshot, Http.query(exchange, "as"));
        RenderedEmail email = snapshot.issue().renderOne(recipient);
        switch (kind) {
            case "html" -> Http.send(exchange, 200, "text/html",
                    PreviewHtml.forFrame(email.html(), "1".equals(Http.query(exchange, "dark"))));
            case "txt" -> Http.send(exchange, 200, "text/plain", email.text());
            default -> {
                exchange.getResponseHeaders().set("Content-Disposition",
                        "attachment; filename=\"" + snapshot.issue().digest().issue().id() + ".eml\"");
                Http.send(exchange, 200, "message/rfc822", eml.emlText(snapshot.issue().digest(), email));
            }
        }
    }

    private static Recipient recipient(Snapshot snapshot, String email) {
        if (email == null || email.isBlank()) {
            return snapshot.recipients().isEmpty() ? Recipient.sample() : snapshot.recipients().get(0);
        }
        return snapshot.recipients().stream().filter(r -> r.email().equalsIgnoreCase(email)).findFirst()
                .orElse(Recipient.sample());
    }

    /** Server-sent events: one "reload" per new rendering, a comment now and then to keep proxies from closing it. */
    private void events(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        long seen = preview.current().version();
        body.write(("retry: 500\nevent: hello\ndata: " + seen + "\n\n").getBytes(StandardCharsets.UTF_8));
        body.flush();
        try {
            while (true) {
                long now = preview.awaitNewerThan(seen, KEEPALIVE);
                String message = now > seen ? "event: reload\ndata: " + now + "\n\n" : ": keepalive\n\n";
                seen = now;
                body.write(message.getBytes(StandardCharsets.UTF_8));
                body.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the browser went away
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
