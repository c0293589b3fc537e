package dev.tidings.render;

import java.util.ArrayList;
import java.util.Arrays;
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
final class TextStencil {
    /** A run of literal text, or a hole (slot >= 0). */
    private record Piece(String literal, int slot) {
    }

    /** One line of the marked text: without a hole, its wrapped lines; with holes, its pieces. */
    private record Line(List<String> wrapped, List<Piece> pieces) {
    }

    private final List<Piece> pieces;
    /** The literals of {@link #pieces} as chars (null for holes), compared with each recipient's text. */
    private final char[][] literalChars;
    private final List<Line> lines;
    private final int width;

    private TextStencil(List<Piece> pieces, List<Line> lines, int width) {
        this.pieces = pieces;
        this.literalChars = pieces.stream().map(piece -> piece.slot() < 0 ? piece.literal().toCharArray() : null).toArray(char[][]::new);
        this.lines = lines;
        this.width = width;
    }

    /** The stencil of a marked rendering, or null when it cannot be one (a CR, a cut or unknown marker). */
    static TextStencil of(String markedText, int slots, int width) {
        if (markedText.indexOf('\r') >= 0) {
            return null;
        }
        List<Piece> pieces = split(markedText, slots);
        return pieces == null ? null : new TextStencil(pieces, lines(pieces, width), width);
    }

    private static List<Piece> split(String text, int slots) {
        List<Piece> pieces = new ArrayList<>();
        int start = 0;
        for (int open = text.indexOf(HtmlStencil.OPEN); open >= 0; open = text.indexOf(HtmlStencil.OPEN, start)) {
            if (open + 2 >= text.length() || text.charAt(open + 2) != HtmlStencil.CLOSE) {
                return null;
            }
            int slot = text.charAt(open + 1) - HtmlStencil.FIRST_SLOT;
            if (slot < 0 || slot >= slots) {
                return null;
            }
            pieces.add(new Piece(text.substring(start, open), -1));
            pieces.add(new Piece(null, slot));
            start = open + 3;
        }
        pieces.add(new Piece(text.substring(start), -1));
        return pieces;
    }

    private static List<Line> lines(List<Piece> pieces, int width) {
        List<Line> lines = new ArrayList<>();
        List<Piece> current = new ArrayList<>();
        for (Piece piece : pieces) {
            if (piece.slot() >= 0) {
                current.add(piece);
                continue;
            }
            String literal = piece.literal();
            int start = 0;
            for (int end = literal.indexOf('\n'); end >= 0; end = literal.indexOf('\n', start)) {
                current.add(new Piece(literal.substring(start, end), -1));
                lines.add(line(current, width));
                current = new ArrayList<>();
                start = end + 1;
            }
            current.add(new Piece(literal.substring(start), -1));
        }
        lines.add(line(current, width));
        return List.copyOf(lines);
    }

    private static Line line(List<Piece> pieces, int width) {
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
    List<String> fill(char[] rendered, int length, List<String> values, Map<String, String> memo) {
        if (!matches(rendered, length, values)) {
            return null;
        }
        List<String> out = new ArrayList<>(lines.size() + 16);
        for (Line line : lines) {
            if (line.wrapped() != null) {
                out.addAll(line.wrapped());
                continue;
            }
            StringBuilder text = new StringBuilder(96);
            for (Piece piece : line.pieces()) {
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

    private boolean matches(char[] chars, int length, List<String> values) {
        int position = 0;
        for (int i = 0; i < literalChars.length; i++) {
            char[] expected = literalChars[i] != null ? literalChars[i] : values.get(pieces.get(i).slot()).toCharArray();
            int end = position + expected.length;
            if (end > length || !Arrays.equals(chars, position, end, expected, 0, expected.length)) {
                return false;
            }
            position = end;
        }
        return position == length;
    }
}
