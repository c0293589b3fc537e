package dev.tidings.cli;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tidings.Deadlines;
import dev.tidings.subscribers.ListEvent;
import dev.tidings.subscribers.ListJournal;
import dev.tidings.mail.smtp.RelayGreenMail;
import dev.tidings.preview.HeadlessChrome;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.BufferedReader;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidings serve} as a reader meets it: the real command in a child JVM, GreenMail as the
 * relay, headless Chromium as the reader, the Java HTTP client as a mail provider and as a link
 * scanner (no script). The public URL of the newsletter is https://news.example.org; a proxy would
 * send its requests here, which the test does by hand, rewriting the origin of each link.
 */
class ServeIT {
    private static final String PUBLIC = "https://news.example.org/";
    private static final Pattern CONFIRM = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/confirm\\?t=[A-Za-z0-9_-]+)");

    @TempDir
    Path dir;

    private GreenMail greenMail;
    private Process serve;
    private int port;
    private Path list;
    private Path digest;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        greenMail = new RelayGreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort().setVerbose(false));
        greenMail.start();
        list = dir.resolve("subscribers.csv");
        Files.writeString(list, "email,name,status\nkarl.moore@example.com,Karl Moore,subscribed\n");
        String minimal = Files.readString(Path.of("src/test/resources/digests/good/minimal.yaml"));
        digest = dir.resolve("issue-1.yaml");
        Files.writeString(digest, minimal.replace("  unsubscribe:\n    url: \"https://example.org/unsubscribe?list=weekly\"",
                "  public_url: " + PUBLIC + "\n  unsubscribe:\n    mailto: leave@example.org"));
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new SendFixture(dir).childJvm(List.of(), Map.of("TIDINGS_SECRET", SendFixture.SECRET),
                "serve", digest.toString(), "--subscribers", list.toString(), "--smtp", "smtp://127.0.0.1:" + greenMail.getSmtp().getPort(),
                "--public-url", "http://127.0.0.1:" + port, "--listen", "127.0.0.1:" + port);
        builder.redirectError(dir.resolve("serve.err").toFile());
        serve = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("serve: listening"), line + " " + Files.readString(dir.resolve("serve.err")));
    }

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.destroy();
            serve.waitFor();
        }
        greenMail.stop();
    }

    private String local(String url) {
        return url.replace(PUBLIC, "http://127.0.0.1:" + port + "/");
    }

    private MimeMessage[] awaitMails(int count) throws InterruptedException {
        Deadlines.await(count + " mails", () -> greenMail.getReceivedMessages().length >= count, Duration.ofSeconds(30));
        return greenMail.getReceivedMessages();
    }

    private static String text(MimeMessage message) throws Exception {
        return ((MimeMultipart) message.getContent()).getBodyPart(0).getContent().toString();
    }

    @Test
    void aReaderSubscribesOnTheFormAndTheLinkInTheMailConfirmsWithoutASecondClick() throws Exception {
        ChromeDriver browser = HeadlessChrome.start(dir.resolve("profile"));
        try {
            browser.get("http://127.0.0.1:" + port + "/subscribe");
            browser.findElement(By.name("email")).sendKeys("zoe.martin@example.org");
            browser.findElement(By.name("name")).sendKeys("Zoë Martin");
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            Deadlines.await("the answer", () -> browser.getPageSource().contains("Check your inbox"), Duration.ofSeconds(20));
            MimeMessage mail = awaitMails(1)[0];
            assertEquals("zoe.martin@example.org", ((InternetAddress) mail.getRecipients(Message.RecipientType.TO)[0]).getAddress());
            Matcher link = CONFIRM.matcher(text(mail));
            assertTrue(link.find(), text(mail));
            String before = Files.readString(list);
            HttpResponse<String> scanner = http.send(HttpRequest.newBuilder(URI.create(link.group(1))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scanner.statusCode());
            assertEquals(before, Files.readString(list), "a link scanner's GET (no script) subscribes nobody");
            assertNull(journaled("zoe.martin@example.org"), "a link scanner's GET (no script) records nothing");
            browser.get(link.group(1));
            Deadlines.await("subscribed", () -> browser.getPageSource().contains("You are subscribed"), Duration.ofSeconds(20));
            assertEquals(ListEvent.Kind.SUBSCRIBED, journaled("zoe.martin@example.org"), "durable when acknowledged");
            awaitList("zoe.martin@example.org,Zoë Martin,subscribed,");
            String row = Files.readString(list).lines().filter(line -> line.startsWith("zoe.martin@")).findFirst().orElseThrow();
            assertTrue(row.matches(".*,subscribed,\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z,form"), "consent time and source: " + Files.readString(list));
        } finally {
            browser.quit();
        }
    }

    @Test
    void anUnsubscribeLinkFromASentMessageUnsubscribesOnThePageAndTheUndoResubscribes() throws Exception {
        CliRun send = CliRun.withEnv(Map.of("TIDINGS_SECRET", SendFixture.SECRET), "send", digest.toString(), "--subscribers",
                list.toString(), "--smtp", "smtp://127.0.0.1:" + greenMail.getSmtp().getPort(), "--yes",
                "--ledger", dir.resolve("ledger.db").toString());
        assertEquals(0, send.exitCode(), send.all());
        MimeMessage issue = awaitMails(1)[0];
        String url = unsubscribeUrl(issue);
        assertTrue(url.startsWith(PUBLIC + "unsubscribe?u=") && !url.contains("karl"), url);
        assertTrue(text(issue).contains(url), "the footer links to the same page");
        ChromeDriver browser = HeadlessChrome.start(dir.resolve("profile"));
        try {
            browser.get(local(url));
            assertTrue(browser.getPageSource().contains("karl.moore@example.com"), browser.getPageSource());
            assertNull(journaled("karl.moore@example.com"), "the page alone changes nothing");
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            Deadlines.await("unsubscribed", () -> browser.getPageSource().contains("You are unsubscribed"), Duration.ofSeconds(20));
            assertEquals(ListEvent.Kind.UNSUBSCRIBED, journaled("karl.moore@example.com"), "durable when acknowledged");
            awaitList("Karl Moore,unsubscribed");
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            Deadlines.await("resubscribed", () -> browser.getPageSource().contains("Welcome back"), Duration.ofSeconds(20));
            assertEquals(ListEvent.Kind.SUBSCRIBED, journaled("karl.moore@example.com"), "durable when acknowledged");
            awaitList("Karl Moore,subscribed");
        } finally {
            browser.quit();
        }
    }

    @Test
    void theOneClickPostAsAProviderSendsItUnsubscribesAndAScannersGetDoesNot() throws Exception {
        CliRun send = CliRun.withEnv(Map.of("TIDINGS_SECRET", SendFixture.SECRET), "send", digest.toString(), "--subscribers",
                list.toString(), "--smtp", "smtp://127.0.0.1:" + greenMail.getSmtp().getPort(), "--yes",
                "--ledger", dir.resolve("ledger.db").toString());
        assertEquals(0, send.exitCode(), send.all());
        MimeMessage issue = awaitMails(1)[0];
        assertEquals("List-Unsubscribe=One-Click", issue.getHeader("List-Unsubscribe-Post", null));
        String url = local(unsubscribeUrl(issue));
        HttpResponse<String> scanner = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scanner.statusCode());
        assertNull(journaled("karl.moore@example.com"), "a GET changes nothing");
        // curl -X POST -d List-Unsubscribe=One-Click URL: no cookie, no token but the URL's
        HttpResponse<String> oneClick = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, oneClick.statusCode(), oneClick.body());
        assertEquals(ListEvent.Kind.UNSUBSCRIBED, journaled("karl.moore@example.com"), "durable when acknowledged");
        awaitList("Karl Moore,unsubscribed");
    }

    @Test
    void fiftySignupsForOneAddressSendAtMostThreeMails() throws Exception {
        for (int i = 0; i < 50; i++) {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/subscribe"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("email=victim%40example.org")).build(), HttpResponse.BodyHandlers.ofString());
        }
        // One worker sends in order: once a later signup's mail is here, every earlier one has been sent or dropped.
        // The later signup comes from another client (127.0.0.2): this one is over its own limit by now.
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName("127.0.0.2"), 0)) {
            String body = "email=sentinel%40example.org";
            socket.getOutputStream().write(("POST /subscribe HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        }
        Deadlines.await("the sentinel's mail", () -> Arrays.stream(greenMail.getReceivedMessages()).anyMatch(m -> to(m).equals("sentinel@example.org")),
                Duration.ofSeconds(30));
        long victim = Arrays.stream(greenMail.getReceivedMessages()).filter(m -> to(m).equals("victim@example.org")).count();
        assertEquals(3, victim);
    }

    private static String to(MimeMessage message) {
        try {
            return ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsubscribeUrl(MimeMessage message) throws Exception {
        String header = MimeUtility.unfold(message.getHeader("List-Unsubscribe", null));
        Matcher https = Pattern.compile("<(https://[^>]+)>").matcher(header);
        assertTrue(https.find(), header);
        return https.group(1);
    }

    /** The reader's last acknowledged event, as send reads it: the journal, durable before the 200. */
    private ListEvent.Kind journaled(String email) {
        return ListJournal.lastEvents(list).get(email);
    }

    /** The journal reaches the CSV in batches (a second apart by default): wait for the row. */
    private void awaitList(String row) throws InterruptedException {
        Deadlines.await("'" + row + "' in " + list, () -> {
            try {
                return Files.readString(list).contains(row);
            } catch (java.io.IOException e) {
                return false;
            }
        }, Duration.ofSeconds(20));
    }
}
