package dev.tidings.mail.dkim;

import java.security.MessageDigest;
import java.util.Locale;

/**
 * DKIM's "relaxed" canonicalisation (RFC 6376 3.4.2 and 3.4.4): what a signature covers, so that
 * the re-folding and whitespace changes relays commonly make do not break it. Relaxed rather than
 * simple in both halves, as nearly every signer does: a relay that re-folds a long header or trims
 * a trailing space would otherwise invalidate the signature for nothing.
 */
final class RelaxedCanonical {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] CRLF = {CR, LF};
    private static final byte SPACE = ' ';

    private RelaxedCanonical() {
    }

    /**
     * One header field (name, colon, value, with its folding and without its final CRLF) in relaxed
     * form, with CRLF (RFC 6376 3.4.2): the name in lower case; the value unfolded, each run of
     * whitespace one space, none at its ends; nothing around the colon.
     */
    static String header(String field) {
        int colon = field.indexOf(':');
        String name = field.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        StringBuilder value = new StringBuilder(field.length() - colon);
        boolean space = false;
        for (int i = colon + 1; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\r' || c == '\n') {
                continue; // unfolding: the CRLF goes, the whitespace after it stays (and is reduced)
            }
            if (c == ' ' || c == '\t') {
                space = true;
            } else {
                if (space && value.length() > 0) {
                    value.append(' ');
                }
                space = false;
                value.append(c);
            }
        }
        return name + ":" + value + "\r\n";
    }

    /**
     * Feeds the relaxed form of a body (RFC 6376 3.4.4) into {@code digest}: trailing whitespace of
     * each line removed, each other run of whitespace one space, the empty lines at the end removed,
     * and a CRLF after the last line when the body is not empty. Lines of our messages are short
     * (quoted-printable), but a body from elsewhere may be one long line: the output is written in
     * runs straight from the input array, without a buffer of its size.
     */
    static void body(byte[] message, int start, int end, MessageDigest digest) {
        int pendingBlankLines = 0;
        int i = start;
        while (i < end) {
            int lineEnd = lineEnd(message, i, end);
            int contentEnd = lineEnd;
            while (contentEnd > i && isSpace(message[contentEnd - 1])) {
                contentEnd--;
            }
            if (contentEnd == i) {
                pendingBlankLines++; // written only if a non-empty line follows
            } else {
                for (; pendingBlankLines > 0; pendingBlankLines--) {
                    digest.update(CRLF);
                }
                line(message, i, contentEnd, digest);
                digest.update(CRLF);
            }
            i = nextLine(message, lineEnd, end);
        }
    }

    /** One line without its trailing whitespace: runs of whitespace inside become one space. */
    private static void line(byte[] message, int start, int end, MessageDigest digest) {
        int run = start;
        int i = start;
        while (i < end) {
            if (isSpace(message[i])) {
                digest.update(message, run, i - run);
                digest.update(SPACE);
                while (isSpace(message[i])) {
                    i++; // cannot run past end: the line's trailing whitespace was cut
                }
                run = i;
            } else {
                i++;
            }
        }
        digest.update(message, run, end - run);
    }

    /** Where the line starting at {@code from} ends: its CRLF (or a bare LF, taken as a line end too), or {@code end}. */
    private static int lineEnd(byte[] message, int from, int end) {
        for (int i = from; i < end; i++) {
            if (message[i] == LF) {
                return i > from && message[i - 1] == CR ? i - 1 : i;
            }
        }
        return end;
    }

    private static int nextLine(byte[] message, int lineEnd, int end) {
        if (lineEnd < end && message[lineEnd] == CR && lineEnd + 1 < end && message[lineEnd + 1] == LF) {
            return lineEnd + 2;
        }
        return lineEnd < end ? lineEnd + 1 : end;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }
}
