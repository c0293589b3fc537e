package dev.tidings.render.stencil;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A template's output for one recipient shape, rendered with markers ({@link HtmlStencil#marker})
 * as the personal values and split at them: what each recipient's own output must equal, with
 * their values in the holes, for a stencil ({@link HtmlStencil}, {@link TextStencil}) to apply.
 */
final class MarkedOutput {
    /** A run of literal output, or a hole (slot >= 0). */
    record Piece(String literal, int slot) {
    }

    private final List<Piece> pieces;
    /** The literals as chars (null for holes), compared with each recipient's output. */
    private final char[][] literalChars;

    private MarkedOutput(List<Piece> pieces) {
        this.pieces = List.copyOf(pieces);
        this.literalChars = pieces.stream().map(piece -> piece.slot() < 0 ? piece.literal().toCharArray() : null).toArray(char[][]::new);
    }

    /** The output split at its markers, or null when a marker was cut or altered. */
    static MarkedOutput parse(String output) {
        List<Piece> pieces = new ArrayList<>();
        int start = 0;
        for (int open = output.indexOf(HtmlStencil.OPEN); open >= 0; open = output.indexOf(HtmlStencil.OPEN, start)) {
            if (open + 2 >= output.length() || output.charAt(open + 2) != HtmlStencil.CLOSE) {
                return null;
            }
            pieces.add(new Piece(output.substring(start, open), -1));
            pieces.add(new Piece(null, output.charAt(open + 1) - HtmlStencil.FIRST_SLOT));
            start = open + 3;
        }
        pieces.add(new Piece(output.substring(start), -1));
        return new MarkedOutput(pieces);
    }

    List<Piece> pieces() {
        return pieces;
    }

    /**
     * Whether a recipient's output is this one with their values (as the template wrote them) in
     * the holes. Compared as char arrays, where the template wrote them: output with any character
     * beyond Latin-1 would be a UTF-16 string, which String.startsWith compares with a Latin-1
     * literal one char at a time, while Arrays.equals compares words.
     */
    boolean matches(char[] chars, int length, List<String> values) {
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
