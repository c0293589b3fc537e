package dev.tidings.render;

import dev.tidings.digest.Greeting;
import dev.tidings.digest.Languages;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The default theme's bundles (issue 21): one per bundled language and no other, each with every
 * key of English and the same placeholders, and no value left in English unless the language
 * really writes the same word (the allow-list, each with its reason).
 */
class BundleTest {
    private static final Path MESSAGES = Path.of("templates/default/messages");
    /** key@tag of values that are the English word on purpose. */
    private static final Map<String, String> SAME_AS_ENGLISH = sameColon("de", "es", "it", "pt", "nl", "sv", "pl", "cs", "ko", "ar", "he");

    /** These languages end a label with the ASCII colon and a space as English does (French adds a space, CJK a full-width colon). */
    private static Map<String, String> sameColon(String... tags) {
        Map<String, String> same = new java.util.HashMap<>();
        for (String tag : tags) {
            same.put("colon@" + tag, "the language's own punctuation is ': ' after a label");
        }
        return Map.copyOf(same);
    }

    @Test
    void thereIsOneBundlePerBundledLanguage() throws IOException {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(MESSAGES)) {
            list.forEach(file -> files.add(file.getFileName().toString()));
        }
        Set<String> expected = new TreeSet<>();
        Languages.BUNDLED.forEach(tag -> expected.add("messages_" + tag + ".properties"));
        assertEquals(expected, files);
    }

    @Test
    void everyBundleHasEveryKeyOfEnglishWithItsPlaceholders() {
        Map<String, String> english = ThemeStrings.defaultBundle("en");
        List<String> wrong = new ArrayList<>();
        for (String tag : Languages.BUNDLED) {
            Map<String, String> bundle = ThemeStrings.defaultBundle(tag);
            if (!bundle.keySet().equals(english.keySet())) {
                Set<String> missing = new TreeSet<>(english.keySet());
                missing.removeAll(bundle.keySet());
                Set<String> extra = new TreeSet<>(bundle.keySet());
                extra.removeAll(english.keySet());
                wrong.add(tag + ": missing " + missing + ", extra " + extra);
            }
            english.forEach((key, value) -> {
                String translated = bundle.get(key);
                if (translated != null && !ThemeStrings.placeholders(translated).equals(ThemeStrings.placeholders(value))) {
                    wrong.add(tag + ": " + key + " has " + ThemeStrings.placeholders(translated) + ", English "
                            + ThemeStrings.placeholders(value));
                }
                if (!tag.equals("en") && value.equals(translated) && !SAME_AS_ENGLISH.containsKey(key + "@" + tag)) {
                    wrong.add(tag + ": " + key + " is the English '" + value + "'");
                }
                if (translated != null && translated.isBlank()) {
                    wrong.add(tag + ": " + key + " is empty");
                }
            });
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void theEnglishGreetingIsTheOneTheThemeAlwaysHad() {
        assertEquals(Greeting.DEFAULT_TEXT, ThemeStrings.defaultBundle("en").get("greeting"));
        assertEquals(Greeting.DEFAULT_WITHOUT_NAME, ThemeStrings.defaultBundle("en").get("greeting_without_name"));
    }

    @Test
    void fillReplacesEachPlaceholderOnceAndLeavesUnknownOnes() {
        assertEquals("a{newsletter}@x.org is subscribed to N {other}.",
                ThemeStrings.fill("{email} is subscribed to {newsletter} {other}.", Map.of("email", "a{newsletter}@x.org", "newsletter", "N")));
    }

    @Test
    void bundleChainsGoFromTheMostSpecificToEnglish() {
        assertEquals(List.of("pt-BR", "pt", "en"), Languages.bundleChain("pt-BR"));
        assertEquals(List.of("zh-Hans", "en"), Languages.bundleChain("zh"));
        assertEquals(List.of("zh-Hans-CN", "zh-Hans", "en"), Languages.bundleChain("zh-CN"));
        assertEquals(List.of("zh-Hant-TW", "zh-Hant", "en"), Languages.bundleChain("zh-TW"));
        assertEquals(List.of("en"), Languages.bundleChain("en"));
    }
}
