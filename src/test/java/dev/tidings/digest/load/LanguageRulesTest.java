package dev.tidings.digest.load;

import dev.tidings.digest.Problem;
import dev.tidings.digest.TestDigests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** newsletter.language, issue.language and newsletter.strings on the minimal digest (issue 21). */
class LanguageRulesTest {
    private static final String NAME = "  name: Example Weekly";
    private static final String DATE = "  date: 2026-01-05";

    @TempDir
    Path dir;

    @Test
    void bundledAndJdkLanguagesAndRegionsAreFine() throws IOException {
        for (String tag : List.of("de", "pt-BR", "zh-Hans", "ar", "fi", "en-US", "sr-Latn")) {
            assertEquals(List.of(), formatted(NAME, NAME + "\n  language: " + tag), tag);
        }
    }

    @Test
    void anUnknownLanguageIsNamedWithTheNearestTags() throws IOException {
        Path file = digest(NAME, NAME + "\n  language: dee");
        assertEquals(List.of(file + ":4:13: newsletter.language: unknown language 'dee'; did you mean 'de', 'ee' or 'en'?"
                + " (a BCP 47 tag: the theme has words for en, de, fr, es, it, pt, nl, sv, pl, cs, ja, zh-Hans, ko, ar, he)"),
                formatted(file));
    }

    @Test
    void aLanguagesEnglishNameFindsItsTagFirst() throws IOException {
        Path file = digest(DATE, DATE + "\n  language: German");
        assertEquals(1, formatted(file).size());
        assertEquals(file + ":13:13: issue.language: unknown language 'german'; did you mean 'de',",
                formatted(file).get(0).substring(0, (file + ":13:13: issue.language: unknown language 'german'; did you mean 'de',").length()));
    }

    @Test
    void aMalformedTagSaysItIsNotBcp47() throws IOException {
        Path file = digest(NAME, NAME + "\n  language: de_DE");
        List<String> problems = formatted(file);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).startsWith(file + ":4:13: newsletter.language: 'de_DE' is not a BCP 47 language tag ("),
                problems.get(0));
        assertEquals(true, problems.get(0).contains("did you mean 'de'"), problems.get(0));
    }

    @Test
    void anUnknownStringKeyIsNamedWithTheNearestKeys() throws IOException {
        Path file = digest(NAME, NAME + "\n  strings:\n    read_more: Weiterlesen\n    unsubscrbe: Abmelden");
        assertEquals(List.of(file + ":6:5: newsletter.strings.unsubscrbe: unknown theme string 'unsubscrbe'; did you mean"
                + " 'unsubscribe', 'subscribe' or 'read_more'? (the keys are those of the theme's messages_en.properties)"),
                formatted(file));
    }

    private Path digest(String from, String to) throws IOException {
        return TestDigests.minimalWith(dir, "digest.yaml", from, to);
    }

    private List<String> formatted(String from, String to) throws IOException {
        return formatted(digest(from, to));
    }

    private static List<String> formatted(Path file) {
        return new DigestLoader().load(file).problems().stream().map(Problem::format).toList();
    }
}
