package dev.tidings.cli;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import dev.tidings.Deadlines;
import dev.tidings.mail.smtp.RelayGreenMail;
import dev.tidings.preview.HeadlessChrome;
import dev.tidings.subscribers.ListEvent;
import dev.tidings.subscribers.ListJournal;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The archive as a reader meets it (issue 22), with real parts only: {@code tidings archive
 * --search} builds the site, the real {@code tidings serve} (a child JVM) serves it with its
 * Content-Security-Policy and takes the signups, GreenMail is the relay, headless Chromium the
 * reader. Served by serve itself (same origin) and from another origin (a static host, here the
 * JDK's HTTP server), the subscribe box's POST reaches serve, which sends the confirmation; the
 * link in it records the signup, with where it came from.
 */
class ArchiveServedIT {
    private static final Pattern CONFIRM = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/confirm\\?t=[A-Za-z0-9_-]+)");
    private static final String HOSTILE_TITLE = "Markup <img src=x onerror=\"window.pwned=1\"> in a title";

    @TempDir
    Path dir;

    private GreenMail greenMail;
    private Process serve;
    private HttpServer elsewhere;
    private int port;
    private Path list;
    private Path site;

    @BeforeEach
    void start() throws Exception {
        greenMail = new RelayGreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort().setVerbose(false));
        greenMail.start();
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        list = Files.writeString(dir.resolve("subscribers.csv"), "email,name,status\nkarl.moore@example.com,Karl Moore,subscribed\n");
        String serveUrl = "http://127.0.0.1:" + port + "/";
        Path gardens = issue("gardens", "2026-01-05", "Community gardens", "What the *second* article says about allotments.");
        Path older = issue("markup", "2025-11-03", HOSTILE_TITLE, "What the second article says about bicycles.");
        site = dir.resolve("site");
        CliRun archive = CliRun.of("archive", gardens.toString(), older.toString(), "-o", site.toString(), "--base-url", serveUrl, "--search");
        assertEquals(0, archive.exitCode(), archive.all());
        ProcessBuilder builder = new SendFixture(dir).childJvm(List.of(), Map.of("TIDINGS_SECRET", SendFixture.SECRET),
                "serve", gardens.toString(), "--subscribers", list.toString(), "--smtp", "smtp://127.0.0.1:" + greenMail.getSmtp().getPort(),
                "--public-url", serveUrl, "--listen", "127.0.0.1:" + port, "--site", site.toString());
        builder.redirectError(dir.resolve("serve.err").toFile());
        serve = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("serve: listening"), line + " " + Files.readString(dir.resolve("serve.err")));
    }

    /** An issue whose box posts to serve's /subscribe on this machine (subscribe_url: http on loopback). */
    private Path issue(String id, String date, String title, String secondSummary) throws Exception {
        String yaml = """
                newsletter:
                  name: Example Weekly
                  from: "Example Weekly <news@example.org>"
                  postal_address: "1 Example Street, Exampletown"
                  subscribe_url: "http://127.0.0.1:%d/subscribe"
                  unsubscribe:
                    mailto: leave@example.org
                  dkim: relay
                issue:
                  title: '%s'
                  preheader: Two articles worth reading
                  date: %s
                  image:
                    url: https://cdn.example.org/%s.jpg
                    alt: The cover
                  items:
                    - title: First article
                      url: https://example.org/first
                      summary: What the first article says.
                    - title: Second article
                      url: https://example.org/second
                      summary: '%s'
                """.formatted(port, title, date, id, secondSummary);
        return Files.writeString(dir.resolve(id + ".yaml"), yaml);
    }

    @AfterEach
    void stop() throws Exception {
        if (elsewhere != null) {
            elsewhere.stop(0);
        }
        if (serve != null) {
            serve.destroy();
            serve.waitFor();
        }
        greenMail.stop();
    }

    @Test
    void servedByServeTheTagsAreInTheDomTheBoxSubscribesAndTheSearchRunsUnderItsPolicy() throws Exception {
        String origin = "http://127.0.0.1:" + port;
        ChromeDriver browser = HeadlessChrome.start(dir.resolve("profile"));
        try {
            browser.get(origin + "/gardens/");
            Map<String, String> tags = previewTags(browser);
            assertEquals(origin + "/gardens/", tags.get("canonical"));
            assertEquals(origin + "/gardens/", tags.get("og:url"));
            assertEquals("Community gardens", tags.get("og:title"));
            assertEquals("Two articles worth reading", tags.get("og:description"));
            assertEquals("https://cdn.example.org/gardens.jpg", tags.get("og:image"));
            assertEquals("summary_large_image", tags.get("twitter:card"));
            assertEquals("article", tags.get("og:type"));

            subscribe(browser, "zoe.martin@example.org");
            confirm(browser, "zoe.martin@example.org", 1);
            awaitRow("zoe.martin@example.org,,subscribed,", ",form");

            browser.get(origin + "/");
            search(browser);
            assertEquals(List.of(), cspViolations(browser), "the search script runs under serve's policy, and nothing else tried");
        } finally {
            browser.quit();
        }
    }

    @Test
    void hostedElsewhereTheBoxPostsAcrossOriginsAndServeRecordsWhereFrom() throws Exception {
        elsewhere = staticHost(site);
        String origin = "http://127.0.0.1:" + elsewhere.getAddress().getPort();
        ChromeDriver browser = HeadlessChrome.start(dir.resolve("profile"));
        try {
            browser.get(origin + "/markup/index.html");
            assertEquals(HOSTILE_TITLE, previewTags(browser).get("og:title"), "the title as text, read from the DOM");
            subscribe(browser, "ines.garcia@example.org");
            confirm(browser, "ines.garcia@example.org", 1);
            awaitRow("ines.garcia@example.org,,subscribed,", ",form on " + origin);

            browser.get(origin + "/index.html");
            search(browser);
            browser.get(site.resolve("index.html").toUri().toString());
            search(browser); // from the disk too: the index is in the page, nothing is fetched
        } finally {
            browser.quit();
        }
    }

    /** Every tag a previewer reads, as the browser's DOM has them. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> previewTags(ChromeDriver browser) {
        Object tags = ((JavascriptExecutor) browser).executeScript("""
                var tags = {};
                document.querySelectorAll('meta[property], meta[name]').forEach(function (m) {
                  tags[m.getAttribute('property') || m.getAttribute('name')] = m.content;
                });
                var canonical = document.querySelector('link[rel=canonical]');
                tags.canonical = canonical ? canonical.href : null;
                return tags;""");
        return new LinkedHashMap<>((Map<String, String>) tags);
    }

    /** The box at the foot of the page, as a person fills it: no script involved. */
    private void subscribe(ChromeDriver browser, String email) throws Exception {
        WebElement box = browser.findElement(By.cssSelector("form.signup"));
        box.findElement(By.cssSelector("input[type=email]")).sendKeys(email);
        box.findElement(By.cssSelector("button[type=submit]")).click();
        Deadlines.await("serve's answer", () -> browser.getPageSource().contains("Check your inbox"), Duration.ofSeconds(20));
        assertTrue(browser.getCurrentUrl().startsWith("http://127.0.0.1:" + port + "/subscribe"), browser.getCurrentUrl());
    }

    /** Serve's confirmation mail, and its link opened: the signup is then durable. */
    private void confirm(ChromeDriver browser, String email, int mails) throws Exception {
        Deadlines.await(mails + " mails", () -> greenMail.getReceivedMessages().length >= mails, Duration.ofSeconds(30));
        MimeMessage mail = greenMail.getReceivedMessages()[mails - 1];
        assertEquals(email, ((InternetAddress) mail.getRecipients(Message.RecipientType.TO)[0]).getAddress());
        String text = ((MimeMultipart) mail.getContent()).getBodyPart(0).getContent().toString();
        Matcher link = CONFIRM.matcher(text);
        assertTrue(link.find(), text);
        assertNull(ListJournal.lastEvents(list).get(email), "nothing recorded before the confirmation");
        browser.get(link.group(1));
        Deadlines.await("subscribed", () -> browser.getPageSource().contains("You are subscribed"), Duration.ofSeconds(20));
        assertEquals(ListEvent.Kind.SUBSCRIBED, ListJournal.lastEvents(list).get(email));
    }

    /** The journal reaches the CSV in batches: wait for the row, then check the consent's source at its end. */
    private void awaitRow(String start, String end) throws Exception {
        Deadlines.await("'" + start + "' in " + list, () -> {
            try {
                return Files.readString(list).contains(start);
            } catch (java.io.IOException e) {
                return false;
            }
        }, Duration.ofSeconds(20));
        String row = Files.readString(list).lines().filter(line -> line.startsWith(start)).findFirst().orElseThrow();
        assertTrue(row.endsWith(end), row);
    }

    /**
     * The index's search as a reader types: a word of an item's summary (not shown on the index)
     * keeps that issue alone; markup typed, and an issue title holding markup, stay text: no
     * handler of theirs ever runs (window.pwned stays unset), and no element is made of them.
     */
    private static void search(ChromeDriver browser) throws Exception {
        JavascriptExecutor js = browser;
        WebElement box = browser.findElement(By.id("search"));
        Deadlines.await("the search box shown by its script", box::isDisplayed, Duration.ofSeconds(10));
        WebElement query = browser.findElement(By.id("search-query"));
        query.sendKeys("ALLOTMENTS");
        assertEquals(List.of("Community gardens"), shown(browser));
        assertEquals(List.of("2026"), visibleYears(browser));
        query.clear();
        query.sendKeys("img src");
        assertEquals(List.of(HOSTILE_TITLE), shown(browser), "the title's markup is text, found as text");
        query.clear();
        query.sendKeys("<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script> nothing");
        assertEquals(0L, js.executeScript("return document.querySelectorAll('img, main script').length;"), "no element made of text");
        assertEquals(List.of(), shown(browser));
        assertEquals("No issue matches your search.", browser.findElement(By.id("search-status")).getText());
        query.clear();
        query.sendKeys(" ");
        assertEquals(2, shown(browser).size(), "every issue again");
        assertNull(js.executeScript("return window.pwned === undefined ? null : window.pwned;"), "nothing ran");
    }

    private static List<String> shown(ChromeDriver browser) {
        List<String> titles = new ArrayList<>();
        for (WebElement li : browser.findElements(By.cssSelector("li[data-url]"))) {
            if (li.isDisplayed()) {
                titles.add(li.findElement(By.cssSelector("h3 a")).getText());
            }
        }
        return titles;
    }

    private static List<String> visibleYears(ChromeDriver browser) {
        return browser.findElements(By.cssSelector("section[data-year]")).stream().filter(WebElement::isDisplayed)
                .map(section -> section.getAttribute("data-year")).toList();
    }

    private static List<String> cspViolations(ChromeDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy")).toList();
    }

    /** A static host on another origin: the site's files, nothing else (the JDK's HTTP server). */
    private static HttpServer staticHost(Path root) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (Files.isDirectory(file)) {
                file = file.resolve("index.html");
            }
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] body = Files.readAllBytes(file);
                exchange.getResponseHeaders().set("Content-Type", file.toString().endsWith(".html") ? "text/html; charset=utf-8"
                        : "application/octet-stream");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return server;
    }
}
