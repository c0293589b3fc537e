package dev.tidings.mail;

import java.util.Arrays;

/**
 * A message as it goes on the wire after DATA (RFC 5321 4.5.2): CRLF line ends, a line starting
 * with "." given a second one, and the terminating ".CRLF". Angus Mail does the same in its
 * {@code SMTPOutputStream}, one byte and one buffered write per line at a time; here a message
 * that {@link MessageBuilder} made clean already (CRLF only, no line starting with ".") costs one
 * scan and one copy, and the result is written to the socket in one call.
 */
final class SmtpData {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DOT = '.';
    private static final byte[] END = {DOT, CR, LF};

    private SmtpData() {
    }

    /** The bytes to write after the server's 354, terminator included. */
    static byte[] encode(byte[] content) {
        return isClean(content) ? withTerminator(content) : normalised(content);
    }

    /** CRLF line ends only, ending in CRLF (or empty), and no line that starts with a dot. */
    private static boolean isClean(byte[] content) {
        boolean lineStart = true;
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b == CR) {
                if (i + 1 >= content.length || content[i + 1] != LF) {
                    return false;
                }
                i++;
                lineStart = true;
                continue;
            }
            if (b == LF || lineStart && b == DOT) {
                return false;
            }
            lineStart = false;
        }
        return lineStart;
    }

    private static byte[] withTerminator(byte[] content) {
        byte[] wire = Arrays.copyOf(content, content.length + END.length);
        System.arraycopy(END, 0, wire, content.length, END.length);
        return wire;
    }

    /**
     * The general case, as Angus's stream writes it: a lone CR or LF, or CR LF, ends a line; a dot
     * at the start of a line is doubled; a last line without its end gets one.
     */
    private static byte[] normalised(byte[] content) {
        ByteSink wire = new ByteSink(content.length + content.length / 32 + 8);
        boolean lineStart = true;
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b == CR || b == LF) {
                wire.write(CR);
                wire.write(LF);
                if (b == CR && i + 1 < content.length && content[i + 1] == LF) {
                    i++;
                }
                lineStart = true;
                continue;
            }
            if (lineStart && b == DOT) {
                wire.write(DOT);
            }
            wire.write(b);
            lineStart = false;
        }
        if (!lineStart) {
            wire.write(CR);
            wire.write(LF);
        }
        wire.write(END);
        return wire.toByteArray();
    }
}
