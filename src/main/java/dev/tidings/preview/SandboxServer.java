package dev.tidings.preview;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tidings.TidingsException;
import freemarker.core.HTMLOutputFormat;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * /api/messages          JSON list; /api/messages/N  one message with its text and HTML
 * </pre>
 */
public final class SandboxServer implements AutoCloseable {
    private static final Pattern MESSAGE = Pattern.compile("/messages/(\\d{1,9})(\\.html|\\.txt|\\.eml)?");
    private static final Pattern API_MESSAGE = Pattern.compile("/api/messages/(\\d{1,9})");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final SandboxInbox inbox;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "tidings-sandbox-http");
        thread.setDaemon(true);
        return thread;
    });

    private SandboxServer(HttpServer server, SandboxInbox inbox) {
        this.server = server;
        this.inbox = inbox;
    }

    public static SandboxServer start(Supplier<List<MimeMessage>> messages, String bind, int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 64);
        } catch (BindException e) {
            throw TidingsException.usage("cannot listen on " + bind + ":" + port + " (" + e.getMessage() + "); choose another with --http-port");
        } catch (IOException e) {
            throw TidingsException.usage("cannot listen on " + bind + ":" + port + ": " + e.getMessage());
        }
        SandboxServer sandbox = new SandboxServer(server, new SandboxInbox(messages));
        server.createContext("/", sandbox::handle);
        server.setExecutor(sandbox.executor);
        server.start();
        return sandbox;
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
            Matcher message = MESSAGE.matcher(path);
            Matcher apiMessage = API_MESSAGE.matcher(path);
            if (path.equals("/")) {
                Http.send(exchange, 200, "text/html", SandboxPages.inbox(inbox.list()));
            } else if (path.equals("/api/messages")) {
                Http.send(exchange, 200, "application/json", json(listJson()));
            } else if (apiMessage.matches()) {
                messageJson(exchange, Integer.parseInt(apiMessage.group(1)));
            } else if (message.matches()) {
                message(exchange, Integer.parseInt(message.group(1)), message.group(2));
            } else {
                Http.send(exchange, 404, "text/plain", "not found\n");
            }
        } catch (RuntimeException e) {
            Http.send(exchange, 500, "text/plain", "tidings sandbox: " + e + "\n");
        }
    }

    private void message(HttpExchange exchange, int id, String suffix) throws IOException {
        MimeMessage message = inbox.get(id);
        if (message == null) {
            Http.send(exchange, 404, "text/plain", "no message " + id + "\n");
            return;
        }
        if (suffix == null) {
            Http.send(exchange, 200, "text/html", SandboxPages.message(inbox.entry(id, message),
                    SandboxInbox.part(message, "text/plain"), new String(SandboxInbox.raw(message), StandardCharsets.UTF_8)));
        } else if (suffix.equals(".html")) {
            String html = SandboxInbox.part(message, "text/html");
            Http.send(exchange, html == null ? 404 : 200, "text/html", html == null ? "no HTML part\n" : html);
        } else if (suffix.equals(".txt")) {
            String text = SandboxInbox.part(message, "text/plain");
            Http.send(exchange, text == null ? 404 : 200, "text/plain", text == null ? "no plaintext part\n" : text);
        } else {
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"message-" + id + ".eml\"");
            Http.send(exchange, 200, "message/rfc822", new String(SandboxInbox.raw(message), StandardCharsets.UTF_8));
        }
    }

    private void messageJson(HttpExchange exchange, int id) throws IOException {
        MimeMessage message = inbox.get(id);
        if (message == null) {
            Http.send(exchange, 404, "application/json", "{\"error\":\"no message " + id + "\"}");
            return;
        }
        ObjectNode node = entryJson(inbox.entry(id, message));
        node.put("text", SandboxInbox.part(message, "text/plain"));
        node.put("html", SandboxInbox.part(message, "text/html"));
        Http.send(exchange, 200, "application/json", json(node));
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
        server.stop(0);
        executor.shutdownNow();
    }
}
