package dev.tidings.render.stencil;

import freemarker.core.HTMLOutputFormat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
 *   <li>Inlining must not depend on the values themselves, only on where they are. So the stencil
 *       is refused when a marker sits in CSS (a {@code style} attribute or element: the CSS parser
 *       re-serialises the value, {@code #F00} becoming {@code #ff0000}, and a {@code ;} in it
 *       adds a declaration), in an attribute a selector can test ({@code class}, {@code id},
 *       any {@code [attr]} of the CSS: {@code .tier-gold} matches a recipient's value where it
 *       did not match the marker), in an unquoted attribute (a space in the value ends it) or in
 *       a tag or attribute name ({@link CssReach}).</li>
 *   <li>The filled value must come out of parsing and serialising exactly as FreeMarker escaped
 *       it. jsoup writes {@code &#39;} back as {@code '}, {@code &quot;} in text as {@code "},
 *       U+00A0 as {@code &nbsp;}, drops NUL and folds CR LF; leading or trailing whitespace can
 *       land in another node (text in {@code <head>}, the first newline of {@code <pre>}, jsoup's
 *       {@code :empty}). Such a recipient is inlined in full ({@link HoleContext}).</li>
 * </ol>
 * Values are escaped as FreeMarker's HTML output format escapes them, which is valid in text and
 * in quoted attributes alike. Rules 4 and 5 are classes of their own ({@link CssReach},
 * {@link HoleContext}); this one builds the stencil and fills it.
 */
public final class HtmlStencil {
    static final char OPEN = '\uE000';
    static final char CLOSE = '\uE001';
    static final char FIRST_SLOT = '\uE100';

    /** A literal run of the document, or a hole (slot >= 0) and, after inlining, where it sits. */
    private record Segment(String literal, int slot, HoleContext context) {
        Segment(String literal, int slot) {
            this(literal, slot, HoleContext.TEXT);
        }
    }

    /** The marked rendering before inlining, which each recipient's rendering must match. */
    private final MarkedOutput beforeInlining;
    private final List<Segment> afterInlining;
    /** {@link #afterInlining} line by line, for {@link #fill}. */
    private final List<Line> lines;
    /** The slots the template printed: only their values need to survive jsoup. */
    private final Set<Integer> printed = new HashSet<>();

    private HtmlStencil(MarkedOutput beforeInlining, List<Segment> afterInlining) {
        this.beforeInlining = beforeInlining;
        this.afterInlining = afterInlining;
        this.lines = lines(afterInlining);
        beforeInlining.pieces().stream().filter(piece -> piece.slot() >= 0).forEach(piece -> printed.add(piece.slot()));
    }

    /** A stencil that marks a recipient shape as "inline in full": it is never filled. */
    public static HtmlStencil unusable() {
        return new HtmlStencil(MarkedOutput.parse(""), List.of());
    }

    public static String marker(int slot) {
        return new String(new char[] {OPEN, (char) (FIRST_SLOT + slot), CLOSE});
    }

    /** The stencil for a marked rendering and its inlined form, or null when inlining disturbed the markers. */
    public static HtmlStencil of(String markedHtml, String inlinedMarkedHtml, int slots) {
        MarkedOutput before = MarkedOutput.parse(markedHtml);
        List<Segment> after = split(inlinedMarkedHtml);
        if (before == null || after == null || !sameSlotCounts(segments(before), after, slots) || CssReach.reachesAMarker(markedHtml)) {
            return null;
        }
        return new HtmlStencil(before, withContexts(after));
    }

    /** Marks each hole of the inlined document with its {@link HoleContext}, found by looking back from it. */
    private static List<Segment> withContexts(List<Segment> segments) {
        List<Segment> marked = new ArrayList<>(segments.size());
        StringBuilder before = new StringBuilder();
        for (Segment segment : segments) {
            if (segment.slot() < 0) {
                before.append(segment.literal());
                marked.add(segment);
            } else {
                marked.add(new Segment(null, segment.slot(), HoleContext.at(before)));
                before.append('x'); // a stand-in for the value, which holds no markup
            }
        }
        return marked;
    }

    /**
     * One line of the inlined document: without a hole, one string for every recipient; with
     * holes, the literal pieces and holes to fill.
     */
    private record Line(String shared, List<Segment> pieces) {
    }

    private static List<Line> lines(List<Segment> segments) {
        List<Line> lines = new ArrayList<>();
        List<Segment> pieces = new ArrayList<>();
        for (Segment segment : segments) {
            if (segment.slot() >= 0) {
                pieces.add(segment);
                continue;
            }
            String literal = segment.literal();
            int start = 0;
            for (int end = literal.indexOf('\n'); end >= 0; end = literal.indexOf('\n', start)) {
                pieces.add(new Segment(literal.substring(start, end), -1));
                lines.add(line(pieces));
                pieces = new ArrayList<>();
                start = end + 1;
            }
            pieces.add(new Segment(literal.substring(start), -1));
        }
        lines.add(line(pieces));
        return List.copyOf(lines);
    }

    private static Line line(List<Segment> pieces) {
        if (pieces.stream().anyMatch(piece -> piece.slot() >= 0)) {
            return new Line(null, List.copyOf(pieces));
        }
        StringBuilder text = new StringBuilder();
        pieces.forEach(piece -> text.append(piece.literal()));
        return new Line(text.toString(), null);
    }

    /**
     * The inlined HTML for this recipient as its lines ("\n" between them), or null when the
     * recipient's own rendering is not the marked rendering with their values in it. A line without
     * a personal value is the same String instance for every recipient, so whatever is computed from
     * it (its hash, its quoted-printable encoding) is found again by identity, not by comparing text.
     */
    public List<String> fill(char[] rendered, int renderedLength, List<String> values) {
        List<String> escaped = new ArrayList<>(values.size());
        for (int slot = 0; slot < values.size(); slot++) {
            String value = values.get(slot);
            String html = HTMLOutputFormat.INSTANCE.escapePlainText(value);
            escaped.add(html);
            if (printed.contains(slot) && !HoleContext.readsBack(value, html)) {
                return null;
            }
        }
        if (!beforeInlining.matches(rendered, renderedLength, escaped)) {
            return null;
        }
        List<String> out = new ArrayList<>(lines.size());
        for (Line line : lines) {
            if (line.shared() != null) {
                out.add(line.shared());
                continue;
            }
            StringBuilder text = new StringBuilder(128);
            for (Segment piece : line.pieces()) {
                if (piece.slot() < 0) {
                    text.append(piece.literal());
                    continue;
                }
                String written = piece.context().asJsoupWrites(values.get(piece.slot()), escaped.get(piece.slot()));
                if (written == null) {
                    return null;
                }
                text.append(written);
            }
            out.add(text.toString());
        }
        return out;
    }

    private static List<Segment> split(String html) {
        MarkedOutput parsed = MarkedOutput.parse(html);
        return parsed == null ? null : segments(parsed);
    }

    private static List<Segment> segments(MarkedOutput parsed) {
        return parsed.pieces().stream().map(piece -> new Segment(piece.literal(), piece.slot())).toList();
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
