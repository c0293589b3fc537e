package dev.tidings.render;

import dev.tidings.digest.Digest;
import dev.tidings.digest.Problem;
import dev.tidings.digest.SourcePosition;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks what subscribers would receive, before anything is sent: the rendered HTML and text, not
 * the YAML. Catches what only shows after templating: a clipped message, a link missing from the
 * plaintext version, a footer without the unsubscribe link or postal address, an image without
 * alt text, no colour-scheme declaration. Warnings, except links that are unsafe in any email.
 */
public final class Preflight {
    /** Gmail clips an HTML body beyond 102 KB behind "[Message clipped]", hiding footer and unsubscribe link. */
    public static final int GMAIL_CLIP_BYTES = 102 * 1024;
    /** Inboxes show roughly 40 to 140 characters of preview text, depending on the client and screen. */
    static final int PREHEADER_MAX = 140;

    private Preflight() {
    }

    public static List<Problem> check(Digest digest, RenderedEmail email) {
        SourcePosition at = SourcePosition.wholeFile(digest.source().toString());
        List<Problem> problems = new ArrayList<>();
        Document html = Jsoup.parse(email.html());
        String text = email.text();
        String flatText = flatten(text);

        int size = htmlSize(email);
        if (size > GMAIL_CLIP_BYTES) {
            problems.add(Problem.warning(at, "", String.format(Locale.ROOT,
                    "the HTML email is %.1f KB; Gmail clips messages over 102 KB, hiding the footer and unsubscribe link",
                    size / 1024.0)));
        }
        checkLinks(html, text, at, problems);
        checkFooter(digest, email, html, text, flatText, at, problems);
        for (Element image : html.select("img:not([alt])")) {
            problems.add(Problem.warning(at, "", "rendered HTML: an image has no alt text (" + abbreviate(image.attr("src")) + ")"));
        }
        if (html.selectFirst("meta[name=color-scheme]") == null) {
            problems.add(Problem.warning(at, "", "rendered HTML: no <meta name=\"color-scheme\">; clients may recolour it badly in dark mode"));
        }
        SpamPreflight.check(digest, email, html, at, problems);
        String preheader = digest.issue().preheader();
        if (preheader != null && preheader.length() > PREHEADER_MAX) {
            problems.add(Problem.warning(at, "issue.preheader", "is " + preheader.length()
                    + " characters; inboxes show at most about " + PREHEADER_MAX));
        }
        return problems;
    }

    public static int htmlSize(RenderedEmail email) {
        return email.html().getBytes(StandardCharsets.UTF_8).length;
    }

    private static void checkLinks(Document html, String text, SourcePosition at, List<Problem> problems) {
        Set<String> missing = new LinkedHashSet<>();
        for (Element link : html.select("a[href], img[src]")) {
            String target = link.hasAttr("href") ? link.attr("href") : link.attr("src");
            String scheme = schemeOf(target);
            if (scheme.equals("javascript") || scheme.equals("data") || scheme.equals("vbscript")) {
                problems.add(Problem.error(at, "", "rendered HTML: an unsafe " + scheme + ": link (" + abbreviate(target) + ")"));
            } else if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("mailto")) {
                problems.add(Problem.warning(at, "", "rendered HTML: a link that is not absolute http(s) or mailto: '" + abbreviate(target) + "'"));
            } else if (link.is("a") && !text.contains(scheme.equals("mailto") ? mailtoAddress(target) : target)) {
                missing.add(target);
            }
        }
        for (String target : missing) {
            problems.add(Problem.warning(at, "", "the plaintext version lacks a link of the HTML version: " + abbreviate(target)));
        }
    }

    private static void checkFooter(Digest digest, RenderedEmail email, Document html, String text, String flatText,
                                    SourcePosition at, List<Problem> problems) {
        String unsubscribe = email.unsubscribeLink();
        if (unsubscribe != null && html.select("a[href]").stream().noneMatch(a -> a.attr("href").equals(unsubscribe))) {
            problems.add(Problem.warning(at, "", "rendered HTML: no unsubscribe link (" + abbreviate(unsubscribe) + ")"));
        }
        if (unsubscribe != null && !text.contains(unsubscribe.startsWith("mailto:") ? mailtoAddress(unsubscribe) : unsubscribe)) {
            problems.add(Problem.warning(at, "", "plaintext: no unsubscribe link (" + abbreviate(unsubscribe) + ")"));
        }
        String address = flatten(digest.newsletter().postalAddress());
        if (!flatten(html.body().text()).contains(address)) {
            problems.add(Problem.warning(at, "", "rendered HTML: the postal address is missing from the footer (CAN-SPAM)"));
        }
        if (!flatText.contains(address)) {
            problems.add(Problem.warning(at, "", "plaintext: the postal address is missing from the footer (CAN-SPAM)"));
        }
    }

    private static String schemeOf(String url) {
        int colon = url.indexOf(':');
        if (colon <= 0) {
            return "";
        }
        String scheme = url.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        return scheme.matches("[a-z][a-z0-9+.-]*") ? scheme : "";
    }

    private static String mailtoAddress(String mailto) {
        String address = mailto.substring("mailto:".length());
        int query = address.indexOf('?');
        return query < 0 ? address : address.substring(0, query);
    }

    /** Whitespace-insensitive text: wrapping may break an address across lines. */
    private static String flatten(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
