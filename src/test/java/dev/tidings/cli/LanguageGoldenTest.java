package dev.tidings.cli;

import dev.tidings.render.RenderFixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sample issue in German, Japanese and Arabic (issue 21), as {@code tidings render} writes it,
 * against src/test/resources/golden/social-learning-2.TAG.*: the theme's words from the bundles,
 * dates from CLDR, lang and dir, the mirrored layout for Arabic, and a subject in the language's
 * script RFC 2047-encoded in the .eml. The editor's content stays the sample's English but for the
 * title (the subject), written in the language to exercise the header encoding.
 * Regenerate deliberately as GoldenRenderTest says ({@code -Dgolden.update=true}) and review.
 */
class LanguageGoldenTest {
    private static final String TITLE = "  title: Key social learning resources part 2\n";
    private static final String NAME = "  name: TrainingZone\n";
    private static final String LINK = "      link:\n        text: Find out more\n";
    /** The call-out's chat as an event, for its when line (weekday, date, times and zone in the language). */
    private static final String EVENT = "      event:\n        start: 2026-09-22T17:00:00+01:00\n        end: 2026-09-22T18:00:00+01:00\n"
            + "        location: \"Twitter, #tzchat\"\n";

    @TempDir
    Path out;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "de|Wichtige Quellen zum sozialen Lernen, Teil 2",
            "ja|ソーシャルラーニングの重要な資料（その2）",
            "ar|مصادر أساسية في التعلم الاجتماعي: الجزء الثاني"})
    void theSampleInTheLanguageRendersAsItsGoldenFiles(String tag, String title) throws IOException {
        Path digest = RenderFixtures.sampleWith(out, "social-learning-2.yaml", NAME, NAME + "  language: " + tag + "\n",
                TITLE, "  title: \"" + title + "\"\n", LINK, EVENT + LINK);
        CliRun run = CliRun.withEnv(Map.of("TIDINGS_SECRET", RenderFixtures.TEST_SECRET),
                "render", digest.toString(), "--subscriber", "zoe.martin@example.org",
                "--subscribers", RenderFixtures.SUBSCRIBERS.toString(), "-o", out.resolve("out").toString());
        assertEquals(0, run.exitCode(), run.all());
        assertEquals("", run.err(), "the issue renders without a warning in " + tag);
        String name = "social-learning-2." + tag;
        GoldenRenderTest.compare(name + ".html", read("html", StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        GoldenRenderTest.compare(name + ".txt", read("txt", StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        GoldenRenderTest.compare(name + ".eml", normaliseEml(read("eml", StandardCharsets.ISO_8859_1)),
                StandardCharsets.ISO_8859_1);
    }

    /** As GoldenRenderTest's, and the inner boundary too: the event's .ics makes the message multipart/mixed. */
    private static String normaliseEml(String eml) {
        String normal = GoldenRenderTest.normaliseEml(eml);
        java.util.regex.Matcher inner = java.util.regex.Pattern.compile("boundary=\"(=_tidings_[^\"]+)\"").matcher(normal);
        return inner.find() ? normal.replace(inner.group(1), "(inner boundary)") : normal;
    }

    private String read(String extension, java.nio.charset.Charset charset) throws IOException {
        return Files.readString(out.resolve("out/social-learning-2." + extension), charset);
    }
}
