package dev.tidings.render.stencil;

import dev.tidings.render.markdown.TextWrapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The wrapped plain text of one recipient shape, line by line, with holes where the personal values
 * go: the plaintext counterpart of {@link HtmlStencil}. Wrapping works on each line alone
 * ({@link TextWrapper}), so a line without a personal value wraps the same for every recipient:
 * it is wrapped once here, and its wrapped lines are the same String instances in every email
 * (whatever is computed from them, such as their quoted-printable form, is found again by identity).
 * Only the lines that hold a value are wrapped per recipient.
 *
 * <p>As with the HTML, it is only used when provably equivalent: the template still runs for each
 * recipient, and the stencil is filled only when that output is the marked output with the
 * recipient's values in the holes, character for character (values go into plain text as they
 * are). A template that transforms a value ({@code ?upper_case}, a test on it) fails that check
 * for the recipients it matters to, who are wrapped in full. Marked text holding a CR (a theme
 * saved with CRLF line ends) gets no stencil.
 */
public final class TextStencil {
    /** One line of the marked text: without a hole, its wrapped lines; with holes, its pieces. */
    private record Line(List<String> wrapped, List<MarkedOutput.Piece> pieces) {
    }

    private final MarkedOutput marked;
    private final List<Line> lines;
    private final int width;

    private TextStencil(MarkedOutput marked, List<Line> lines, int width) {
        this.marked = marked;
        this.lines = lines;
        this.width = width;
    }

    /** The stencil of a marked rendering, or null when it cannot be one (a CR, a cut or unknown marker). */
    public static TextStencil of(String markedText, int slots, int width) {
        if (markedText.indexOf('\r') >= 0) {
            return null;
        }
        MarkedOutput marked = MarkedOutput.parse(markedText);
        if (marked == null || marked.pieces().stream().anyMatch(piece -> piece.slot() >= slots)) {
            return null;
        }
        return new TextStencil(marked, lines(marked.pieces(), width), width);
    }

    private static List<Line> lines(List<MarkedOutput.Piece> pieces, int width) {
        List<Line> lines = new ArrayList<>();
        List<MarkedOutput.Piece> current = new ArrayList<>();
        for (MarkedOutput.Piece piece : pieces) {
            if (piece.slot() >= 0) {
                current.add(piece);
                continue;
            }
            String literal = piece.literal();
            int start = 0;
            for (int end = literal.indexOf('\n'); end >= 0; end = literal.indexOf('\n', start)) {
                current.add(new MarkedOutput.Piece(literal.substring(start, end), -1));
                lines.add(line(current, width));
                current = new ArrayList<>();
                start = end + 1;
            }
            current.add(new MarkedOutput.Piece(literal.substring(start), -1));
        }
        lines.add(line(current, width));
        return List.copyOf(lines);
    }

    private static Line line(List<MarkedOutput.Piece> pieces, int width) {
        if (pieces.stream().anyMatch(piece -> piece.slot() >= 0)) {
            return new Line(null, List.copyOf(pieces));
        }
        StringBuilder text = new StringBuilder();
        pieces.forEach(piece -> text.append(piece.literal()));
        return new Line(List.of(TextWrapper.wrap(text.toString(), width).split("\n", -1)), null);
    }

    /**
     * This recipient's wrapped text as its lines ("\n" between them), or null when their rendering is
     * not the marked one with their values in it. No value may hold a CR or LF (the caller checks).
     *
     * @param memo long lines and their wrapping, for the lines with a value (see {@link TextWrapper})
     */
    public List<String> fill(char[] rendered, int length, List<String> values, Map<String, String> memo) {
        if (!marked.matches(rendered, length, values)) {
            return null;
        }
        List<String> out = new ArrayList<>(lines.size() + 16);
        for (Line line : lines) {
            if (line.wrapped() != null) {
                out.addAll(line.wrapped());
                continue;
            }
            StringBuilder text = new StringBuilder(96);
            for (MarkedOutput.Piece piece : line.pieces()) {
                text.append(piece.slot() < 0 ? piece.literal() : values.get(piece.slot()));
            }
            String wrapped = TextWrapper.wrap(text.toString(), width, memo);
            int start = 0;
            for (int end = wrapped.indexOf('\n'); end >= 0; end = wrapped.indexOf('\n', start)) {
                out.add(wrapped.substring(start, end));
                start = end + 1;
            }
            out.add(wrapped.substring(start));
        }
        return out;
    }
}
