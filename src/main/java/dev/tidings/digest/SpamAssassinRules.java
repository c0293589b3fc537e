package dev.tidings.digest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What SpamAssassin 4.0.1's shipped rules (Debian's spamassassin 4.0.1, /usr/share/spamassassin)
 * score in a newsletter, computed the same way, so that {@code validate} and {@code render} can
 * name the rule before a filter applies it. The scores are those of score set 0 (no Bayes, no
 * network tests), the set {@code spamassassin -L} uses; {@code SpamAssassinIT} checks each of these
 * against the installed spamassassin.
 */
public final class SpamAssassinRules {
    /** The recipient's address in clear in a link: 72_active.cf, GB_CUSTOM_HTM_URI (no score line: a meta rule's default 1.0). */
    public static final String CUSTOM_HTM_URI = "GB_CUSTOM_HTM_URI";
    /** 25_url_shortener.cf; unscored alone, it raises SHORT_SHORTNER and others in short messages. */
    public static final String URL_SHORTENER = "__URL_SHORTENER";
    /** 20_head_tests.cf and 50_scores.cf: {@code score SUBJ_ALL_CAPS 0.5}. */
    public static final String SUBJ_ALL_CAPS = "SUBJ_ALL_CAPS";

    /**
     * The four sub-rules of GB_CUSTOM_HTM_URI (72_active.cf, __GB_CUSTOM_HTM_URI0..2 and __GB_DRUPAL_URI),
     * with {@code %{GB_TO_ADDR}}, the To address, as {@code ADDR}.
     */
    private static final List<String> CUSTOM_HTM_URI_PATTERNS = List.of(
            "^https?://.{10,128}(?:\\.html?|\\.php|/)?(?:#|\\?&e=)ADDR",
            "^https?://.{10,64}=https?://.{4,64}#ADDR",
            "^https?://.{10,256}(?:/\\?)?(?:(?<!blocker)email=|audit#|wapp#)ADDR",
            "^https?://.{10,64}/default/files/(?:@)?#ADDR");

    private static final Set<String> SHORTENERS = shorteners();

    private SpamAssassinRules() {
    }

    /**
     * Whether GB_CUSTOM_HTM_URI fires on a link (as SpamAssassin sees it: percent-decoded) that
     * carries {@code address}, the message's To address.
     */
    public static boolean customHtmUri(String decodedUrl, String address) {
        for (String pattern : CUSTOM_HTM_URI_PATTERNS) {
            String regex = pattern.replace("ADDR", Pattern.quote(address));
            if (Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(decodedUrl).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an http(s) link's host is on SpamAssassin's URL shortener list: the host itself, or for
     * an entry with a leading dot one label under it (the rule's {@code \w+\.ftn\.app}).
     */
    public static boolean shortener(String url) {
        String host;
        try {
            URI uri = new URI(url.strip());
            host = uri.getHost();
        } catch (Exception e) {
            return false;
        }
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (SHORTENERS.contains(host)) {
            return true;
        }
        int dot = host.indexOf('.');
        return dot > 0 && SHORTENERS.contains(host.substring(dot));
    }

    /**
     * SUBJ_ALL_CAPS exactly as HeaderEval.pm's subject_is_all_caps: after trimming and removing
     * reply and forward prefixes (Re:, Fwd:, AW:...), a subject of more than one word and at least
     * 10 characters whose ASCII letters are all capitals (and of which there is at least one).
     */
    public static boolean subjectAllCaps(String subject) {
        if (subject == null) {
            return false;
        }
        String s = subject.strip().replaceFirst("(?i)^(?:(?:Re|Fwd|Fw|Aw|Antwort|WG|SV|VB|VS|VL):\\s*)+", "");
        if (!s.matches("(?s).*\\s.*") || s.length() < 10) {
            return false;
        }
        String letters = s.replaceAll("[^a-zA-Z]", "");
        return !letters.isEmpty() && letters.equals(letters.toUpperCase(Locale.ROOT));
    }

    private static Set<String> shorteners() {
        InputStream in = SpamAssassinRules.class.getResourceAsStream("url-shorteners.txt");
        if (in == null) {
            throw new IllegalStateException("url-shorteners.txt is missing from the jar");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
