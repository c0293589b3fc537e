package dev.tidings.cli;

import dev.tidings.render.RenderFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample issue exactly as {@code tidings render} writes it for one subscriber of the sample
 * list, compared whole against src/test/resources/golden/. A change to the theme, the inliner, the
 * wrapper or the MIME builder shows up here as a reviewable diff of what subscribers receive.
 *
 * <p>When a change to the output is intended, regenerate the goldens deliberately and review the
 * diff like code before committing it:
 * <pre>
 *   mvn -q test -Dtest=GoldenRenderTest -Dgolden.update=true
 *   git diff src/test/resources/golden/
 * </pre>
 * In the .eml the Date and Message-ID headers and the MIME boundary differ on every run; they are
 * normalised (in the golden and in what is compared) and everything else is compared byte for byte.
 */
class GoldenRenderTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final String ISSUE = "social-learning-2";
    private static final String SUBSCRIBER = "zoe.martin@example.org";
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TempDir
    Path out;

    @Test
    void theSampleRendersExactlyAsTheGoldenFiles() throws IOException {
        CliRun run = CliRun.withEnv(Map.of("TIDINGS_SECRET", RenderFixtures.TEST_SECRET),
                "render", RenderFixtures.SAMPLE.toString(), "--subscriber", SUBSCRIBER,
                "--subscribers", RenderFixtures.SUBSCRIBERS.toString(), "-o", out.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertEquals("", run.err(), "the sample renders without a warning");

        String html = Files.readString(out.resolve(ISSUE + ".html"), StandardCharsets.UTF_8);
        String text = Files.readString(out.resolve(ISSUE + ".txt"), StandardCharsets.UTF_8);
        // The message is 7-bit (encoded headers, quoted-printable bodies); Latin-1 reads it byte for byte.
        String eml = normaliseEml(Files.readString(out.resolve(ISSUE + ".eml"), StandardCharsets.ISO_8859_1));

        compare(ISSUE + ".html", html, StandardCharsets.UTF_8);
        compare(ISSUE + ".txt", text, StandardCharsets.UTF_8);
        compare(ISSUE + ".eml", eml, StandardCharsets.ISO_8859_1);

        // The command says what it wrote and how big each file is.
        String[] lines = run.out().split("\n");
        assertEquals(3, lines.length, run.out());
        for (int i = 0; i < 3; i++) {
            String file = out.resolve(ISSUE + new String[] {".html", ".txt", ".eml"}[i]).toString();
            assertTrue(lines[i].startsWith(file + " ") && lines[i].matches(".* \\d+(\\.\\d)? (B|KB)"), lines[i]);
        }
    }

    /**
     * Replaces what differs between runs by fixed text: the Date header, the random part of the
     * Message-ID (its issue id and domain stay, as they are part of the format), and the boundary.
     */
    static String normaliseEml(String eml) {
        String normal = eml.replaceAll("(?m)^Date: [^\r\n]*(\r\n[ \t][^\r\n]*)*", "Date: (normalised)");
        normal = normal.replaceAll("(?m)^Message-ID: <" + ISSUE + "\\.[a-z2-7]+@", "Message-ID: <" + ISSUE + ".(random)@");
        Matcher boundary = Pattern.compile("boundary=\"([^\"]+)\"").matcher(normal);
        assertTrue(boundary.find(), "a multipart message has a boundary");
        return normal.replace(boundary.group(1), "(boundary)");
    }

    static void compare(String name, String actual, java.nio.charset.Charset charset) throws IOException {
        Path golden = GOLDEN.resolve(name);
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.write(golden, actual.getBytes(charset));
            System.out.println("golden.update: wrote " + golden + "; review it with git diff before committing");
            return;
        }
        assertTrue(Files.exists(golden), golden + " is missing; create it with -Dgolden.update=true and review it");
        String expected = new String(Files.readAllBytes(golden), charset);
        RenderFixtures.assertSameDocument(expected, actual,
                () -> name + " differs from " + golden + " (if intended: -Dgolden.update=true, then review git diff)");
    }
}
