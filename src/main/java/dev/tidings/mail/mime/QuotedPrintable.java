package dev.tidings.mail.mime;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Quoted-printable (RFC 2045, section 6.7) for text bodies, from their lines to bytes.
 *
 * <p>Why not Jakarta Mail's encoder: it writes one byte at a time through three layers of
 * synchronised streams, and profiling a send showed it as the largest single cost per message
 * (about 1.2 ms of a newsletter's 1.9 ms). This one is a single loop from one byte array into
 * another, sized up front, which stays fast even before the JIT's optimising compiler has run (a
 * send of a few thousand messages is over before it would). Rules: printable ASCII except '=' as
 * is; space and tab as is unless they end a line; everything else, and '=', as =XX of the UTF-8
 * bytes; lines are joined with CRLF (RenderedEmail has split them at LF, CRLF or CR); lines are cut with a soft break ("=" CRLF) to
 * stay within 76 characters, never inside an =XX nor between the =XX of one character; a dot
 * that would open an encoded line is written =2E (RFC 2045 lets any character be escaped), so no
 * line of a message starts with one and SMTP's dot-stuffing has nothing to double: the message
 * goes to the socket in one copy instead of a copy broken at every such line (RFC 5321 4.5.2).
 * Tests decode the output with Jakarta Mail and compare with the input.
 *
 * <p>A line's encoding depends on that line alone, and the messages of one issue share almost
 * all their lines (only those with a name or a link differ), so encoded lines are remembered:
 * most of a message is copied, not encoded. Thread-safe; one instance per issue, bounded.
 */
final class QuotedPrintable {
    /** RFC 2045: encoded lines are at most 76 characters; 75 leaves room for the soft-break '='. */
    private static final int MAX_BEFORE_SOFT_BREAK = 75;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Per byte value: 1 when it is written as is (unless it ends a line), 3 when escaped, 0 for a line break. */
    private static final byte[] WIDTH = new byte[256];
    /** Lines shorter than this are encoded each time: looking them up would cost about as much. */
    private static final int CACHED_FROM = 24;
    private static final int MAX_CACHED_LINES = 8192;

    static {
        for (int b = 0; b < 256; b++) {
            WIDTH[b] = (byte) (b >= 33 && b <= 126 && b != '=' || b == ' ' || b == '\t' ? 1 : 3);
        }
        WIDTH['\n'] = 0;
        WIDTH['\r'] = 0;
    }

    private final Map<String, byte[]> encodedLines = new ConcurrentHashMap<>();

    /**
     * Encodes text given as its lines, none with a CR or LF in it, ending each line with CRLF but
     * the last. Lines shared by many messages as one String instance are found in the cache at no
     * cost: the string's hash is computed once, and equals() stops at identity.
     */
    void encodeLines(List<String> lines, ByteSink sink) {
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                sink.write('\r');
                sink.write('\n');
            }
            encodeLine(lines.get(i), sink);
        }
    }

    private void encodeLine(String line, ByteSink sink) {
        if (line.length() < CACHED_FROM) {
            sink.write(encodeAlone(line));
            return;
        }
        byte[] encoded = encodedLines.get(line);
        if (encoded == null) {
            encoded = encodeAlone(line);
            if (encodedLines.size() < MAX_CACHED_LINES) {
                encodedLines.put(line, encoded);
            }
        }
        sink.write(encoded);
    }

    /** One line without its line break, encoded with soft breaks. */
    static byte[] encodeAlone(String line) {
        byte[] in = line.getBytes(StandardCharsets.UTF_8);
        // Worst case: every byte escaped (3), plus a soft break (3) per 25 escaped bytes.
        byte[] out = new byte[in.length * 3 + in.length / 8 + 16];
        int o = 0;
        int column = 0;
        int n = in.length;
        for (int i = 0; i < n; i++) {
            int b = in[i] & 0xFF;
            int width = WIDTH[b];
            boolean endsLine = i + 1 == n;
            if (endsLine && (b == ' ' || b == '\t')) {
                width = 3; // trailing white space would be lost in transport (RFC 2045 6.7 rule 3)
            }
            if (b == '.' && column == 0) {
                width = 3; // a dot opening a line: see the class comment
            }
            int run = width == 3 ? 3 * utf8Length(b) : 1;
            // A character's escapes stay on one line; the last one of a line may use column 76.
            if (column + run > (endsLine && run == width ? MAX_BEFORE_SOFT_BREAK + 1 : MAX_BEFORE_SOFT_BREAK)) {
                out[o++] = '=';
                out[o++] = '\r';
                out[o++] = '\n';
                column = 0;
                if (b == '.') {
                    width = 3; // the soft break made it open a line
                    run = 3;
                }
            }
            if (width == 1) {
                out[o++] = (byte) b;
            } else {
                out[o++] = '=';
                out[o++] = HEX[b >> 4];
                out[o++] = HEX[b & 0xF];
            }
            column += width;
        }
        return java.util.Arrays.copyOf(out, o);
    }

    /** How many bytes the UTF-8 sequence starting with this byte has (1 for a continuation byte). */
    private static int utf8Length(int b) {
        if (b >= 0xF0) {
            return 4;
        }
        if (b >= 0xE0) {
            return 3;
        }
        return b >= 0xC0 ? 2 : 1;
    }
}
