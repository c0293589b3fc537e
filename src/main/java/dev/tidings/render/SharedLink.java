package dev.tidings.render;

import dev.tidings.digest.Digest;
import dev.tidings.digest.Image;
import dev.tidings.digest.Issue;
import dev.tidings.digest.Item;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a preview of a shared archive link shows: the model of the page's OpenGraph
 * (https://ogp.me), Twitter card and canonical tags, as {@code share.*} in the templates.
 * <ul>
 * <li>{@code url}: the canonical URL, absolute; empty without the archive's public URL, and then
 * the theme leaves out {@code og:url} and the canonical link rather than write a relative one,
 * which previewers do not resolve;
 * <li>{@code image}, {@code image_alt}: the issue's own image, else the first item's that has one
 * (the issue's is the editor's choice for the whole issue; an item's is at least of it); image
 * URLs are absolute already (the digest's rules refuse relative ones);
 * <li>{@code locale}: {@code og:locale}, "language_TERRITORY" (pt_BR), or the language alone (de)
 * when the tag names no territory.
 * </ul>
 */
final class SharedLink {
    private SharedLink() {
    }

    static Map<String, Object> ofIssue(Digest digest, String languageTag, String home) {
        Issue issue = digest.issue();
        Map<String, Object> share = common(digest, languageTag);
        share.put("type", "article");
        share.put("url", home == null ? "" : home + issue.id() + "/");
        share.put("title", issue.title());
        share.put("description", orEmpty(issue.preheader()));
        share.put("published", issue.date().toString());
        share.put("author", issue.author() == null ? "" : issue.author().name());
        Image image = image(issue);
        share.put("image", image == null ? "" : image.url());
        share.put("image_alt", image == null ? "" : orEmpty(image.alt()));
        return Map.copyOf(share);
    }

    /** The index: the newsletter itself (og:type website), described as serve's signup page describes it. */
    static Map<String, Object> ofIndex(Digest newest, String languageTag, String home) {
        Map<String, Object> share = common(newest, languageTag);
        share.put("type", "website");
        share.put("url", home == null ? "" : home);
        share.put("description", orEmpty(newest.newsletter().description()));
        share.put("published", "");
        share.put("author", "");
        share.put("image", "");
        share.put("image_alt", "");
        return Map.copyOf(share);
    }

    private static Map<String, Object> common(Digest digest, String languageTag) {
        Map<String, Object> share = new HashMap<>();
        share.put("site_name", digest.newsletter().name());
        share.put("locale", locale(languageTag));
        return share;
    }

    private static Image image(Issue issue) {
        if (issue.image() != null) {
            return issue.image();
        }
        return issue.items().stream().map(Item::image).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    static String locale(String languageTag) {
        Locale locale = Locale.forLanguageTag(languageTag);
        return locale.getCountry().isEmpty() ? locale.getLanguage() : locale.getLanguage() + "_" + locale.getCountry();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
