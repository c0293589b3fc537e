package dev.tidings.render;

import freemarker.core.HTMLOutputFormat;

import java.util.ArrayList;
import java.util.List;

/**
 * The rendered HTML of one recipient shape with holes where the personal values go, before and
 * after CSS inlining. Inlining parses the whole document and matches every selector (tens of
 * milliseconds); filling holes costs microseconds. It is only used when provably equivalent:
 *
 * <ol>
 *   <li>The template is rendered once with unique markers as the personal values, and that HTML
 *       is inlined once. Markers are Unicode private-use characters, which neither FreeMarker's
 *       escaping nor jsoup's serialisation touch.</li>
 *   <li>If inlining moved, dropped or re-encoded any marker (say, a value inside a style
 *       attribute that the CSS parser re-serialised), the stencil is refused.</li>
 *   <li>For each recipient the template is still rendered with the real values (FreeMarker is
 *       fast); only if that output equals the marked output with the escaped values filled in, so
 *       the template did exactly the same thing for this recipient, is the inlined stencil filled
 *       instead of inlining again. Otherwise the caller inlines this recipient's HTML itself.</li>
 * </ol>
 * Values are escaped as FreeMarker's HTML output format escapes them, which is valid in text and
 * in quoted attributes alike.
 */
final class HtmlStencil {
    private static final char OPEN = '\uE000';
    private static final char CLOSE = '\uE001';
    private static final char FIRST_SLOT = '\uE100';

    /** A literal run of the document, or a hole (slot >= 0). */
    private record Segment(String literal, int slot) {
    }

    private final List<Segment> beforeInlining;
    private final List<Segment> afterInlining;

    private HtmlStencil(List<Segment> beforeInlining, List<Segment> afterInlining) {
        this.beforeInlining = beforeInlining;
        this.afterInlining = afterInlining;
    }

    static String marker(int slot) {
        return new String(new char[] {OPEN, (char) (FIRST_SLOT + slot), CLOSE});
    }

    /** The stencil for a marked rendering and its inlined form, or null when inlining disturbed the markers. */
    static HtmlStencil of(String markedHtml, String inlinedMarkedHtml, int slots) {
        List<Segment> before = split(markedHtml);
        List<Segment> after = split(inlinedMarkedHtml);
        if (before == null || after == null || !sameSlotCounts(before, after, slots)) {
            return null;
        }
        return new HtmlStencil(before, after);
    }

    /**
     * The inlined HTML for this recipient, or null when the recipient's own rendering is not the
     * marked rendering with their values in it.
     */
    String fill(String renderedHtml, List<String> values) {
        List<String> escaped = new ArrayList<>(values.size());
        for (String value : values) {
            escaped.add(HTMLOutputFormat.INSTANCE.escapePlainText(value));
        }
        if (!matches(renderedHtml, escaped)) {
            return null;
        }
        StringBuilder out = new StringBuilder(renderedHtml.length() + 1024);
        for (Segment segment : afterInlining) {
            out.append(segment.slot() < 0 ? segment.literal() : escaped.get(segment.slot()));
        }
        return out.toString();
    }

    private boolean matches(String rendered, List<String> escaped) {
        int position = 0;
        for (Segment segment : beforeInlining) {
            String expected = segment.slot() < 0 ? segment.literal() : escaped.get(segment.slot());
            if (!rendered.startsWith(expected, position)) {
                return false;
            }
            position += expected.length();
        }
        return position == rendered.length();
    }

    private static List<Segment> split(String html) {
        List<Segment> segments = new ArrayList<>();
        int start = 0;
        for (int open = html.indexOf(OPEN); open >= 0; open = html.indexOf(OPEN, start)) {
            if (open + 2 >= html.length() || html.charAt(open + 2) != CLOSE) {
                return null; // a marker was cut or altered
            }
            segments.add(new Segment(html.substring(start, open), -1));
            segments.add(new Segment(null, html.charAt(open + 1) - FIRST_SLOT));
            start = open + 3;
        }
        segments.add(new Segment(html.substring(start), -1));
        return segments;
    }

    private static boolean sameSlotCounts(List<Segment> before, List<Segment> after, int slots) {
        int[] counts = new int[slots];
        for (Segment segment : before) {
            if (segment.slot() >= slots) {
                return false;
            }
            if (segment.slot() >= 0) {
                counts[segment.slot()]++;
            }
        }
        for (Segment segment : after) {
            if (segment.slot() >= slots) {
                return false;
            }
            if (segment.slot() >= 0) {
                counts[segment.slot()]--;
            }
        }
        for (int count : counts) {
            if (count != 0) {
                return false;
            }
        }
        return true;
    }
}
