package dev.tidings.preview;

import dev.tidings.mail.mime.MessageBuilder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DNS rebinding: a page on evil.example whose name is made to resolve to 127.0.0.1 reaches the
 * local servers with {@code Host: evil.example:PORT}, and its script may read the answers as
 * same-origin. Both servers must refuse every route for any Host but their own, and never hand
 * out CORS permissions.
 */
class LoopbackHostIT {
    private static final List<String> PREVIEW_ROUTES = List.of("/", "/email.html", "/email.txt?as=zoe.martin%40example.org",
            "/email.eml", "/api/state", "/events", "/nope");
    private static final List<String> SANDBOX_ROUTES = List.of("/", "/api/messages", "/api/messages/1", "/messages/1",
            "/messages/1.html", "/messages/1.txt", "/messages/1.eml", "/nope");

    @TempDir
    Path dir;

    private LivePreview preview;
    private PreviewServer previewServer;
    private SandboxServer sandboxServer;

    @BeforeEach
    void start() throws Exception {
        Path digest = dir.resolve("social-learning-2.yaml");
        Files.copy(Path.of("samples/social-learning-2.yaml"), digest);
        preview = new LivePreview(new PreviewSource(digest, null, Path.of("samples/subscribers.csv"), "test-secret"));
        previewServer = PreviewServer.start(preview, new MessageBuilder(Clock.systemUTC()), "127.0.0.1", 0);
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("editor@example.org"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("reader@example.org"));
        message.setSubject("Caught message with a private subject");
        message.setText("private text");
        message.saveChanges();
        sandboxServer = SandboxServer.start(() -> List.of(message), "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        if (previewServer != null) {
            previewServer.close();
        }
        if (sandboxServer != null) {
            sandboxServer.close();
        }
        if (preview != null) {
            preview.close();
        }
    }

    @Test
    void thePreviewRefusesEveryRouteToAForeignHost() throws IOException {
        int port = previewServer.port();
        for (String route : PREVIEW_ROUTES) {
            for (String host : foreignHosts(port)) {
                RawHttp answer = RawHttp.get(port, route, host);
                assertRefused(answer, route, host);
                assertFalse(answer.body().contains("example.org"), "nothing of the list leaks: " + answer.body());
                assertFalse(answer.hasHeaderStartingWith("Access-Control-"), answer.head());
            }
        }
    }

    @Test
    void theSandboxRefusesEveryRouteToAForeignHost() throws IOException {
        int port = sandboxServer.port();
        for (String route : SANDBOX_ROUTES) {
            for (String host : foreignHosts(port)) {
                RawHttp answer = RawHttp.get(port, route, host);
                assertRefused(answer, route, host);
                assertFalse(answer.body().contains("private"), "nothing of the inbox leaks: " + answer.body());
                assertFalse(answer.hasHeaderStartingWith("Access-Control-"), answer.head());
            }
        }
    }

    @Test
    void bothAnswerTheirOwnAddressAndTheLoopbackNamesWithoutCors() throws IOException {
        for (int port : new int[] {previewServer.port(), sandboxServer.port()}) {
            String route = port == previewServer.port() ? "/api/state" : "/api/messages";
            for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port, "[::1]:" + port,
                    "[0:0:0:0:0:0:0:1]:" + port)) {
                RawHttp answer = RawHttp.get(port, route, host);
                assertEquals(200, answer.status(), route + " with Host: " + host + "\n" + answer.head());
                assertFalse(answer.hasHeaderStartingWith("Access-Control-"), answer.head());
            }
            // A CORS preflight from another origin gets no permission either.
            RawHttp preflight = RawHttp.exchange(port, "OPTIONS " + route + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nOrigin: http://evil.example\r\nAccess-Control-Request-Method: GET\r\nConnection: close\r\n\r\n");
            assertNotEquals(200, preflight.status(), preflight.head());
            assertFalse(preflight.hasHeaderStartingWith("Access-Control-"), preflight.head());
        }
    }

    @Test
    void aRequestWithoutHostIsRefused() throws IOException {
        RawHttp answer = RawHttp.exchange(previewServer.port(), "GET /api/state HTTP/1.0\r\n\r\n");
        assertTrue(answer.status() == 421 || answer.status() == 400, answer.head());
        assertFalse(answer.body().contains("example.org"), answer.body());
    }

    /** Bound to every interface on purpose: this machine's own addresses are accepted, names other than localhost still are not. */
    @Test
    void aWildcardBindAcceptsThisMachinesAddressesOnly() throws IOException {
        sandboxServer.close();
        sandboxServer = SandboxServer.start(List::of, "0.0.0.0", 0);
        int port = sandboxServer.port();
        assertEquals(200, RawHttp.get(port, "/api/messages", "127.0.0.1:" + port).status());
        for (String address : nonLoopbackAddresses()) {
            assertEquals(200, RawHttp.get(port, "/api/messages", address + ":" + port).status(), address);
        }
        assertEquals(421, RawHttp.get(port, "/api/messages", "evil.example:" + port).status());
        assertEquals(421, RawHttp.get(port, "/api/messages", "0.0.0.0:" + (port == 65535 ? 1 : port + 1)).status());
    }

    private static List<String> foreignHosts(int port) {
        int other = port == 65535 ? 1 : port + 1;
        return List.of("evil.example:" + port, "evil.example", "localhost.evil.example:" + port,
                "127.0.0.1.nip.io:" + port, "127.0.0.1:" + other, "localhost:" + other, "localhost",
                "[evil.example]:" + port, "::1:" + port, "127.0.0.1:" + port + ":" + port);
    }

    /** Jetty refuses a Host it cannot parse with 400 before we see it; one it can parse, we refuse with 421. */
    private static void assertRefused(RawHttp answer, String route, String host) {
        boolean malformed = host.startsWith("[evil") || host.startsWith("::") || host.indexOf(':') != host.lastIndexOf(':');
        String message = route + " with Host: " + host + "\n" + answer.head() + "\n" + answer.body();
        if (malformed) {
            assertTrue(answer.status() == 400 || answer.status() == 421, message);
        } else {
            assertEquals(421, answer.status(), message);
        }
    }

    private static List<String> nonLoopbackAddresses() throws IOException {
        List<String> addresses = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    addresses.add(address.getHostAddress());
                }
            }
        }
        return addresses;
    }
}
