package dev.tidings.preview;

import dev.tidings.render.CompleteMessage;
import dev.tidings.render.OutputFiles;
import dev.tidings.render.Recipient;
import dev.tidings.render.RenderedEmail;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The preview's HTTP server ({@link LocalServer}), on loopback unless told otherwise. It serves
 * a fixed set of routes and nothing from the file system, so no path can reach a file:
 * <pre>
 * /             the preview page
 * /email.html   the HTML email (?as=EMAIL, ?dark=1 emulates a dark-mode client)
 * /email.txt    the plaintext email
 * /email.eml    the complete message, as a download
 * /api/state    JSON: subject, preheader, size, problems, recipients, version
 * /events       server-sent events: "reload" whenever the rendering changes
 * </pre>
 * The email's HTML comes from the theme, which may carry a script: it is served under
 * {@link Csp#MAIL}, so nothing in it runs, framed or opened alone, and it cannot read the rest.
 */
public final class PreviewServer implements AutoCloseable {
    private final LivePreview preview;
    private final PreviewEvents events;
    private final LocalServer server;
    private final OutputFiles eml;

    private PreviewServer(LivePreview preview, CompleteMessage message, String bind, int port, LocalServer.Limits limits) {
        this.preview = preview;
        this.eml = new OutputFiles(message);
        this.events = new PreviewEvents(preview);
        try {
            this.server = LocalServer.start("preview", bind, port, limits, new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    route(request, response, callback);
                    return true;
                }
            }, "is another preview running? Choose another with --port");
        } catch (RuntimeException e) {
            events.close();
            throw e;
        }
    }

    /** {@code message} makes the .eml of /email.eml (the command passes mail/mime's builder). */
    public static PreviewServer start(LivePreview preview, CompleteMessage message, String bind, int port) {
        return start(preview, message, bind, port, LocalServer.Limits.DEFAULT);
    }

    static PreviewServer start(LivePreview preview, CompleteMessage message, String bind, int port, LocalServer.Limits limits) {
        return new PreviewServer(preview, message, bind, port, limits);
    }

    public int port() {
        return server.port();
    }

    private void route(Request request, Response response, Callback callback) {
        try {
            switch (Http.path(request)) {
                case "/" -> Http.page(request, response, callback, 200, PreviewPage.CSP, PreviewPage.html(preview.source().digest().toString()));
                case "/email.html" -> email(request, response, callback, "html");
                case "/email.txt" -> email(request, response, callback, "txt");
                case "/email.eml" -> email(request, response, callback, "eml");
                case "/api/state" -> Http.send(request, response, callback, 200, "application/json",
                        PreviewJson.state(preview.current(), Http.query(request, "as")));
                case "/events" -> events.open(request, response, callback);
                default -> Http.send(request, response, callback, 404, "text/plain", "not found\n");
            }
        } catch (RuntimeException e) {
            // The page must stay up whatever one request hits; the problem shows in the response.
            if (response.isCommitted()) {
                callback.failed(e);
            } else {
                Http.send(request, response, callback, 500, "text/plain", "tidings preview: " + e + "\n");
            }
        }
    }

    private void email(Request request, Response response, Callback callback, String kind) {
        Snapshot snapshot = preview.current();
        if (!snapshot.ok()) {
            Http.send(request, response, callback, 409, "text/plain", "the digest has errors; see the preview page\n");
            return;
        }
        Recipient recipient = recipient(snapshot, Http.query(request, "as"));
        RenderedEmail email = snapshot.issue().renderOne(recipient);
        switch (kind) {
            case "html" -> Http.page(request, response, callback, 200, Csp.MAIL,
                    PreviewHtml.forFrame(email.html(), "1".equals(Http.query(request, "dark"))));
            case "txt" -> Http.send(request, response, callback, 200, "text/plain", email.text());
            default -> {
                response.getHeaders().put("Content-Disposition",
                        "attachment; filename=\"" + snapshot.issue().digest().issue().id() + ".eml\"");
                Http.send(request, response, callback, 200, "message/rfc822", eml.emlText(snapshot.issue().digest(), email));
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

    @Override
    public void close() {
        server.close();
        events.close();
    }
}
