package dev.tidings.serve;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tidings.Deadlines;
import dev.tidings.cli.CliRun;
import dev.tidings.cli.SendFixture;
import dev.tidings.cli.ServeChild;
import dev.tidings.digest.load.DigestLoader;
import dev.tidings.mail.smtp.RelayGreenMail;
import dev.tidings.render.UnsubscribeLinks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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
    private static final int READERS = 600;
    private static final int JOINERS = 380;
    private static final int SIGNUPS = 20;

    @TempDir
    Path dir;

    private GreenMail greenMail;
    private ServeChild serve;

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.close();
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
        Path digest = ServeChild.servedDigest(dir);
        String relay = "smtp://127.0.0.1:" + greenMail.getSmtp().getPort();
        serve = new ServeChild(dir);
        String base = serve.start(digest, list, relay);
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
                    status = serve.post(base + "subscribe", "email=signup" + n + "%40example.org");
                } else if (n % 5 < 3 && n / 5 * 3 + n % 5 < READERS) {
                    email = reader(n / 5 * 3 + n % 5);
                    status = serve.oneClick(serve.local(links.url(email)));
                    if (status == 200) {
                        unsubscribed.add(email);
                    }
                } else {
                    email = joiner(n);
                    status = serve.post(base + "confirm", "t=" + tokens.seal(email, "Joiner " + n, "form"));
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
        serve.kill(); // SIGKILL: no shutdown hook, no last apply
        assertTrue(clients.awaitTermination(Deadlines.seconds(120).toSeconds(), TimeUnit.SECONDS), "the clients gave up");
        assertTrue(unsubscribed.size() + confirmed.size() >= 300, "acknowledged: " + (unsubscribed.size() + confirmed.size()));

        // Started again, serve applies what its journal holds; stopped, it applies the rest.
        serve.start(digest, list, relay);
        serve.stop();

        Map<String, String> status = ServeChild.statuses(list);
        for (String email : unsubscribed) {
            assertEquals("unsubscribed", status.get(email), email + " was acknowledged as unsubscribed");
        }
        for (String email : confirmed) {
            assertEquals("subscribed", status.get(email), email + " was acknowledged as subscribed");
        }
        CliRun valid = CliRun.of("validate", digest.toString(), "--subscribers", list.toString());
        assertEquals(0, valid.exitCode(), valid.all());
    }




    private static String reader(int i) {
        return String.format("reader%04d@example.org", i);
    }

    private static String joiner(int i) {
        return String.format("joiner%04d@example.org", i);
    }
}
