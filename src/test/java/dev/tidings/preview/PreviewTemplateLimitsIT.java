package dev.tidings.preview;

import dev.tidings.render.ThemeExport;
import dev.tidings.mail.mime.MessageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A theme that never finishes rendering, through the preview's live re-render and its HTTP
 * server: the page must report the template's error at its line (not keep showing the last
 * good rendering as "ok"), keep serving, and recover when the template is fixed. Before the
 * limits, an endless loop held the re-render for ever and a recursive macro killed the thread
 * that watches the files, so the preview never updated again.
 */
class PreviewTemplateLimitsIT {
    /**
     * Re-rendering stops a runaway template after 10 seconds; this is for a busy machine. The whole
     * test runs under it, closing included (closing waited for the endless re-render), so that a
     * regression fails instead of hanging the build.
     */
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final String BODY = "<body class=\"body\">";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void aTemplateThatNeverEndsIsShownAsItsErrorAndThePreviewKeepsServing() {
        assertTimeoutPreemptively(BOUND, this::editsAThemeToRunAwayAndBack);
    }

    /**
     * An expression that asks for more memory than Java can give at once: FreeMarker builds the
     * string before any limit sees it, and the OutOfMemoryError killed the thread that watches the
     * files. The page kept saying "ok" with the last good email, and never re-rendered again.
     */
    @Test
    void aTemplateThatRunsOutOfMemoryIsShownAsAFailureAndThePreviewStillFollowsTheFiles() {
        assertTimeoutPreemptively(BOUND, () -> {
            Path digest = dir.resolve("social-learning-2.yaml");
            Files.copy(Path.of("samples/social-learning-2.yaml"), digest);
            Path theme = copyOfDefaultTheme();
            Path html = theme.resolve("email.html.ftlh");
            String original = Files.readString(html);
            try (LivePreview preview = new LivePreview(new PreviewSource(digest, theme, Path.of("samples/subscribers.csv"), "test-secret"));
                 PreviewServer server = PreviewServer.start(preview, new MessageBuilder(Clock.systemUTC()), "127.0.0.1", 0)) {
                preview.start();
                assertTrue(get(server, "/api/state").body().contains("\"ok\":true"));

                // A single array of 2^31 - 1 bytes: refused at once ("exceeds VM limit"), without filling the heap.
                save(preview, html, original.replace(BODY, BODY + "\n${\"x\"?left_pad(2147483647)}"));
                String state = get(server, "/api/state").body();
                assertTrue(state.contains("\"ok\":false"), state);
                assertTrue(state.matches("(?s).*email\\.html\\.ftlh:\\d+:\\d+: template error: rendering stopped: it ran out of memory.*"), state);
                assertEquals(409, get(server, "/email.html").statusCode(), "no stale email is served as if it were current");

                save(preview, html, original);
                assertTrue(get(server, "/api/state").body().contains("\"ok\":true"), "the fixed theme renders again");
            }
        });
    }

    private void editsAThemeToRunAwayAndBack() throws Exception {
        Path digest = dir.resolve("social-learning-2.yaml");
        Files.copy(Path.of("samples/social-learning-2.yaml"), digest);
        Path theme = copyOfDefaultTheme();
        Path html = theme.resolve("email.html.ftlh");
        String original = Files.readString(html);
        assertTrue(original.contains(BODY));
        int line = (int) original.substring(0, original.indexOf(BODY)).lines().count() + 1;

        try (LivePreview preview = new LivePreview(new PreviewSource(digest, theme, Path.of("samples/subscribers.csv"), "test-secret"));
             PreviewServer server = PreviewServer.start(preview, new MessageBuilder(Clock.systemUTC()), "127.0.0.1", 0)) {
            preview.start();
            assertTrue(get(server, "/api/state").body().contains("\"ok\":true"));

            // A loop that writes nothing: only the time limit can stop it.
            save(preview, html, original.replace(BODY, BODY + "\n<#list 1.. as i></#list>"));
            String state = get(server, "/api/state").body();
            assertTrue(state.contains("\"ok\":false"), state);
            assertTrue(state.contains(theme + "/email.html.ftlh:" + (line + 1) + ":1: template error: rendering stopped after 10 seconds"
                    + " (a loop that never ends?)"), state);
            assertEquals(200, get(server, "/").statusCode(), "the page is still served");
            assertEquals(409, get(server, "/email.html").statusCode(), "no stale email is served as if it were current");

            // A macro that calls itself: stopped at its line, and the preview still follows the files.
            save(preview, html, original.replace(BODY, BODY + "\n<#macro down n>${n}<@down n + 1/></#macro><@down 0/>"));
            state = get(server, "/api/state").body();
            assertTrue(state.contains(theme + "/email.html.ftlh:" + (line + 1) + ":1: template error: rendering stopped at 400 directives"),
                    state);

            save(preview, html, original);
            state = get(server, "/api/state").body();
            assertTrue(state.contains("\"ok\":true"), state);
            assertTrue(get(server, "/email.html?as=zoe.martin%40example.org").body().contains("Hi Zoë,"), "the fixed theme renders again");
        }
    }

    /**
     * Saves as editors do (a new file renamed over the old) and waits for the poll's re-render of it:
     * a new version of the preview, the event the page's /events stream announces.
     */
    private static void save(LivePreview preview, Path file, String content) throws Exception {
        long seen = preview.current().version();
        Path temp = file.resolveSibling("..").resolve(".edit.tmp").normalize();
        Files.writeString(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertTrue(preview.awaitNewerThan(seen, BOUND) > seen, "the preview re-rendered after the save");
    }

    /** The default theme as {@code tidings theme export} writes it, to change one file of. */
    private Path copyOfDefaultTheme() {
        Path theme = dir.resolve("theme");
        ThemeExport.defaultThemeTo(theme);
        return theme;
    }

    private HttpResponse<String> get(PreviewServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
