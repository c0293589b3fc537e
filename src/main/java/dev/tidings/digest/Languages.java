package dev.tidings.digest;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The languages a newsletter can be written in: those the default theme has words for (its
 * message bundles, {@code templates/default/messages/messages_TAG.properties}), and the rest that
 * the JDK knows as an ISO 639 language, which get the JDK's dates and the English words.
 */
public final class Languages {
    /** The default theme's bundles, by BCP 47 tag (a test keeps this list and the files the same). */
    public static final List<String> BUNDLED = List.of(
            "en", "de", "fr", "es", "it", "pt", "nl", "sv", "pl", "cs", "ja", "zh-Hans", "ko", "ar", "he");

    /** Written right to left (Unicode's bidi class R or AL for their scripts): Arabic, Hebrew, Persian, Urdu, and kin. */
    private static final Set<String> RIGHT_TO_LEFT = Set.of("ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb");

    private Languages() {
    }

    /** The locale of a tag that the rules accepted; the JDK's CLDR data formats its dates. */
    public static Locale locale(String tag) {
        return Locale.forLanguageTag(tag);
    }

    /** "rtl" or "ltr", for HTML's dir attribute. */
    public static String direction(String tag) {
        Locale locale = locale(tag);
        boolean rtl = RIGHT_TO_LEFT.contains(locale.getLanguage()) || "Arab".equals(locale.getScript())
                || "Hebr".equals(locale.getScript());
        return rtl && !"Latn".equals(locale.getScript()) ? "rtl" : "ltr";
    }

    /**
     * The bundles to read for a tag, most specific first, English last: {@code pt-BR} reads
     * {@code pt-BR} then {@code pt}; Chinese without a script is Simplified unless its region
     * writes Traditional (Taiwan, Hong Kong, Macao), which has no bundle and falls to English.
     */
    public static List<String> bundleChain(String tag) {
        Locale locale = locale(tag);
        String language = locale.getLanguage();
        String script = locale.getScript();
        String region = locale.getCountry();
        if (language.equals("zh") && script.isEmpty()) {
            script = Set.of("TW", "HK", "MO").contains(region) ? "Hant" : "Hans";
        }
        java.util.LinkedHashSet<String> chain = new java.util.LinkedHashSet<>();
        if (!script.isEmpty() && !region.isEmpty()) {
            chain.add(language + "-" + script + "-" + region);
        }
        if (!script.isEmpty()) {
            chain.add(language + "-" + script);
        }
        if (!region.isEmpty() && !(language.equals("zh"))) {
            chain.add(language + "-" + region);
        }
        if (!language.equals("zh")) {
            chain.add(language);
        }
        chain.add("en");
        return List.copyOf(chain);
    }
}
