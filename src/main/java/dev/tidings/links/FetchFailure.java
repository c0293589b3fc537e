package dev.tidings.links;

import java.util.Locale;

/**
 * Why a page could not be fetched, in the editor's words ("timed out after 20 s", "answered
 * 403 Forbidden", "a redirect loop", "larger than 2 MB"): a verdict, never a stack trace.
 *
 * <p>A reason may quote what a server sent: the HTTP client refuses a header holding a control
 * character and says so with the header, its ESC included, in its message ({@code Invalid header
 * value "Location: ..."}). Printed as it is, an escape sequence from any web page would drive the
 * editor's terminal (retitle it, recolour the report, or with OSC 52 write to its clipboard), so
 * control characters are shown as {@code \x1B} instead.
 */
public final class FetchFailure extends Exception {
    private final boolean temporary;

    public FetchFailure(String reason) {
        this(reason, false);
    }

    /** @param temporary whether a later try may well succeed (no answer, no connection, 429, 5xx) */
    public FetchFailure(String reason, boolean temporary) {
        super(visible(reason));
        this.temporary = temporary;
    }

    /** Whether a later try may well succeed: for a cron job, exit 4 (safe to re-run) rather than 1. */
    public boolean temporary() {
        return temporary;
    }

    /** The text with each control character (C0, DEL and C1) written as {@code \xNN}; for a feed's failure too. */
    public static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.getType(c) == Character.CONTROL) {
                out.append(String.format(Locale.ROOT, "\\x%02X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
