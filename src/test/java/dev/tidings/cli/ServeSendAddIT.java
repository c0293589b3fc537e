package dev.tidings.cli;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tidings.Deadlines;
import dev.tidings.digest.load.DigestLoader;
import dev.tidings.mail.smtp.RelayGreenMail;
import dev.tidings.render.UnsubscribeLinks;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19's "serve and send and subscribers add at once on one list": a real {@code tidings serve}
 * (a child JVM, its journal applied to the CSV in batches) takes one-click unsubscribes and
 * confirmed signups while {@code subscribers add} edits the same CSV and {@code send} mails from
 * it. Nothing is lost (every acknowledged event and every added row is in the list at the end,
 * each address once), nobody whose unsubscribe was acknowledged before the send started gets the
 * issue, and a re-run sends it to the newcomers, nobody twice.
 */
class ServeSendAddIT {
    private static final Pattern CONFIRM = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/confirm\\?t=([A-Za-z0-9_-]+)");
    private static final int READERS = 30;

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
    void serveSendAndSubscribersAddAtOnceLoseNothingAndMailNoOneWhoLeft() throws Exception {
        greenMail = new RelayGreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort().setVerbose(false));
        greenMail.start();
        Path list = dir.resolve("subscribers.csv");
        StringBuilder rows = new StringBuilder("email,name,status\n");
        for (int i = 1; i <= READERS; i++) {
            rows.append(reader(i)).append(",Reader ").append(i).append(",subscribed\n");
        }
        Files.writeString(list, rows);
        Path digest = ServeChild.servedDigest(dir);
        String relay = "smtp://127.0.0.1:" + greenMail.getSmtp().getPort();
        serve = new ServeChild(dir);
        String base = serve.start(digest, list, relay);
        UnsubscribeLinks links = UnsubscribeLinks.forDigest(new DigestLoader().load(digest).valid(), SendFixture.SECRET);
        Function<String, String> unsubscribeUrl = email -> serve.local(links.url(email));

        // Before the send: five readers leave by one-click, and five people ask to join.
        for (int i = 1; i <= 5; i++) {
            assertEquals(200, serve.oneClick(unsubscribeUrl.apply(reader(i))));
            assertEquals(200, serve.post(base + "subscribe", "email=" + URLEncoder.encode(joiner(i), StandardCharsets.UTF_8)));
        }
        Deadlines.await("5 confirmation mails", () -> greenMail.getReceivedMessages().length >= 5, Duration.ofSeconds(30));
        Map<String, String> tokens = new HashMap<>();
        for (MimeMessage mail : greenMail.getReceivedMessages()) {
            Matcher link = CONFIRM.matcher(((MimeMultipart) mail.getContent()).getBodyPart(0).getContent().toString());
            assertTrue(link.find());
            tokens.put(to(mail), link.group(1));
        }
        String confirmationSubject = greenMail.getReceivedMessages()[0].getSubject();

        // At once: ten more readers leave and the five joiners confirm, ten rows are added by hand,
        // and the issue is sent.
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<List<Integer>> reader = CompletableFuture.supplyAsync(() -> {
            await(go);
            List<Integer> codes = new ArrayList<>();
            for (int i = 6; i <= 15; i++) {
                codes.add(serve.oneClick(unsubscribeUrl.apply(reader(i))));
                if (i <= 10) {
                    codes.add(serve.post(base + "confirm", "t=" + tokens.get(joiner(i - 5))));
                }
            }
            return codes;
        });
        CompletableFuture<List<String>> editor = CompletableFuture.supplyAsync(() -> {
            await(go);
            List<String> refusals = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                CliRun add = CliRun.of("subscribers", "add", added(i), "--subscribers", list.toString());
                // "the list changed while tidings was updating it": exit 4, and the editor runs it again
                for (int tries = 1; add.exitCode() == 4 && tries < 50; tries++) {
                    add = CliRun.of("subscribers", "add", added(i), "--subscribers", list.toString());
                }
                if (add.exitCode() != 0) {
                    refusals.add(added(i) + ": " + add.all());
                }
            }
            return refusals;
        });
        CompletableFuture<CliRun> send = CompletableFuture.supplyAsync(() -> {
            await(go);
            return CliRun.withEnv(Map.of("TIDINGS_SECRET", SendFixture.SECRET), "send", digest.toString(), "--subscribers",
                    list.toString(), "--smtp", relay, "--yes", "--ledger", dir.resolve("ledger.db").toString());
        });
        go.countDown();
        long guard = Deadlines.seconds(120).toSeconds();
        assertEquals(List.of(), editor.get(guard, TimeUnit.SECONDS), "every subscribers add went through");
        assertTrue(reader.get(guard, TimeUnit.SECONDS).stream().allMatch(code -> code == 200), "every reader's request acknowledged");
        CliRun sent = send.get(guard, TimeUnit.SECONDS);
        // Done, or, when rows were added after the run read the list, exit 4 naming them as newcomers
        // (not as recipients lost): the re-run below sends to them.
        assertTrue(sent.exitCode() == 0 || sent.exitCode() == 4
                && CliRun.unstamped(sent.out()).contains("stopped: the list changed while this run sent: "), sent.all());

        serve.stop(); // SIGTERM: serve applies what its journal holds before it ends
        Map<String, String> status = ServeChild.statuses(list);
        for (int i = 1; i <= 15; i++) {
            assertEquals("unsubscribed", status.get(reader(i)), reader(i) + " left; list:\n" + Files.readString(list));
        }
        for (int i = 16; i <= READERS; i++) {
            assertEquals("subscribed", status.get(reader(i)), reader(i));
        }
        for (int i = 1; i <= 5; i++) {
            assertEquals("subscribed", status.get(joiner(i)), joiner(i) + " confirmed; list:\n" + Files.readString(list));
        }
        for (int i = 1; i <= 10; i++) {
            assertEquals("subscribed", status.get(added(i)), added(i) + " added; list:\n" + Files.readString(list));
        }
        assertEquals(READERS + 5 + 10, status.size(), "each address once: " + Files.readString(list));
        CliRun valid = CliRun.of("validate", digest.toString(), "--subscribers", list.toString());
        assertEquals(0, valid.exitCode(), valid.all());

        CliRun rerun = CliRun.withEnv(Map.of("TIDINGS_SECRET", SendFixture.SECRET), "send", digest.toString(), "--subscribers",
                list.toString(), "--smtp", relay, "--yes", "--ledger", dir.resolve("ledger.db").toString());
        assertEquals(0, rerun.exitCode(), rerun.all());
        Map<String, Long> issues = Arrays.stream(greenMail.getReceivedMessages())
                .filter(mail -> !subject(mail).equals(confirmationSubject))
                .collect(Collectors.groupingBy(ServeSendAddIT::to, Collectors.counting()));
        for (int i = 1; i <= 5; i++) {
            assertEquals(null, issues.get(reader(i)), reader(i) + " left before the send started and was mailed");
        }
        for (int i = 16; i <= READERS; i++) {
            assertEquals(1L, issues.get(reader(i)), reader(i) + " gets the issue once");
        }
        for (int i = 1; i <= 5; i++) {
            assertEquals(1L, issues.get(joiner(i)), joiner(i) + " confirmed and gets the issue once, by the re-run at the latest");
        }
        for (int i = 1; i <= 10; i++) {
            assertEquals(1L, issues.get(added(i)), added(i) + " added and gets the issue once, by the re-run at the latest");
        }
        assertTrue(issues.values().stream().allMatch(count -> count == 1), "nobody twice: " + issues);
    }





    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String to(MimeMessage message) {
        try {
            return ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String reader(int i) {
        return String.format("reader%02d@example.org", i);
    }

    private static String joiner(int i) {
        return String.format("joiner%02d@example.org", i);
    }

    private static String added(int i) {
        return String.format("added%02d@example.org", i);
    }
}
