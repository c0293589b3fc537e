package dev.tidings.preview;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import freemarker.core.HTMLOutputFormat;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web side of {@code tidings sandbox}: what the local SMTP catcher received, for people and
 * for scripts. Fixed routes only; nothing is served from the file system.
 * <pre>
 * /                      the inbox: from, to, subject, time; refreshes itself
 * /messages/N            one message: HTML in a frame, plain text, raw source
 * /messages/N.html|.txt|.eml   its parts
 * /api/messages          JSON list, the newest first; /api/messages/N  one message with its text and HTML
 * </pre>
 * Whatever reaches the SMTP port is shown here, and a web page can make a browser send a message
 * there: each message's HTML is served under {@link Csp#MAIL}, so no script in it runs, in the
 * frame of its page or opened alone, and it cannot read the inbox. The server is a
 * {@link LocalServer}, with its limits and its Host check.
 */
public final class SandboxServer implements AutoCloseable {
    private static final Pattern MESSAGE = Pattern.compile("/messages/(\\d{1,9})(\\.html|\\.txt|\\.eml)?");
    private static final Pattern API_MESSAGE = Pattern.compile("/api/messages/(\\d{1,9})");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SandboxInbox inbox;
    private final LocalServer server;

    private SandboxServer(SandboxInbox inbox, String bind, int port, LocalServer.Limits limits) {
        this.inbox = inbox;
        this.server = LocalServer.start("sandbox", bind, port, limits, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                route(request, response, callback);
                return true;
            }
        }, "is another sandbox running? Choose another with --http-port");
    }

    public static SandboxServer start(Supplier<List<MimeMessage>> messages, String bind, int port) {
        return start(messages, bind, port, LocalServer.Limits.DEFAULT);
    }

    static SandboxServer start(Supplier<List<MimeMessage>> messages, String bind, int port, LocalServer.Limits limits) {
        return new SandboxServer(new SandboxInbox(messages), bind, port, limits);
    }

    public int port() {
        return server.port();
    }

    private void route(Request request, Response response, Callback callback) {
        try {
            String path = Http.path(request);
            Matcher message = MESSAGE.matcher(path);
            Matcher apiMessage = API_MESSAGE.matcher(path);
            if (path.equals("/")) {
                Http.page(request, response, callback, 200, SandboxPages.CSP, SandboxPages.inbox(inbox.list()));
            } else if (path.equals("/api/messages")) {
                Http.send(request, response, callback, 200, "application/json", json(listJson()));
            } else if (apiMessage.matches()) {
                messageJson(request, response, callback, Integer.parseInt(apiMessage.group(1)));
            } else if (message.matches()) {
                message(request, response, callback, Integer.parseInt(message.group(1)), message.group(2));
            } else {
                Http.send(request, response, callback, 404, "text/plain", "not found\n");
            }
        } catch (RuntimeException e) {
            if (response.isCommitted()) {
                callback.failed(e);
            } else {
                Http.send(request, response, callback, 500, "text/plain", "tidings sandbox: " + e + "\n");
            }
        }
    }

    private void message(Request request, Response response, Callback callback, int id, String suffix) {
        MimeMessage message = inbox.get(id);
        if (message == null) {
            Http.send(request, response, callback, 404, "text/plain", "no message " + id + "\n");
            return;
        }
        if (suffix == null) {
            Http.page(request, response, callback, 200, SandboxPages.CSP, SandboxPages.message(inbox.entry(id, message),
                    SandboxInbox.part(message, "text/plain"), new String(SandboxInbox.raw(message), StandardCharsets.UTF_8)));
        } else if (suffix.equals(".html")) {
            String html = SandboxInbox.part(message, "text/html");
            if (html == null) {
                Http.send(request, response, callback, 404, "text/plain", "no HTML part\n");
            } else {
                Http.page(request, response, callback, 200, Csp.MAIL, html);
            }
        } else if (suffix.equals(".txt")) {
            String text = SandboxInbox.part(message, "text/plain");
            Http.send(request, response, callback, text == null ? 404 : 200, "text/plain", text == null ? "no plaintext part\n" : text);
        } else {
            response.getHeaders().put("Content-Disposition", "attachment; filename=\"message-" + id + ".eml\"");
            Http.send(request, response, callback, 200, "message/rfc822", new String(SandboxInbox.raw(message), StandardCharsets.UTF_8));
        }
    }

    private void messageJson(Request request, Response response, Callback callback, int id) {
        MimeMessage message = inbox.get(id);
        if (message == null) {
            Http.send(request, response, callback, 404, "application/json", "{\"error\":\"no message " + id + "\"}");
            return;
        }
        ObjectNode node = entryJson(inbox.entry(id, message));
        node.put("text", SandboxInbox.part(message, "text/plain"));
        node.put("html", SandboxInbox.part(message, "text/html"));
        Http.send(request, response, callback, 200, "application/json", json(node));
    }

    private ArrayNode listJson() {
        ArrayNode array = MAPPER.createArrayNode();
        inbox.list().forEach(entry -> array.add(entryJson(entry)));
        return array;
    }

    private static ObjectNode entryJson(SandboxInbox.Entry entry) {
        return MAPPER.createObjectNode()
                .put("id", entry.id())
                .put("from", entry.from())
                .put("to", entry.to())
                .put("subject", entry.subject())
                .put("date", entry.date() == null ? null : entry.date().toString())
                .put("size", entry.size());
    }

    private static String json(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static String escape(String text) {
        return HTMLOutputFormat.INSTANCE.escapePlainText(text == null ? "" : text);
    }

    @Override
    public void close() {
        server.close();
    }
}
