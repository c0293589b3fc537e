package dev.tidings.preview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.Deadlines;
import dev.tidings.cli.CliRun;
import dev.tidings.mail.smtp.SmtpSandbox;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox as an editor uses it: a real {@code tidings send} to its SMTP port, then the inbox
 * over HTTP (JSON for scripts) and in a real browser.
 */
class SandboxServerIT {
    @TempDir
    Path dir;

    private SmtpSandbox smtp;
    private SandboxServer web;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        smtp = SmtpSandbox.start(0);
        web = SandboxServer.start(smtp::received, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        web.close();
        smtp.close();
    }

    @Test
    void listsWhatASendDeliveredAsJsonAndShowsEachMessage() throws Exception {
        sendSampleTo(smtp.port());
        JsonNode messages = new ObjectMapper().readTree(get("/api/messages").body());
        assertEquals(21, messages.size(), "every subscribed address of the sample list");
        JsonNode first = messages.get(0);
        assertEquals("Key social learning resources part 2", first.get("subject").asText());
        assertEquals("TrainingZone <newsletter@trainingzone.example>", first.get("from").asText());

        int id = first.get("id").asInt();
        JsonNode one = new ObjectMapper().readTree(get("/api/messages/" + id).body());
        assertTrue(one.get("html").asText().contains("Key social learning resources part 2"));
        assertTrue(one.get("text").asText().contains("Unsubscribe:"));
        assertEquals(200, get("/messages/" + id).statusCode());
        assertTrue(get("/messages/" + id + ".eml").body().contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assertEquals(404, get("/messages/999").statusCode());
        assertEquals(404, get("/api/messages/999").statusCode());
        assertEquals(404, get("/etc/passwd").statusCode());
        // Jetty answers a path that climbs above the root 400 before any route sees it; either way no file is read.
        HttpResponse<String> traversal = get("/messages/../../etc/passwd");
        assertTrue(traversal.statusCode() == 404 || traversal.statusCode() == 400, traversal.statusCode() + " " + traversal.body());
        assertFalse(traversal.body().contains("root:"), traversal.body());
    }

    @Test
    void theInboxPageListsAMessageSentToIt() throws Exception {
        ChromeDriver browser = HeadlessChrome.start(dir.resolve("chrome-profile"));
        try {
            browser.get("http://127.0.0.1:" + web.port() + "/");
            assertTrue(browser.getPageSource().contains("No messages yet"));
            sendSampleTo(smtp.port());
            // The page refreshes itself every 2 seconds.
            new WebDriverWait(browser, Deadlines.seconds(10))
                    .until(b -> b.findElements(By.cssSelector("#messages tr")).size() == 21);
            assertTrue(browser.findElement(By.cssSelector("#messages tr")).getText().contains("Key social learning resources part 2"));
            Path shots = Path.of("target", "screenshots");
            Files.createDirectories(shots);
            Files.write(shots.resolve("sandbox-inbox.png"), browser.getScreenshotAs(OutputType.BYTES));
            browser.findElement(By.cssSelector("#messages tr a")).click();
            new WebDriverWait(browser, Deadlines.seconds(5)).until(b -> b.findElements(By.tagName("iframe")).size() == 1);
            browser.switchTo().frame(0);
            assertEquals("Key social learning resources part 2", browser.findElement(By.tagName("h1")).getText());
        } finally {
            browser.quit();
        }
    }

    /**
     * GreenMail lists what it holds mailbox by mailbox, so a message to a@ that arrived after one to
     * b@ took b@'s number, and /messages/2 showed another message later (issue 18, item 9). Each
     * keeps its number and URL for the sandbox's life; both lists show the newest first.
     */
    @Test
    void aMessageKeepsItsNumberWhenOthersArriveAndTheNewestComesFirst() throws Exception {
        deliver("a@example.org", "one");
        deliver("b@example.org", "two");
        assertEquals(List.of("2 two", "1 one"), listed());
        deliver("a@example.org", "three");
        deliver("c@example.org", "four");
        assertEquals(List.of("4 four", "3 three", "2 two", "1 one"), listed());
        for (String[] expected : new String[][] {{"1", "one"}, {"2", "two"}, {"3", "three"}, {"4", "four"}}) {
            JsonNode one = new ObjectMapper().readTree(get("/api/messages/" + expected[0]).body());
            assertEquals(expected[1], one.get("subject").asText(), "/api/messages/" + expected[0]);
            assertTrue(get("/messages/" + expected[0]).body().contains("<h1>" + expected[1] + "</h1>"), "/messages/" + expected[0]);
        }
        String page = get("/").body();
        assertTrue(page.indexOf(">four</a>") < page.indexOf(">three</a>") && page.indexOf(">two</a>") < page.indexOf(">one</a>"), page);

        ChromeDriver browser = HeadlessChrome.start(dir.resolve("chrome-profile"));
        try {
            browser.get("http://127.0.0.1:" + web.port() + "/");
            deliver("b@example.org", "five");
            // the page refreshes itself every 2 seconds
            new WebDriverWait(browser, Deadlines.seconds(10)).until(b -> b.findElements(By.cssSelector("#messages tr")).size() == 5);
            List<String> rows = browser.findElements(By.cssSelector("#messages tr a")).stream().map(a -> a.getText()).toList();
            assertEquals(List.of("five", "four", "three", "two", "one"), rows);
            browser.findElements(By.cssSelector("#messages tr a")).get(3).click();
            new WebDriverWait(browser, Deadlines.seconds(5)).until(b -> b.getCurrentUrl().endsWith("/messages/2"));
            assertEquals("two", browser.findElement(By.tagName("h1")).getText());
        } finally {
            browser.quit();
        }
    }

    private List<String> listed() throws Exception {
        List<String> listed = new ArrayList<>();
        for (JsonNode entry : new ObjectMapper().readTree(get("/api/messages").body())) {
            listed.add(entry.get("id").asInt() + " " + entry.get("subject").asText());
        }
        return listed;
    }

    /** One message over SMTP to the sandbox, as any client would send it; returns once the sandbox has taken it. */
    private void deliver(String to, String subject) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(smtp.port()));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom("editor@example.org");
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(subject);
        message.setText("body of " + subject);
        Transport.send(message);
    }

    private void sendSampleTo(int port) {
        CliRun run = CliRun.withEnv(Map.of("TIDINGS_SECRET", "sandbox-test-secret-of-32-characters-or-more"), "send", "samples/social-learning-2.yaml",
                "--subscribers", "samples/subscribers.csv", "--smtp", "smtp://127.0.0.1:" + port,
                "--ledger", dir.resolve("ledger.db").toString(), "--yes");
        assertEquals(0, run.exitCode(), run.all());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
