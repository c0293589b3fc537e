package dev.tidings.cli;

import dev.tidings.Deadlines;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real {@code tidings serve} in a child JVM, for the ITs that run it beside other commands: a
 * newsletter with {@code public_url}, a list, a relay; started on a free loopback port, stopped by
 * SIGTERM (it applies its journal then) or killed.
 */
public final class ServeChild implements AutoCloseable {
    public static final String PUBLIC = "https://news.example.org/";

    private final Path dir;
    private final SendFixture fixture;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private int port;

    public ServeChild(Path dir) {
        this.dir = dir;
        this.fixture = new SendFixture(dir);
    }

    /** The minimal digest of the test resources, its newsletter served at {@link #PUBLIC}. */
    public static Path servedDigest(Path dir) throws IOException {
        String minimal = Files.readString(Path.of("src/test/resources/digests/good/minimal.yaml"));
        return Files.writeString(dir.resolve("issue-1.yaml"), minimal.replace(
                "  unsubscribe:\n    url: \"https://example.org/unsubscribe?list=weekly\"",
                "  public_url: " + PUBLIC + "\n  unsubscribe:\n    mailto: leave@example.org"));
    }

    /** Starts serve and waits for it to say where it listens; returns the base URL, http://127.0.0.1:PORT/. */
    public String start(Path digest, Path list, String relay) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = fixture.childJvm(List.of(), Map.of("TIDINGS_SECRET", SendFixture.SECRET),
                "serve", digest.toString(), "--subscribers", list.toString(), "--smtp", relay,
                "--public-url", "http://127.0.0.1:" + port, "--listen", "127.0.0.1:" + port);
        builder.redirectError(dir.resolve("serve.err").toFile());
        process = builder.start();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(line != null && line.startsWith("serve: listening"), line + " " + Files.readString(dir.resolve("serve.err")));
        return base();
    }

    public String base() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** A link of a mail, made for {@link #PUBLIC}, as the proxy would pass it here. */
    public String local(String url) {
        return url.replace(PUBLIC, base());
    }

    /** SIGTERM, and waits: serve stops taking requests and applies what its journal holds. */
    public void stop() throws InterruptedException {
        process.destroy();
        Deadlines.awaitExit(process, Duration.ofSeconds(60), dir.resolve("serve.err"));
    }

    /** SIGKILL: no shutdown hook runs, nothing more is applied. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** A form POST; the status code, or 0 when serve went away mid-request (not acknowledged). */
    public int post(String url, String form) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The RFC 8058 POST as a mail provider sends it: no cookie, no token but the URL's. */
    public int oneClick(String url) {
        return post(url, "List-Unsubscribe=One-Click");
    }

    /** Each address's status in a list of email,...,status columns; an address twice fails the test. */
    public static Map<String, String> statuses(Path list) throws IOException {
        Map<String, String> status = new HashMap<>();
        List<String> lines = Files.readAllLines(list);
        List<String> header = List.of(lines.get(0).split(","));
        int email = header.indexOf("email");
        int column = header.indexOf("status");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            String previous = status.put(cells[email], column < cells.length && !cells[column].isEmpty() ? cells[column] : "subscribed");
            assertEquals(null, previous, cells[email] + " is on the list twice");
        }
        return status;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
