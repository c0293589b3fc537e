package dev.tidings.curate;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A page's {@code <meta>} declarations by key: OpenGraph ({@code property="og:title"}), Twitter
 * cards, {@code name="author"}, Highwire's {@code citation_*} (what Google Scholar reads). Sites mix
 * up {@code property} and {@code name} (name="og:title", property="twitter:title"), so both count.
 */
final class MetaTags {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    MetaTags(Document page) {
        for (Element meta : page.select("meta[content]")) {
            for (String key : List.of(meta.attr("property"), meta.attr("name"))) {
                if (!key.isBlank()) {
                    values.computeIfAbsent(key.strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(meta.attr("content"));
                }
            }
        }
    }

    /** The first value of {@code key} that has text, raw; or null. */
    String first(String key) {
        return all(key).stream().filter(value -> !value.isBlank()).findFirst().orElse(null);
    }

    /** Every value of {@code key}, in page order (a paper has a {@code citation_author} per author). */
    List<String> all(String key) {
        return values.getOrDefault(key, List.of());
    }
}
