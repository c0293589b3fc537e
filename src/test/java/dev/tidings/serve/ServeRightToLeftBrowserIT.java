package dev.tidings.serve;

import dev.tidings.digest.Newsletter;
import dev.tidings.preview.HeadlessChrome;
import dev.tidings.render.TemplateSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Serve's signup page in Arabic (issue 21) as Chromium lays it out at 375 and 700 px: right to
 * left, the labels, the consent and the button on the right. Screenshots go to
 * target/rtl-screenshots/serve-ar-WIDTH.png, to be looked at.
 */
class ServeRightToLeftBrowserIT {
    private static final Path SHOTS = Path.of("target/rtl-screenshots");

    @TempDir
    Path dir;

    @Test
    void theArabicSignupPageIsMirroredAtPhoneAndDesktopWidths() throws Exception {
        Newsletter n = ReaderRoutesTest.NEWSLETTER;
        Newsletter arabic = new Newsletter("نشرة المثال", n.from(), n.replyTo(), n.website(), n.postalAddress(), n.unsubscribe(),
                n.footer(), n.archiveUrl(), n.utm(), n.greeting(), n.publicUrl(), "خمسة روابط أسبوعيًا عن التعلم من بعضنا.",
                n.bounceAddress(), n.dkim(), "ar", null, null);
        ReaderPages pages = new ReaderPages(TemplateSet.defaultTheme(), arabic, "http://127.0.0.1:8080/");
        Path html = dir.resolve("serve-ar.html");
        Files.writeString(html, pages.render(200, pages.signupForm()).html());
        HeadlessChrome.atWidths(html, dir.resolve("profile"), List.of(375, 700), 1400, SHOTS, "serve-ar",
                ServeRightToLeftBrowserIT::assertMirrored);
    }

    private static void assertMirrored(ChromeDriver browser, int width) {
        WebElement html = browser.findElement(By.tagName("html"));
        assertEquals("ar", html.getAttribute("lang"));
        assertEquals("rtl", html.getCssValue("direction"), width + " px: the page's direction");
        WebElement main = browser.findElement(By.tagName("main"));
        int mainCentre = main.getRect().getX() + main.getRect().getWidth() / 2;
        for (String selector : List.of("label[for=email]", ".consent", "h2")) {
            WebElement element = browser.findElement(By.cssSelector(selector));
            assertEquals("right", element.getCssValue("text-align"), width + " px: " + selector + " aligned right");
        }
        WebElement button = browser.findElement(By.cssSelector("button[type=submit]"));
        assertTrue(button.getRect().getX() > mainCentre, width + " px: the button on the right (its left edge "
                + button.getRect().getX() + ", the page's centre " + mainCentre + ")");
        long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertEquals(0, overflow, width + " px: nothing to scroll sideways (the bots' hidden field is off the page)");
        WebElement postal = browser.findElement(By.cssSelector(".postal"));
        assertEquals("ltr", postal.getCssValue("direction"), width + " px: a Latin postal address keeps its own order");
        WebElement label = browser.findElement(By.cssSelector("label[for=name]"));
        assertTrue(label.getText().contains("اختياري"), label.getText());
    }
}
