package dev.tidings.preview;

import dev.tidings.mail.mime.MessageBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limits of {@link LocalServer} on real sockets: a header deadline (here 1 s, to keep the
 * test short; 10 s in use), the header size limit, the connection cap, the cap on the preview's
 * event streams, and that a request being answered (an open event stream) is not subject to the
 * deadline. The idle timeout is set far beyond the tests'
 * 60 s wait, so only the deadline can close a connection here.
 */
class RequestLimitsIT {
    private static final LocalServer.Limits SHORT_DEADLINE = new LocalServer.Limits(8 * 1024, Duration.ofSeconds(1),
            Duration.ofMinutes(10), 256, 32);

    @TempDir
    Path dir;

    private final ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "slowloris");
        thread.setDaemon(true);
        return thread;
    });

    @AfterEach
    void stop() {
        drip.shutdownNow();
    }

    @Test
    void aClientThatSendsItsHeadersAByteAtATimeIsDroppedAtTheDeadline() throws Exception {
        try (SandboxServer server = SandboxServer.start(List::of, "127.0.0.1", 0, SHORT_DEADLINE);
             Socket slow = new Socket("127.0.0.1", server.port())) {
            slow.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nX-Slow: ").getBytes(StandardCharsets.US_ASCII));
            dripInto(slow);
            assertDropped(slow, "");
        }
    }

    @Test
    void aClientThatSaysNothingIsDroppedAtTheDeadline() throws Exception {
        try (SandboxServer server = SandboxServer.start(List::of, "127.0.0.1", 0, SHORT_DEADLINE);
             Socket silent = new Socket("127.0.0.1", server.port())) {
            assertDropped(silent, "");
        }
    }

    /** After an answer on a kept-alive connection the next request's headers have the deadline again. */
    @Test
    void theDeadlineStartsAgainAfterEachAnswer() throws Exception {
        try (SandboxServer server = SandboxServer.start(List::of, "127.0.0.1", 0, SHORT_DEADLINE);
             Socket client = new Socket("127.0.0.1", server.port())) {
            String host = "Host: 127.0.0.1:" + server.port() + "\r\n";
            client.getOutputStream().write(("GET /api/messages HTTP/1.1\r\n" + host + "\r\nGET /api/messages HTTP/1.1\r\n" + host + "X-Slow: ")
                    .getBytes(StandardCharsets.US_ASCII));
            dripInto(client);
            assertDropped(client, "HTTP/1.1 200");
        }
    }

    @Test
    void anOpenEventStreamOutlivesTheHeaderDeadline() throws Exception {
        Path digest = dir.resolve("social-learning-2.yaml");
        Files.copy(Path.of("samples/social-learning-2.yaml"), digest);
        try (LivePreview preview = new LivePreview(new PreviewSource(digest, null, null, "test-secret"));
             PreviewServer server = PreviewServer.start(preview, new MessageBuilder(Clock.systemUTC()), "127.0.0.1", 0, SHORT_DEADLINE);
             Socket events = new Socket("127.0.0.1", server.port())) {
            events.setSoTimeout(60_000);
            events.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = events.getInputStream();
            assertTrue(readUntil(in, "event: hello").contains("event: hello"));
            // Past the deadline several times over: a slower machine only makes this wait longer, never the test wrong.
            Thread.sleep(3 * SHORT_DEADLINE.headerDeadline().toMillis());
            Files.writeString(digest, Files.readString(digest).replace("part 2", "part two"));
            preview.refresh();
            assertTrue(readUntil(in, "event: reload").contains("event: reload"), "the stream is still open");
        }
    }

    /** At the connection cap the server stops accepting; the deadline frees the places that silent clients hold. */
    @Test
    void atTheConnectionCapSilentClientsMakeWayForOthers() throws Exception {
        LocalServer.Limits fewConnections = new LocalServer.Limits(8 * 1024, Duration.ofSeconds(1), Duration.ofMinutes(10), 8, 32);
        try (SandboxServer server = SandboxServer.start(List::of, "127.0.0.1", 0, fewConnections)) {
            List<Socket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    silent.add(new Socket("127.0.0.1", server.port()));
                }
                RawHttp answer = RawHttp.get(server.port(), "/api/messages", "127.0.0.1:" + server.port());
                assertEquals(200, answer.status(), answer.head());
                assertEquals("[]", answer.body());
            } finally {
                for (Socket socket : silent) {
                    socket.close();
                }
            }
        }
    }

    /** Open preview pages are capped; past the cap a stream is refused and everything else still answers. */
    @Test
    void eventStreamsAreCappedAndTheServerStillAnswers() throws Exception {
        Path digest = dir.resolve("social-learning-2.yaml");
        Files.copy(Path.of("samples/social-learning-2.yaml"), digest);
        List<Socket> streams = new ArrayList<>();
        try (LivePreview preview = new LivePreview(new PreviewSource(digest, null, null, "test-secret"));
             PreviewServer server = PreviewServer.start(preview, new MessageBuilder(Clock.systemUTC()), "127.0.0.1", 0)) {
            String request = "GET /events HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n";
            for (int i = 0; i < PreviewEvents.MAX_STREAMS; i++) {
                Socket stream = new Socket("127.0.0.1", server.port());
                streams.add(stream);
                stream.setSoTimeout(60_000);
                stream.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                assertTrue(readUntil(stream.getInputStream(), "event: hello").contains("event: hello"), "stream " + i);
            }
            RawHttp refused = RawHttp.exchange(server.port(), request.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));
            assertEquals(503, refused.status(), refused.head());
            RawHttp state = RawHttp.get(server.port(), "/api/state", "127.0.0.1:" + server.port());
            assertEquals(200, state.status(), state.head());
        } finally {
            for (Socket stream : streams) {
                stream.close();
            }
        }
    }

    @Test
    void anOversizedHeaderGets431AndNothingElse() throws Exception {
        try (SandboxServer server = SandboxServer.start(List::of, "127.0.0.1", 0)) {
            RawHttp answer = RawHttp.exchange(server.port(), "GET /api/messages HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\nConnection: close\r\n\r\n");
            assertEquals(431, answer.status(), answer.head());
            assertFalse(answer.body().contains("["), "no message list: " + answer.body());
        }
    }

    private void dripInto(Socket socket) {
        drip.scheduleWithFixedDelay(() -> {
            try {
                socket.getOutputStream().write('a');
            } catch (IOException e) {
                throw new IllegalStateException("dropped", e); // ends the dripping
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Reads until the server closes the connection; generous, because a server that keeps it never closes it at all. */
    private static void assertDropped(Socket socket, String expectedBeforeClose) throws IOException {
        socket.setSoTimeout(60_000);
        StringBuilder seen = new StringBuilder();
        try {
            InputStream in = socket.getInputStream();
            for (int b = in.read(); b >= 0; b = in.read()) {
                seen.append((char) b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for 60 s; it sent: " + seen, e);
        } catch (SocketException e) {
            // reset by the server: dropped too
        }
        assertTrue(seen.toString().startsWith(expectedBeforeClose), seen.toString());
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
}
