package dev.tidings.mail.smtp;

import dev.tidings.mail.mime.ByteSink;
import dev.tidings.mail.mime.MessageBuilder;

/**
 * A message as it goes on the wire after DATA (RFC 5321 4.5.2): CRLF line ends, a line starting
 * with "." given a second one, and the terminating ".CRLF". Angus Mail does the same in its
 * {@code SMTPOutputStream}, one byte and one buffered write per line at a time; here a message
 * that {@link MessageBuilder} made with CRLF line ends costs two scans and one copy, and the
 * result is written to the socket in one call.
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
        int dots = dotLines(content);
        return dots < 0 ? normalised(content) : stuffed(content, dots);
    }

    /**
     * How many lines start with a dot, when line ends are CRLF only and the content is empty or
     * ends with one (as {@link MessageBuilder} writes it); -1 otherwise. None, for the builder's
     * messages: its quoted-printable writes a dot that would open a line as =2E. The scan stays,
     * so that any content goes out right.
     */
    private static int dotLines(byte[] content) {
        int dots = 0;
        int length = content.length;
        int i = 0;
        while (i < length) {
            if (content[i] == DOT) { // at a line's start
                dots++;
            }
            // Then straight to the line's end: one comparison per byte for everything above CR
            // (the byte is signed, so 8-bit bytes take the second test, and pass it too).
            while (i < length) {
                byte b = content[i];
                if (b <= CR && (b == CR || b == LF)) {
                    break;
                }
                i++;
            }
            if (i == length || content[i] == LF || i + 1 == length || content[i + 1] != LF) {
                return -1; // a last line without its end, a bare LF, a bare CR
            }
            i += 2;
        }
        return dots;
    }

    /** Clean content with its dot lines' dots doubled, copied a stretch at a time, and the terminator. */
    private static byte[] stuffed(byte[] content, int dots) {
        byte[] wire = new byte[content.length + dots + END.length];
        int from = 0;
        int to = 0;
        if (dots > 0) {
            for (int i = 0; i < content.length; i++) {
                if (content[i] == DOT && (i == 0 || content[i - 1] == LF)) {
                    int stretch = i - from;
                    System.arraycopy(content, from, wire, to, stretch);
                    to += stretch;
                    wire[to++] = DOT;
                    from = i;
                }
            }
        }
        System.arraycopy(content, from, wire, to, content.length - from);
        System.arraycopy(END, 0, wire, wire.length - END.length, END.length);
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
