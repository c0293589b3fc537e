package dev.tidings.preview;

import dev.tidings.Deadlines;
import dev.tidings.mail.mime.MessageBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The preview page in a real browser: the email in its frame, the phone width, live reload, errors and recovery. */
class PreviewBrowserIT {
    private static final String TITLE = "Key social learning resources part 2";

    @TempDir
    Path dir;

    private Path digest;
    private LivePreview preview;
    private PreviewServer server;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws IOException {
        digest = dir.resolve("social-learning-2.yaml");
        Files.copy(Path.of("samples/social-learning-2.yaml"), digest);
        preview = new LivePreview(new PreviewSource(digest, null, Path.of("samples/subscribers.csv"), "test-secret"));
        preview.start();
        server = PreviewServer.start(preview, new MessageBuilder(Clock.systemUTC()), "127.0.0.1", 0);
        browser = HeadlessChrome.start(dir.resolve("chrome-profile"));
        browser.get("http://127.0.0.1:" + server.port() + "/");
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (preview != null) {
            preview.close();
        }
    }

    @Test
    void showsTheIssueInTheFrameAndTogglesThePhoneWidth() throws IOException {
        assertEquals(TITLE, titleInFrame(TITLE, Duration.ofSeconds(10)));
        assertTrue(browser.findElement(By.id("subject")).getText().contains("Key social learning resources part 2"));
        assertTrue(browser.findElement(By.id("size")).getText().endsWith("of 102 KB"));
        keepScreenshot("preview-desktop.png");

        WebElement frame = browser.findElement(By.id("frame"));
        assertTrue(frame.getSize().getWidth() >= 600, "desktop width " + frame.getSize().getWidth());
        browser.findElement(By.id("phone")).click();
        new WebDriverWait(browser, Deadlines.seconds(5)).until(b -> frame.getSize().getWidth() <= 380);
        assertTrue(frame.getSize().getWidth() >= 370, "phone width " + frame.getSize().getWidth());
        keepScreenshot("preview-phone.png");
    }

    @Test
    void anEditedDigestUpdatesThePageWithoutAReload() throws IOException {
        assertEquals(TITLE, titleInFrame(TITLE, Duration.ofSeconds(10)));
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");
        edit("title: Key social learning resources part 2", "title: Key social learning resources, revised");
        assertEquals("Key social learning resources, revised", titleInFrame("Key social learning resources, revised", Duration.ofSeconds(5)));
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;"),
                "the page itself must not reload");
    }

    @Test
    void aBrokenDigestShowsItsErrorsAndTheFixRecovers() throws IOException {
        assertEquals(TITLE, titleInFrame(TITLE, Duration.ofSeconds(10)));
        edit("  date: 2026-09-15", "  date: 2026-09-15\n  titel: typo");
        WebElement error = new WebDriverWait(browser, Deadlines.seconds(5))
                .until(b -> b.findElements(By.cssSelector("#problems li.error")).stream().findFirst().orElse(null));
        assertTrue(error.getText().matches(".*social-learning-2\\.yaml:\\d+:\\d+: issue\\.titel: unknown key 'titel'; did you mean 'title'\\?.*"),
                error.getText());
        assertTrue(browser.findElement(By.tagName("body")).getAttribute("class").contains("has-errors"));
        keepScreenshot("preview-error.png");

        edit("\n  titel: typo", "");
        new WebDriverWait(browser, Deadlines.seconds(5))
                .until(b -> b.findElements(By.cssSelector("#problems li.error")).isEmpty());
        assertEquals(TITLE, titleInFrame(TITLE, Duration.ofSeconds(5)));
    }

    /** Issue 21: the frame shows the issue in its language and direction, switched live by an edit. */
    @Test
    void anIssueInArabicIsRightToLeftInTheFrame() throws IOException {
        assertEquals(TITLE, titleInFrame(TITLE, Duration.ofSeconds(10)));
        edit("  name: TrainingZone\n", "  name: TrainingZone\n  language: ar\n");
        String[] seen = {""};
        new WebDriverWait(browser, Deadlines.seconds(10)).ignoring(RuntimeException.class).until(b -> {
            b.switchTo().defaultContent();
            b.switchTo().frame("frame");
            try {
                WebElement html = b.findElement(By.tagName("html"));
                seen[0] = html.getAttribute("lang") + " " + html.getCssValue("direction") + " "
                        + b.findElement(By.cssSelector("h1")).getCssValue("direction");
                return seen[0].equals("ar rtl rtl");
            } finally {
                b.switchTo().defaultContent();
            }
        });
        assertEquals("ar rtl rtl", seen[0]);
        browser.findElement(By.id("phone")).click();
        keepScreenshot("preview-ar-phone.png");
    }

    /** Waits until the email frame's h1 reads {@code expected}; returns what it reads last (for the assertion message). */
    private String titleInFrame(String expected, Duration timeout) {
        String[] title = {""};
        try {
            new WebDriverWait(browser, Deadlines.scaled(timeout)).ignoring(RuntimeException.class).until(b -> {
                b.switchTo().defaultContent();
                b.switchTo().frame("frame");
                try {
                    title[0] = b.findElement(By.cssSelector("h1")).getText();
                    return expected.equals(title[0]);
                } finally {
                    b.switchTo().defaultContent();
                }
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            // fall through: the assertion names what the frame showed instead
        }
        return title[0];
    }

    private void edit(String from, String to) throws IOException {
        String text = Files.readString(digest);
        assertTrue(text.contains(from), "the digest no longer contains: " + from);
        // Editors save by writing a new file and renaming it over the old one: do the same.
        Path temp = dir.resolve(".digest.tmp");
        Files.writeString(temp, text.replace(from, to));
        Files.move(temp, digest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void keepScreenshot(String name) throws IOException {
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }
}
