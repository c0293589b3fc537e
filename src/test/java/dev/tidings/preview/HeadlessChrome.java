package dev.tidings.preview;

import dev.tidings.Deadlines;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's chromium driven through Debian's chromedriver: no browser download, no network. The
 * flags are those this machine's closed network needs (no background connections). Without the
 * two packages the browser tests are skipped on a developer's machine, but under CI=true they
 * must run, so a missing install step fails loudly instead of hiding.
 */
public final class HeadlessChrome {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChrome() {
    }

    public static ChromeDriver start(Path profile) {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but chromium/chromedriver are missing: .ci/run must install them");
        }
        Assumptions.assumeTrue(installed, "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile.toAbsolutePath());
        // The page's console (errors, warnings, CSP reports) kept for the test to read: driver.manage().logs()
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .withTimeout(Deadlines.seconds(20)) // Selenium's own 20 s for chromedriver to start, which a busy machine can exceed
                .build();
        return new ChromeDriver(service, options);
    }

    /** What a test checks of a page at one viewport width. */
    @FunctionalInterface
    public interface WidthCheck {
        void check(ChromeDriver browser, int width) throws Exception;
    }

    /**
     * Opens the file at each width (viewport {@code width} x {@code height}), checks it, and saves a
     * screenshot as {@code shots/NAME-WIDTH.png} for a person to look at.
     */
    public static void atWidths(Path page, Path profile, List<Integer> widths, int height, Path shots, String name, WidthCheck check)
            throws Exception {
        Files.createDirectories(shots);
        ChromeDriver browser = start(profile);
        try {
            for (int width : widths) {
                browser.manage().window().setSize(new Dimension(width, height));
                browser.get(page.toUri().toString());
                long inner = (Long) ((JavascriptExecutor) browser).executeScript("return window.innerWidth;");
                assertTrue(Math.abs(inner - width) <= 20, "the viewport is about " + width + " px: " + inner);
                check.check(browser, width);
                Files.write(shots.resolve(name + "-" + width + ".png"), browser.getScreenshotAs(OutputType.BYTES));
            }
        } finally {
            browser.quit();
        }
    }
}
