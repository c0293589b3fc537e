package dev.tidings.serve;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tidings.Deadlines;
import dev.tidings.cli.CliRun;
import dev.tidings.cli.SendFixture;
import dev.tidings.digest.load.DigestLoader;
import dev.tidings.mail.smtp.RelayGreenMail;
import dev.tidings.render.UnsubscribeLinks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19's durability claim through HTTP: a 200 to a confirmation or an unsubscribe is sent only
 * once the event is fsynced. A real {@code tidings serve} (a child JVM) takes a burst of 1,000
 * mixed requests (one-click unsubscribes, confirmations, signups) from 8 clients and is killed with
 * SIGKILL mid-burst; started again on the same list and stopped, every acknowledged event is in the
 * CSV, each address once, and the list is valid.
 */
class ServeKillIT {
    private static final String PUBLIC = "https://news.example.org/";
    private static final int READERS = 600;
    private static final int JOINERS = 380;
    private static final int SIGNUPS = 20;

    @TempDir
    Path dir;

    private GreenMail greenMail;
    private SendFixture fixture;
    private Process serve;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() throws Exception {
        if (serve != null && serve.isAlive()) {
            serve.destroyForcibly().waitFor();
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    @Test
    void everyAcknowledgedEventSurvivesAKillDuringABurst() throws Exception {
        greenMail = new RelayGreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort().setVerbose(false));
        greenMail.start();
        Path list = dir.resolve("subscribers.csv");
        StringBuilder rows = new StringBuilder("email,name,status\n");
        for (int i = 0; i < READERS; i++) {
            rows.append(reader(i)).append(",Reader ").append(i).append(",subscribed\n");
        }
        Files.writeString(list, rows);
        String minimal = Files.readString(Path.of("src/test/resources/digests/good/minimal.yaml"));
        Path digest = Files.writeString(dir.resolve("issue-1.yaml"), minimal.replace(
                "  unsubscribe:\n    url: \"https://example.org/unsubscribe?email={email}\"",
                "  public_url: " + PUBLIC + "\n  unsubscribe:\n    mailto: leave@example.org"));
        String relay = "smtp://127.0.0.1:" + greenMail.getSmtp().getPort();
        int port = start(digest, list, relay);
        String base = "http://127.0.0.1:" + port + "/";
        UnsubscribeLinks links = UnsubscribeLinks.forDigest(new DigestLoader().load(digest).valid(), SendFixture.SECRET);
        ConfirmationToken tokens = new ConfirmationToken(SendFixture.SECRET, ConfirmationToken.Purpose.CONFIRM, Clock.systemUTC());

        // The burst: request i is an unsubscribe, a confirmation or a signup, in an interleaved order.
        List<Runnable> requests = new ArrayList<>();
        Set<String> unsubscribed = ConcurrentHashMap.newKeySet();
        Set<String> confirmed = ConcurrentHashMap.newKeySet();
        AtomicInteger acknowledged = new AtomicInteger();
        CountDownLatch enough = new CountDownLatch(1);
        for (int i = 0; i < READERS + JOINERS + SIGNUPS; i++) {
            int n = i;
            requests.add(() -> {
                String email;
                int status;
                if (n % 50 == 49) {
                    email = null;
                    status = post(base + "subscribe", "email=signup" + n + "%40example.org");
                } else if (n % 5 < 3 && n / 5 * 3 + n % 5 < READERS) {
                    email = reader(n / 5 * 3 + n % 5);
                    status = post(links.url(email).replace(PUBLIC, base), "List-Unsubscribe=One-Click");
                    if (status == 200) {
                        unsubscribed.add(email);
                    }
                } else {
                    email = joiner(n);
                    status = post(base + "confirm", "t=" + tokens.seal(email, "Joiner " + n, "form"));
                    if (status == 200) {
                        confirmed.add(email);
                    }
                }
                if (email != null && status == 200 && acknowledged.incrementAndGet() >= 300) {
                    enough.countDown();
                }
            });
        }
        ExecutorService clients = Executors.newFixedThreadPool(8);
        requests.forEach(clients::execute);
        clients.shutdown();
        assertTrue(enough.await(Deadlines.seconds(120).toSeconds(), TimeUnit.SECONDS), "300 acknowledgements");
        serve.destroyForcibly(); // SIGKILL: no shutdown hook, no last apply
        serve.waitFor();
        assertTrue(clients.awaitTermination(Deadlines.seconds(120).toSeconds(), TimeUnit.SECONDS), "the clients gave up");
        assertTrue(unsubscribed.size() + confirmed.size() >= 300, "acknowledged: " + (unsubscribed.size() + confirmed.size()));

        // Started again, serve applies what its journal holds; stopped, it applies the rest.
        start(digest, list, relay);
        serve.destroy();
        Deadlines.awaitExit(serve, Duration.ofSeconds(60), dir.resolve("serve.err"));

        Map<String, String> status = statuses(list);
        for (String email : unsubscribed) {
            assertEquals("unsubscribed", status.get(email), email + " was acknowledged as unsubscribed");
        }
        for (String email : confirmed) {
            assertEquals("subscribed", status.get(email), email + " was acknowledged as subscribed");
        }
        CliRun valid = CliRun.of("validate", digest.toString(), "--subscribers", list.toString());
        assertEquals(0, valid.exitCode(), valid.all());
    }

    private int start(Path digest, Path list, String relay) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        if (fixture == null) {
            fixture = new SendFixture(dir);
        }
        ProcessBuilder builder = fixture.childJvm(List.of(), Map.of("TIDINGS_SECRET", SendFixture.SECRET),
                "serve", digest.toString(), "--subscribers", list.toString(), "--smtp", relay,
                "--public-url", "http://127.0.0.1:" + port, "--listen", "127.0.0.1:" + port);
        builder.redirectError(dir.resolve("serve.err").toFile());
        serve = builder.start();
        String line = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(line != null && line.startsWith("serve: listening"), line + " " + Files.readString(dir.resolve("serve.err")));
        return port;
    }

    /** The status code, or 0 when the server went away mid-request (killed): not acknowledged. */
    private int post(String url, String form) {
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

    /** Each address's status; an address twice fails the test. */
    private static Map<String, String> statuses(Path list) throws IOException {
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

    private static String reader(int i) {
        return String.format("reader%04d@example.org", i);
    }

    private static String joiner(int i) {
        return String.format("joiner%04d@example.org", i);
    }
}
