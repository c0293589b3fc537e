package dev.tidings.cli;

import dev.tidings.preview.HeadlessChrome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The archive opened from the disk, in a real browser, as an editor checks it before uploading:
 * from the index to an issue and back by the links, never to a folder listing (Chromium shows
 * "Index of ..." for a file:// directory, where a static host would serve its index.html).
 */
class ArchiveFromDiskIT {
    private static final Path SAMPLE = Path.of("samples/social-learning-2.yaml");
    private static final Path EVENTS = Path.of("src/test/resources/digests/good/events.yaml");

    @TempDir
    Path dir;

    @Test
    void theIndexAndEachIssueReachEachOtherFromTheDisk() {
        Path site = dir.resolve("site");
        CliRun run = CliRun.of("archive", "-o", site.toString(), SAMPLE.toString(), EVENTS.toString(),
                "--base-url", "https://news.example.org/archive/");
        assertEquals(0, run.exitCode(), run.all());
        ChromeDriver browser = HeadlessChrome.start(dir.resolve("profile"));
        try {
            browser.get(site.resolve("index.html").toUri().toString());
            List<String> titles = browser.findElements(By.cssSelector("li.issue h3 a")).stream().map(a -> a.getText()).toList();
            assertEquals(List.of("The winter gathering", "Key social learning resources part 2"), titles);
            for (int i = 0; i < titles.size(); i++) {
                browser.findElements(By.cssSelector("li.issue h3 a")).get(i).click();
                assertIsAPage(browser);
                assertTrue(browser.getCurrentUrl().endsWith("/index.html"), browser.getCurrentUrl());
                assertTrue(browser.findElement(By.tagName("body")).getText().contains(titles.get(i)),
                        "the issue's own page: " + browser.getCurrentUrl());
                browser.findElement(By.linkText("All issues")).click();
                assertIsAPage(browser);
                assertEquals(site.resolve("index.html").toUri().toString(), browser.getCurrentUrl());
            }
        } finally {
            browser.quit();
        }
    }

    private static void assertIsAPage(WebDriver browser) {
        assertFalse(browser.getTitle().startsWith("Index of"), "a folder listing, not a page: " + browser.getCurrentUrl());
    }
}
