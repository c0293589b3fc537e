package dev.tidings.render;

import dev.tidings.digest.Digest;
import dev.tidings.digest.Languages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample in every bundled language (issue 21): no English word of the theme is left in the
 * email (HTML and text), the archive's page or its index, except where the editor wrote it; the
 * editor's strings win over the bundle; a user theme's bundle wins over the default's and falls
 * back to it key by key.
 */
class LanguageRenderTest {
    private static final String NAME = "  name: TrainingZone\n";
    private static final String LINK = "      link:\n        text: Find out more\n";
    private static final String EVENT = "      event:\n        start: 2026-09-22T17:00:00+01:00\n        location: Online\n";
    private static final String ARCHIVE = "  website: https://trainingzone.example\n";

    @TempDir
    Path dir;

    static List<String> languages() {
        return Languages.BUNDLED.stream().filter(tag -> !tag.equals("en")).toList();
    }

    @ParameterizedTest
    @MethodSource("languages")
    void noEnglishThemeWordIsLeftInTheLanguage(String tag) throws IOException {
        Path file = digest(tag, "");
        String source = Files.readString(file);
        Digest digest = RenderFixtures.load(file);
        RenderedEmail email = RenderFixtures.prepare(digest, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET)
                .renderOne(RenderFixtures.sampleRecipients().get(0));
        WebRenderer web = new WebRenderer();
        String page = web.page(digest, TemplateSet.defaultTheme(), "https://example.org/archive/").html();
        String index = web.index(List.of(digest), TemplateSet.defaultTheme(), "https://example.org/archive/", true);
        List<String> left = new ArrayList<>();
        for (String fragment : englishFragments()) {
            if (source.contains(fragment)) {
                continue; // the editor's own content says it
            }
            for (Map.Entry<String, String> output : Map.of("html", email.html(), "text", email.text(), "page", page,
                    "index", index).entrySet()) {
                if (output.getValue().contains(fragment)) {
                    left.add(output.getKey() + ": " + fragment);
                }
            }
        }
        assertEquals(List.of(), left, tag);
        assertTrue(email.html().contains("<html lang=\"" + tag + "\" dir=\"" + Languages.direction(tag) + "\">"), tag);
        assertTrue(index.contains("<html lang=\"" + tag + "\""), tag);
    }

    @Test
    void theIssuesLanguageWinsOverTheNewsletters() {
        Path file = RenderFixtures.sampleWith(dir, "fr-issue.yaml", NAME, NAME + "  language: de\n",
                "  date: 2026-09-15\n", "  date: 2026-09-15\n  language: fr\n");
        RenderedEmail email = RenderFixtures.prepare(RenderFixtures.load(file), TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET)
                .renderOne(RenderFixtures.sampleRecipients().get(0));
        assertTrue(email.text().startsWith("TrainingZone · 15 septembre 2026\n"), email.text());
        assertTrue(email.html().contains("<html lang=\"fr\" dir=\"ltr\">"), email.html());
        assertTrue(email.text().contains("\nÀ propos de l’auteur\n"), email.text());
    }

    /** The footer's sentence fills the address through fill: the per-recipient fast path must still apply, and agree. */
    @Test
    void theFastPathGivesEveryRecipientWhatAFullRenderDoesInArabic() {
        PreparedIssue issue = RenderFixtures.prepare(RenderFixtures.load(digest("ar", "")), TemplateSet.defaultTheme(),
                RenderFixtures.TEST_SECRET);
        for (Recipient recipient : RenderFixtures.sampleRecipients()) {
            RenderedEmail fast = issue.render(recipient);
            RenderedEmail full = issue.renderOne(recipient);
            assertEquals(full.html(), fast.html(), recipient.email());
            assertEquals(full.text(), fast.text(), recipient.email());
            assertTrue(fast.text().contains("تصلك هذه الرسالة لأن " + recipient.email()), fast.text());
        }
        assertTrue(RenderFixtures.htmlFromStencil(issue, RenderFixtures.sampleRecipients().get(0)), "the stencil applies");
    }

    @Test
    void theEditorsStringsWinOverTheBundle() throws IOException {
        Digest digest = RenderFixtures.load(digest("de", "  strings:\n    read_more: Weiterlesen\n"));
        String html = RenderFixtures.prepare(digest, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET)
                .renderOne(RenderFixtures.sampleRecipients().get(0)).html();
        assertTrue(html.contains(">Weiterlesen&nbsp;"), html);
        assertFalse(html.contains("Artikel lesen"), html);
        assertTrue(html.contains("Über den Autor"), html);
    }

    @Test
    void aUserThemesBundleWinsAndFallsBackToTheDefaultsKeyByKey() throws IOException {
        Path theme = dir.resolve("theme");
        for (String name : List.of("email.html.ftlh", "email.txt.ftl", "partials/blocks.ftlh", "partials/style.ftlh")) {
            Files.createDirectories(theme.resolve(name).getParent());
            Files.copy(Path.of("templates/default").resolve(name), theme.resolve(name));
        }
        Files.createDirectories(theme.resolve("messages"));
        Files.writeString(theme.resolve("messages/messages_de.properties"), "read_more = Zum Artikel\n");
        Digest digest = RenderFixtures.load(digest("de-AT", ""));
        String html = RenderFixtures.prepare(digest, TemplateSet.fromDirectory(theme), RenderFixtures.TEST_SECRET)
                .renderOne(RenderFixtures.sampleRecipients().get(0)).html();
        assertTrue(html.contains(">Zum Artikel&nbsp;"), html);
        assertTrue(html.contains("Über den Autor"), "the default theme's German for what the theme's bundle lacks");
        assertTrue(html.contains("<html lang=\"de-AT\" dir=\"ltr\">"), html);
    }

    @Test
    void aThemeBundleThatIsNoBundleIsNamedNotThrown() throws IOException {
        Path theme = RenderFixtures.theme(dir, "broken", "<p>${t.read_more}</p>", "${t.read_more}");
        Files.createDirectories(theme.resolve("messages"));
        Files.writeString(theme.resolve("messages/messages_de.properties"), "read_more = Weiter\\uZZZZ\n");
        Digest digest = RenderFixtures.load(digest("de", ""));
        dev.tidings.TidingsException e = org.junit.jupiter.api.Assertions.assertThrows(dev.tidings.TidingsException.class,
                () -> RenderFixtures.prepare(digest, TemplateSet.fromDirectory(theme), RenderFixtures.TEST_SECRET));
        assertEquals(theme.resolve("messages/messages_de.properties") + ": cannot read the theme's strings (Malformed \\uxxxx"
                + " encoding.); a bundle is UTF-8 key = value lines", e.getMessage());
        assertEquals(dev.tidings.ExitStatus.INVALID_INPUT, e.status());
    }

    @Test
    void aLanguageWithoutABundleGetsEnglishWordsAndItsOwnDates() throws IOException {
        Digest digest = RenderFixtures.load(digest("fi", ""));
        RenderedEmail email = RenderFixtures.prepare(digest, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET)
                .renderOne(RenderFixtures.sampleRecipients().get(0));
        assertTrue(email.text().contains("About the author"), email.text());
        assertTrue(email.text().startsWith("TrainingZone · 15. syyskuuta 2026\n"), email.text());
    }

    /** The English bundle's values cut at placeholders: the pieces of at least two words or one long word. */
    private static TreeSet<String> englishFragments() {
        TreeSet<String> fragments = new TreeSet<>();
        for (String value : ThemeStrings.defaultBundle("en").values()) {
            for (String piece : value.split("\\{[a-z_]+}")) {
                String fragment = piece.strip();
                if (fragment.contains(" ") || fragment.length() >= 5) {
                    fragments.add(fragment);
                }
            }
        }
        return fragments;
    }

    private Path digest(String tag, String extra) {
        return RenderFixtures.sampleWith(dir, "digest-" + tag + ".yaml", NAME, NAME + "  language: " + tag + "\n" + extra,
                LINK, EVENT + LINK);
    }
}
