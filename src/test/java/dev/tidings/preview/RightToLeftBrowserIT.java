package dev.tidings.preview;

import dev.tidings.digest.Digest;
import dev.tidings.render.RenderFixtures;
import dev.tidings.render.RenderedEmail;
import dev.tidings.render.TemplateSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample in Arabic (issue 21) as Chromium lays it out, at a phone's 375 px and a desktop
 * window's 700 px: the page is right to left, each item's number is right of its title, the quotes'
 * rule is on the right and the text aligned right. Screenshots go to target/rtl-screenshots/, to be
 * looked at (what a computed style cannot say: that it reads as a mirrored page).
 */
class RightToLeftBrowserIT {
    private static final Path SHOTS = Path.of("target/rtl-screenshots");
    private static final String NAME = "  name: TrainingZone\n";

    @TempDir
    Path dir;

    @Test
    void theArabicIssueIsMirroredAtPhoneAndDesktopWidths() throws Exception {
        Path file = RenderFixtures.sampleWith(dir, "ar.yaml", NAME, NAME + "  language: ar\n",
                "  title: Key social learning resources part 2\n", "  title: \"مصادر أساسية في التعلم الاجتماعي: الجزء الثاني\"\n");
        Digest digest = RenderFixtures.load(file);
        RenderedEmail email = RenderFixtures.prepare(digest, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET)
                .renderOne(RenderFixtures.sampleRecipients().get(0));
        Path html = dir.resolve("ar.html");
        Files.writeString(html, email.html());
        HeadlessChrome.atWidths(html, dir.resolve("profile"), List.of(375, 700), 2400, SHOTS, "ar",
                RightToLeftBrowserIT::assertMirrored);
    }

    private static void assertMirrored(ChromeDriver browser, int width) {
        WebElement html = browser.findElement(By.tagName("html"));
        assertEquals("ar", html.getAttribute("lang"));
        assertEquals("rtl", html.getCssValue("direction"), width + " px: the page's direction");
        WebElement title = browser.findElement(By.cssSelector(".item-title"));
        assertEquals("rtl", title.getCssValue("direction"), width + " px: an item title's direction");
        // align="right" on the cell (for Outlook) is inherited as -webkit-right: the same alignment.
        String align = browser.findElement(By.cssSelector(".item-meta")).getCssValue("text-align");
        assertTrue(align.equals("right") || align.equals("-webkit-right") || align.equals("start"), width + " px: " + align);
        List<WebElement> numbers = browser.findElements(By.cssSelector(".item-number"));
        List<WebElement> titles = browser.findElements(By.cssSelector(".item-title"));
        for (int i = 0; i < numbers.size(); i++) {
            int numberLeft = numbers.get(i).getRect().getX();
            int titleRight = titles.get(i).getRect().getX() + titles.get(i).getRect().getWidth();
            assertTrue(numberLeft >= titleRight, width + " px: item " + (i + 1) + "'s number (left edge " + numberLeft
                    + ") is right of its title (right edge " + titleRight + ")");
        }
        WebElement quote = browser.findElement(By.cssSelector(".quote"));
        assertEquals("4px", quote.getCssValue("border-right-width"), width + " px: the quote's rule on the right");
        assertEquals("0px", quote.getCssValue("border-left-width"), width + " px: and none on the left");
    }
}
