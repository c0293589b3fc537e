package dev.tidings.render.stencil;

import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Range;
import org.jsoup.parser.Parser;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule 4 of {@link HtmlStencil}: CSS inlining may depend on where the personal values are, never
 * on the values themselves. A stencil whose markers the CSS could read is refused.
 */
final class CssReach {
    /** The attribute name of each attribute selector in CSS, {@code [href^="https"]} giving href. */
    private static final Pattern SELECTOR_ATTRIBUTE = Pattern.compile("\\[\\s*(?:[\\w*-]*\\|)?([\\w-]+)");

    private CssReach() {
    }

    /**
     * Whether a marker of the marked rendering is where the CSS parser or a selector would read the
     * value itself: in a style element or attribute, in an attribute a selector tests (class, id,
     * any {@code [attr]} of the stylesheets), in an unquoted attribute, or in a tag or attribute name.
     */
    static boolean reachesAMarker(String markedHtml) {
        Document document = Parser.htmlParser().setTrackPosition(true).parseInput(markedHtml, "");
        Set<String> selected = new HashSet<>(Set.of("style", "class", "id"));
        for (Element style : document.getElementsByTag("style")) {
            if (hasMarker(style.data())) {
                return true;
            }
            Matcher attribute = SELECTOR_ATTRIBUTE.matcher(style.data());
            while (attribute.find()) {
                selected.add(attribute.group(1).toLowerCase(Locale.ROOT));
            }
        }
        for (Element element : document.getAllElements()) {
            if (hasMarker(element.tagName())) {
                return true;
            }
            for (Attribute attribute : element.attributes()) {
                if (hasMarker(attribute.getKey())) {
                    return true;
                }
                if (hasMarker(attribute.getValue())
                        && (selected.contains(attribute.getKey().toLowerCase(Locale.ROOT)) || !quoted(markedHtml, attribute))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasMarker(String text) {
        return text.indexOf(HtmlStencil.OPEN) >= 0;
    }

    private static boolean quoted(String html, Attribute attribute) {
        Range value = attribute.sourceRange().valueRange();
        if (!value.isTracked() || value.startPos() == 0) {
            return false;
        }
        char before = html.charAt(value.startPos() - 1);
        return before == '"' || before == '\'';
    }
}
