package dev.tidings.preview;

import dev.tidings.Deadlines;
import dev.tidings.mail.mime.MessageBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every route of the preview server over plain HTTP, and what it must refuse. */
class PreviewServerIT {
    @TempDir
    Path dir;

    private Path digest;
    private LivePreview preview;
    private PreviewServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Deadlines.seconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        digest = dir.resolve("social-learning-2.yaml");
        Files.copy(Path.of("samples/social-learning-2.yaml"), digest);
        preview = new LivePreview(new PreviewSource(digest, null, Path.of("samples/subscribers.csv"), "test-secret"));
        server = PreviewServer.start(preview, new MessageBuilder(Clock.systemUTC()), "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        preview.close();
    }

    @Test
    void servesThePageTheEmailItsTextAndTheMessage() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<iframe id=\"frame\""), page.body());

        HttpResponse<String> html = get("/email.html?as=zoe.martin%40example.org");
        assertEquals(200, html.statusCode());
        assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(html.body().contains("Hi Zoë,"), "personalised for the chosen subscriber");
        assertTrue(html.body().contains("<base target=\"_blank\">"), "links leave the frame");

        HttpResponse<String> text = get("/email.txt?as=jane.bozarth%40example.org");
        assertTrue(text.body().contains("Hi Jane,"), text.body());

        HttpResponse<String> eml = get("/email.eml");
        assertEquals(200, eml.statusCode());
        assertEquals("attachment; filename=\"social-learning-2.eml\"", eml.headers().firstValue("Content-Disposition").orElse(""));
        assertTrue(eml.body().contains("Content-Type: multipart/alternative"), eml.body());

        HttpResponse<String> state = get("/api/state");
        assertTrue(state.body().contains("\"subject\":\"Key social learning resources part 2\""), state.body());
        assertTrue(state.body().contains("\"ok\":true"), state.body());
    }

    @Test
    void darkModeMakesTheThemesDarkRulesUnconditional() throws Exception {
        assertTrue(get("/email.html").body().contains("@media (prefers-color-scheme: dark)"));
        String dark = get("/email.html?dark=1").body();
        assertFalse(dark.contains("prefers-color-scheme: dark"), "the dark query is replaced");
        assertTrue(dark.contains("@media all"), dark.substring(0, 2000));
    }

    @Test
    void unknownPathsTemplatesAndTraversalAre404() throws Exception {
        assertEquals(404, get("/nope").statusCode());
        assertEquals(404, get("/templates/default/email.html.ftlh").statusCode());
        assertEquals(404, get("/social-learning-2.yaml").statusCode());
        // Jetty answers a path that climbs above the root 400 before any route sees it; either way no file is read.
        HttpResponse<String> encoded = get("/%2e%2e/%2e%2e/etc/passwd");
        assertTrue(encoded.statusCode() == 404 || encoded.statusCode() == 400, encoded.statusCode() + " " + encoded.body());
        assertFalse(encoded.body().contains("root:"), encoded.body());
        String raw = rawRequest("GET /../../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nConnection: close\r\n\r\n");
        assertFalse(raw.contains("root:"), raw);
        assertTrue(raw.startsWith("HTTP/1.1 404") || raw.startsWith("HTTP/1.1 400"), raw);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void anInvalidDigestIsReportedNotServed() throws Exception {
        Files.writeString(digest, Files.readString(digest).replace("  date: 2026-09-15", "  date: 15/09/2026"));
        preview.refresh();
        assertEquals(409, get("/email.html").statusCode());
        String state = get("/api/state").body();
        assertTrue(state.contains("\"ok\":false"), state);
        assertTrue(state.matches("(?s).*social-learning-2\\.yaml:\\d+:\\d+: issue\\.date: must be a date written YYYY-MM-DD.*"), state);
    }

    @Test
    void eventsAnnounceANewRendering() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) Deadlines.seconds(10).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertTrue(readUntil(in, "event: hello").contains("text/event-stream"));
            Files.writeString(digest, Files.readString(digest).replace("part 2", "part two"));
            preview.refresh();
            assertTrue(readUntil(in, "event: reload").contains("event: reload"));
        }
    }

    /** The real command in a child JVM: it must announce a loopback URL by default, and serve it. */
    @Test
    void theCommandListensOnLoopbackByDefault() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.tidings.Main", "preview", digest.toString(), "--port", "0")
                .redirectErrorStream(true).start();
        try {
            var reader = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = reader.readLine();
            while (line != null && !line.startsWith("preview:")) {
                line = reader.readLine(); // the warning about TIDINGS_SECRET comes first
            }
            assertTrue(line != null && line.matches("preview: http://127\\.0\\.0\\.1:\\d+/ .*"), String.valueOf(line));
            String url = line.substring("preview: ".length(), line.indexOf(' ', "preview: ".length()));
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().contains(marker)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            seen.append((char) b);
        }
        return seen.toString();
    }

    private String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) Deadlines.seconds(5).toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
