package dev.tidings.curate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The forms of a link that {@code tidings add} writes and compares. A link copied from a social
 * network, a newsletter or a search result carries parameters that track who clicked it; they say
 * nothing about the article, and passed on to readers they would tell the tracker about them too.
 *
 * <p>The parameters removed are the {@code utm_*} family (Google Analytics' campaign tags, which
 * ClearURLs and Brave strip under any suffix) and the click identifiers that Firefox's query
 * stripping (ETP strict: {@code mc_eid, oly_anon_id, oly_enc_id, __s, vero_id, _hsenc, mkt_tok,
 * fbclid}) and Brave's list strip: Google's {@code gclid, dclid, gbraid, wbraid}, Microsoft's
 * {@code msclkid}, X's {@code twclid}, Instagram's {@code igshid}, Yandex's {@code yclid},
 * Mailchimp's {@code mc_cid}, HubSpot's {@code _hsmi}. Not {@code ref}: GitHub's {@code ?ref=branch}
 * names what the page shows.
 */
public final class UrlForm {
    private static final Set<String> CLICK_IDENTIFIERS = Set.of(
            "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "twclid", "igshid", "yclid",
            "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "__s");

    private UrlForm() {
    }

    /**
     * The link without its tracking parameters; every other parameter kept as written, in its
     * order and encoding, and the fragment kept. A {@code ?} left with nothing after it goes too.
     */
    public static String withoutTracking(String url) {
        int hash = url.indexOf('#');
        String beforeFragment = hash < 0 ? url : url.substring(0, hash);
        String fragment = hash < 0 ? "" : url.substring(hash);
        int question = beforeFragment.indexOf('?');
        if (question < 0) {
            return url;
        }
        List<String> kept = new ArrayList<>();
        boolean removed = false;
        for (String parameter : beforeFragment.substring(question + 1).split("&", -1)) {
            if (isTracking(parameter)) {
                removed = true;
            } else {
                kept.add(parameter);
            }
        }
        if (!removed) {
            return url;
        }
        String base = beforeFragment.substring(0, question);
        return (kept.isEmpty() ? base : base + "?" + String.join("&", kept)) + fragment;
    }

    /**
     * The link without its user info ({@code user:password@}, RFC 3986 3.2.1), shown as
     * {@code replacement} instead; the link itself when it has none. A password in a link is a
     * secret: tidings add neither sends it nor writes it into the digest, which goes out to every
     * subscriber (RFC 3986 3.2.1 deprecates it in URIs for the same reason), nor prints it.
     */
    public static String withoutUserInfo(String url, String replacement) {
        int colon = url.indexOf("://");
        if (colon <= 0) {
            return url;
        }
        int start = colon + 3;
        int end = start + firstOf(url.substring(start), "/?#");
        int at = url.lastIndexOf('@', end - 1);
        return at < start ? url : url.substring(0, start) + replacement + url.substring(at + 1);
    }

    /** Whether the link carries user info ({@code user@} or {@code user:password@}) before its host. */
    public static boolean hasUserInfo(String url) {
        return !withoutUserInfo(url, "").equals(url);
    }

    /**
     * The link as it is compared for duplicates: scheme and host in lower case (RFC 3986 6.2.2.1:
     * they are case-insensitive), the scheme's default port dropped, the path's trailing slash
     * dropped, tracking parameters removed, the fragment dropped (a place within the same page).
     * {@code http} and {@code https} compare the same: a site serves one article under both, and an
     * issue that links it twice, once each way, has the same item twice. A link that cannot be read
     * as {@code scheme://authority...} is compared as written, without its tracking parameters.
     */
    public static String comparable(String url) {
        String clean = withoutTracking(url.strip());
        int hash = clean.indexOf('#');
        if (hash >= 0) {
            clean = clean.substring(0, hash);
        }
        int colon = clean.indexOf("://");
        if (colon <= 0 || !clean.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return clean;
        }
        String scheme = clean.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = clean.substring(colon + 3);
        int authorityEnd = firstOf(rest, "/?");
        String authority = host(rest.substring(0, authorityEnd), scheme);
        String pathAndQuery = rest.substring(authorityEnd);
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? "" : pathAndQuery.substring(question);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String sameScheme = scheme.equals("http") ? "https" : scheme;
        return sameScheme + "://" + authority + path + query;
    }

    /** The authority with the host lower-cased and a default port (80 for http, 443 for https) dropped. */
    private static String host(String authority, String scheme) {
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
        String hostPort = authority.substring(at + 1).toLowerCase(Locale.ROOT);
        String defaultPort = scheme.equals("http") ? ":80" : scheme.equals("https") ? ":443" : null;
        if (defaultPort != null && hostPort.endsWith(defaultPort)) {
            hostPort = hostPort.substring(0, hostPort.length() - defaultPort.length());
        }
        if (hostPort.endsWith(":")) {
            hostPort = hostPort.substring(0, hostPort.length() - 1); // an empty port is the default (RFC 3986 6.2.3)
        }
        return userInfo + hostPort;
    }

    private static boolean isTracking(String parameter) {
        int equals = parameter.indexOf('=');
        String name = (equals < 0 ? parameter : parameter.substring(0, equals)).toLowerCase(Locale.ROOT);
        return name.startsWith("utm_") || CLICK_IDENTIFIERS.contains(name);
    }

    private static int firstOf(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }
}
