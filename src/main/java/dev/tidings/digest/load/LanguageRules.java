package dev.tidings.digest.load;

import dev.tidings.digest.Digest;
import dev.tidings.digest.Languages;
import dev.tidings.digest.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The rules of {@code newsletter.language}, {@code issue.language} and {@code newsletter.strings}
 * (issue 21): a tag that is well-formed BCP 47 and names a language we know, and overrides only of
 * strings a theme has. A misspelt tag or key would otherwise leave the words silently English.
 */
public final class LanguageRules {
    /** The default theme's English bundle: every key a theme string can have. */
    static final String ENGLISH_BUNDLE = "/templates/default/messages/messages_en.properties";
    private static final int SUGGESTIONS = 3;

    private final SourceMap map;

    LanguageRules(SourceMap map) {
        this.map = map;
    }

    List<Problem> check(Digest digest) {
        List<Problem> problems = new java.util.ArrayList<>();
        tag("newsletter.language", digest.newsletter().language(), problems);
        tag("issue.language", digest.issue().language(), problems);
        if (!digest.newsletter().strings().isEmpty()) {
            Set<String> known = knownKeys(digest.template());
            for (String key : digest.newsletter().strings().keySet()) {
                if (!known.contains(key)) {
                    String path = "newsletter.strings." + key;
                    problems.add(Problem.error(map.keyOf(path), path, "unknown theme string '" + key + "'; did you mean "
                            + nearest(key, known) + "? (the keys are those of the theme's messages_en.properties)"));
                }
            }
        }
        return problems;
    }

    private void tag(String path, String tag, List<Problem> problems) {
        if (tag == null) {
            return;
        }
        String problem = tagProblem(tag);
        if (problem != null) {
            problems.add(Problem.error(map.valueOf(path), path, problem));
        }
    }

    /** Why a tag cannot be a newsletter's language, or null (also for {@code tidings init --language}). */
    public static String tagProblem(String tag) {
        Locale locale;
        try {
            locale = new Locale.Builder().setLanguageTag(tag).build();
        } catch (IllformedLocaleException e) {
            return "'" + tag + "' is not a BCP 47 language tag (" + e.getMessage().toLowerCase(Locale.ROOT)
                    + "); did you mean " + nearest(tag, knownLanguages()) + "?";
        }
        if (!knownLanguages().contains(locale.getLanguage())) {
            return "unknown language '" + locale.getLanguage() + "'; did you mean " + nearest(tag, knownLanguages())
                    + "? (a BCP 47 tag: the theme has words for " + String.join(", ", Languages.BUNDLED) + ")";
        }
        return null;
    }

    /** The bundled languages and every ISO 639 language the JDK knows (which get English words, and their own dates). */
    static Set<String> knownLanguages() {
        Set<String> known = new TreeSet<>(List.of(Locale.getISOLanguages()));
        Languages.BUNDLED.forEach(tag -> known.add(Locale.forLanguageTag(tag).getLanguage()));
        return known;
    }

    /**
     * The nearest candidates, quoted: a language's English name written for its tag ("german")
     * finds the tag first, then the smallest edit distances, bundled languages before others.
     */
    static String nearest(String written, Set<String> candidates) {
        String lower = written.toLowerCase(Locale.ROOT);
        Stream<String> byName = candidates.stream()
                .filter(c -> new Locale(c).getDisplayLanguage(Locale.ENGLISH).equalsIgnoreCase(written));
        Stream<String> byDistance = candidates.stream()
                .sorted(Comparator.comparingInt((String c) -> Levenshtein.distance(lower, c.toLowerCase(Locale.ROOT)))
                        .thenComparing(c -> Languages.BUNDLED.contains(c) ? 0 : 1)
                        .thenComparing(c -> c));
        List<String> nearest = Stream.concat(byName, byDistance).distinct().limit(SUGGESTIONS).map(c -> "'" + c + "'").toList();
        return String.join(", ", nearest.subList(0, nearest.size() - 1)) + (nearest.size() > 1 ? " or " : "")
                + nearest.get(nearest.size() - 1);
    }

    /** The default theme's keys, and those a user theme adds in its own English bundle. */
    static Set<String> knownKeys(Path theme) {
        Set<String> keys = new TreeSet<>();
        try (InputStream in = LanguageRules.class.getResourceAsStream(ENGLISH_BUNDLE)) {
            if (in == null) {
                throw new IllegalStateException("the default theme lacks " + ENGLISH_BUNDLE);
            }
            keys.addAll(keysOf(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
            Path own = theme == null ? null : theme.resolve("messages/messages_en.properties");
            if (own != null && Files.isRegularFile(own)) {
                keys.addAll(keysOf(Files.newBufferedReader(own, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            // An unreadable theme bundle is reported when the theme is loaded; the default keys still apply.
        }
        return keys;
    }

    private static Set<String> keysOf(Reader reader) throws IOException {
        try (reader) {
            Properties properties = new Properties();
            properties.load(reader);
            return properties.stringPropertyNames();
        }
    }
}
