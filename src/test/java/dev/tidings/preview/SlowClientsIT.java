package dev.tidings.preview;

import dev.tidings.mail.mime.MessageBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that connect and say nothing, or send their request a byte at a time (slowloris), must
 * not keep anyone else out. The sandbox's JDK server read each request on one of four threads, so
 * four such clients blocked its inbox completely. Eighty here, more than either server has threads.
 * Real sockets against the real servers.
 */
class SlowClientsIT {
    private static final int SLOW = 40; // more than the server has threads

    @TempDir
    Path dir;

    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "slowloris");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private LivePreview preview;

    @BeforeEach
    void source() throws IOException {
        Path digest = dir.resolve("social-learning-2.yaml");
        Files.copy(Path.of("samples/social-learning-2.yaml"), digest);
        preview = new LivePreview(new PreviewSource(digest, null, null, "test-secret"));
    }

    @AfterEach
    void stop() throws IOException {
        drip.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
        preview.close();
    }

    @Test
    void theSandboxInboxAnswersWhileSlowClientsHangOn() throws Exception {
        try (SandboxServer server = SandboxServer.start(List::of, "127.0.0.1", 0)) {
            hangOn(server.port());
            HttpResponse<String> inbox = get(server.port(), "/");
            assertEquals(200, inbox.statusCode());
            assertTrue(inbox.body().contains("No messages yet"), inbox.body());
        }
    }

    @Test
    void thePreviewAnswersWhileSlowClientsHangOn() throws Exception {
        try (PreviewServer server = PreviewServer.start(preview, new MessageBuilder(Clock.systemUTC()), "127.0.0.1", 0)) {
            hangOn(server.port());
            HttpResponse<String> state = get(server.port(), "/api/state");
            assertEquals(200, state.statusCode());
            assertTrue(state.body().contains("\"ok\":true"), state.body());
        }
    }

    /** SLOW silent connections and SLOW that send a request's first bytes, then one more byte every 200 ms. */
    private void hangOn(int port) throws IOException {
        List<Socket> dripping = new ArrayList<>();
        for (int i = 0; i < SLOW; i++) {
            sockets.add(new Socket("127.0.0.1", port));
            Socket slow = new Socket("127.0.0.1", port);
            sockets.add(slow);
            dripping.add(slow);
            slow.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Slow: ").getBytes(StandardCharsets.US_ASCII));
        }
        drip.scheduleWithFixedDelay(() -> {
            for (Socket socket : dripping) {
                try {
                    socket.getOutputStream().write('a');
                } catch (IOException e) {
                    // the server closed it: what a server should do with such a client
                }
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
    }

    /** Generous: a loaded 2-core machine is slow, and a blocked server never answers at all. */
    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
