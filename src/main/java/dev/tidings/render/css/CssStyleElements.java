package dev.tidings.render.css;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/** Which {@code <style>} elements the inliner reads, which elements it may style, and where kept CSS goes. */
final class CssStyleElements {
    /** A {@code <style media="print">} must not be inlined into what the screen shows. */
    private static final Set<String> SCREEN_MEDIA = Set.of("", "all", "screen");
    /** Elements whose subtree is not rendered content: styling them would be wrong or pointless. */
    private static final Set<String> UNSTYLED_SUBTREES = Set.of("head", "script", "style", "template");

    private CssStyleElements() {
    }

    /**
     * Whether a {@code <style>} is inlined. Like juice, {@code data-embed} (or here also
     * {@code data-inline="false"}) marks a block the author wants left exactly as written, e.g. one
     * with Outlook or Gmail specific hacks.
     */
    static boolean isInlinable(Element style) {
        return !style.attr("data-inline").trim().equalsIgnoreCase("false")
            && !style.hasAttr("data-embed")
            && SCREEN_MEDIA.contains(style.attr("media").trim().toLowerCase(Locale.ROOT))
            && (!style.hasAttr("type") || style.attr("type").trim().equalsIgnoreCase("text/css"))
            && style.closest("template") == null;
    }

    /**
     * The CSS inside a {@code <style>}. jsoup's parser stores it as data, but a document built in code
     * may hold it as text; reading only {@code data()} would silently throw such CSS away.
     */
    static String css(Element style) {
        StringBuilder css = new StringBuilder();
        for (Node child : style.childNodes()) {
            if (child instanceof DataNode data) {
                css.append(data.getWholeData());
            } else if (child instanceof TextNode text) {
                css.append(text.getWholeText());
            }
        }
        return css.toString();
    }

    /** Whether inlined declarations may be written onto this element (not into head, scripts or templates). */
    static boolean mayReceiveStyles(Element element) {
        if (element instanceof Document) {
            return false; // jsoup's "*" also matches the document node itself
        }
        for (Element e = element; e != null; e = e.parent()) {
            if (UNSTYLED_SUBTREES.contains(e.normalName())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Replaces the inlined {@code <style>} elements by one holding {@code css}, or by nothing when
     * {@code css} is empty. The first of them is reused when it is in {@code <head>}, so that a
     * template's single head block stays where it was; otherwise a new one goes at the end of head.
     */
    static void replace(Document document, List<Element> inlined, String css) {
        Element target = null;
        if (!css.isEmpty()) {
            boolean firstInHead = !inlined.isEmpty() && inlined.get(0).closest("head") != null;
            target = firstInHead ? inlined.get(0) : document.head().appendElement("style");
            target.empty().appendChild(new DataNode(css));
        }
        for (Element style : inlined) {
            if (style != target) {
                style.remove();
            }
        }
    }
}
