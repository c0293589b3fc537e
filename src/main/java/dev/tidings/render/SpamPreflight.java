package dev.tidings.render;

import dev.tidings.digest.Digest;
import dev.tidings.digest.Problem;
import dev.tidings.digest.SourcePosition;
import dev.tidings.digest.SpamAssassinRules;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What SpamAssassin scores in the rendered email that the digest's fields do not show: images with
 * little HTML around them (HTML_IMAGE_ONLY_*), more image area than text (HTML_IMAGE_RATIO_*), and a
 * link that a template made with the reader's address in clear (GB_CUSTOM_HTM_URI). Each measure is
 * computed as SpamAssassin 4.0.1 computes it (Mail/SpamAssassin/HTML.pm, Message/Node.pm,
 * Plugin/HTMLEval.pm), and its score is that of set 0, the one {@code spamassassin -L} uses.
 */
final class SpamPreflight {
    /** HTML_IMAGE_ONLY_04..32 (20_html_tests.cf): an img in an HTML part of at most 3200 characters, by 400. */
    static final int IMAGE_ONLY_MAX = 3200;
    /** Their set-0 scores (50_scores.cf), by bucket of 400 characters. */
    private static final double[] IMAGE_ONLY_SCORES = {1.680, 0.585, 1.381, 1.969, 2.109, 2.799, 2.799, 2.196};
    /** HTML_IMAGE_RATIO_02..08: visible non-space characters per pixel of image area, at most 0.008. */
    static final double IMAGE_RATIO_MAX = 0.008;
    private static final Pattern DIMENSION = Pattern.compile("(\\d{1,9})(%)?");

    private SpamPreflight() {
    }

    static void check(Digest digest, RenderedEmail email, Document html, SourcePosition at, List<Problem> problems) {
        imageOnly(email, html, at, problems);
        imageRatio(html, at, problems);
        addressInLinks(digest, email, html, at, problems);
    }

    /**
     * HTMLEval's html_image_only: an {@code <img>} in an HTML part whose length (the decoded HTML
     * source, markup included, in characters) is at most 3200: a picture with hardly any text.
     */
    private static void imageOnly(RenderedEmail email, Document html, SourcePosition at, List<Problem> problems) {
        int length = email.htmlLength();
        if (html.selectFirst("img") == null || length == 0 || length > IMAGE_ONLY_MAX) {
            return;
        }
        int bucket = (length - 1) / 400;
        problems.add(Problem.warning(at, "", String.format(Locale.ROOT, "HTML_IMAGE_ONLY_%02d: rendered HTML: an image in an"
                        + " HTML part of only %d characters, which SpamAssassin scores %.1f (image-only mail is a spam pattern);"
                        + " add text to the issue (a summary per item, an intro), so the HTML passes %d characters",
                (bucket + 1) * 4, length, IMAGE_ONLY_SCORES[bucket], IMAGE_ONLY_MAX)));
    }

    /**
     * HTMLEval's html_image_ratio: the rendered text's non-space characters divided by the image
     * area, where only an img with both width and height counts (percentages of an 800x600 screen,
     * a missing or zero dimension 200 pixels), as HTML.pm measures it.
     */
    private static void imageRatio(Document html, SourcePosition at, List<Problem> problems) {
        long area = 0;
        for (Element image : html.select("img[width][height]")) {
            area += dimension(image.attr("width"), 8) * dimension(image.attr("height"), 6);
        }
        if (area == 0) {
            return;
        }
        long text = html.text().codePoints().filter(c -> !Character.isWhitespace(c) && c != '\u00a0').count();
        double ratio = (double) text / area;
        if (ratio > 0 && ratio <= IMAGE_RATIO_MAX) {
            int bucket = (int) Math.ceil(ratio / 0.002);
            problems.add(Problem.warning(at, "", String.format(Locale.ROOT, "HTML_IMAGE_RATIO_%02d: rendered HTML: %d characters"
                            + " of text for %d square pixels of images (a ratio of %.4f, at most %.3f scores), which SpamAssassin"
                            + " counts against it; add text, or fewer or smaller images (their width and height attributes)",
                    bucket * 2, text, area, ratio, IMAGE_RATIO_MAX)));
        }
    }

    /** HTML.pm: digits, or digits and % of an 800x600 screen; anything else (or 0) is guessed at 200. */
    private static long dimension(String value, int percentFactor) {
        Matcher m = DIMENSION.matcher(value);
        long pixels = m.matches() ? Long.parseLong(m.group(1)) * (m.group(2) == null ? 1 : percentFactor) : 0;
        return pixels <= 0 ? 200 : pixels;
    }

    /**
     * A link with the reader's address in clear, made by a template ({@code ${subscriber.email}} in
     * an href): SpamAssassin sees links percent-decoded. The unsubscribe link's {@code {email}} is
     * reported at its field by validation, so it is left out here.
     */
    private static void addressInLinks(Digest digest, RenderedEmail email, Document html, SourcePosition at, List<Problem> problems) {
        String address = email.recipient().email();
        String unsubscribeUrl = digest.newsletter().unsubscribe() == null ? null : digest.newsletter().unsubscribe().url();
        boolean reportedAtField = unsubscribeUrl != null && unsubscribeUrl.contains("{email}");
        for (Element link : html.select("a[href]")) {
            String href = link.attr("href");
            if (reportedAtField && href.equals(email.unsubscribeLink())) {
                continue;
            }
            String decoded = decode(href);
            if (!decoded.toLowerCase(Locale.ROOT).contains(address.toLowerCase(Locale.ROOT)) || !decoded.matches("(?is)^https?://.*")) {
                continue;
            }
            problems.add(Problem.warning(at, "", (SpamAssassinRules.customHtmUri(decoded, address)
                    ? SpamAssassinRules.CUSTOM_HTM_URI + ": rendered HTML: a link carries the reader's address in clear, which"
                    + " SpamAssassin scores 1.0"
                    : "rendered HTML: a link carries the reader's address in clear (no SpamAssassin rule in this form, but"
                    + " whoever is shown the link learns it)")
                    + " (" + abbreviate(href) + "); take ${subscriber.email} out of the template's link"));
        }
    }

    private static String decode(String href) {
        try {
            return URLDecoder.decode(href.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return href;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
