package dev.tidings.render;

import dev.tidings.render.stencil.TextStencil;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One email, rendered for one recipient: everything the MIME builder needs. Immutable. Its HTML
 * and text are there as one string and as their lines; which of the two was rendered is render's
 * business (the stencils give lines, full inlining a string), and the other is made on first use.
 *
 * <p>A class rather than a record for that reason: sending asks only for the lines, and joining a
 * stencilled email's lines into a string it never reads would cost as much as encoding them.
 */
public final class RenderedEmail {
    private final Recipient recipient;
    private final String subject;
    private final String unsubscribeLink;
    private final String listUnsubscribe;
    private final boolean oneClick;
    private final List<CalendarFile> calendars;
    private volatile String html;
    private volatile List<String> htmlLines;
    private volatile String text;
    private volatile List<String> textLines;

    /**
     * @param html             the HTML part, CSS inlined; null when given as {@code htmlLines}
     * @param htmlLines        the HTML split at "\n" (no line holds a CR or LF), when rendered from a
     *                         stencil: lines without personal values are the same String instances in
     *                         every recipient's email, so encoders can remember their output cheaply; null otherwise
     * @param text             the plaintext part, wrapped at 72 columns, "\n" line ends; null when given as {@code textLines}
     * @param textLines        the plaintext split at "\n", from a {@link TextStencil} (shared instances as for the HTML); null otherwise
     * @param unsubscribeLink  the link shown in the footer (https or mailto)
     * @param listUnsubscribe  the List-Unsubscribe header value (RFC 2369)
     * @param oneClick         whether List-Unsubscribe-Post applies (RFC 8058: an https URI is present)
     * @param calendars        .ics files to attach (call-outs' events), usually none
     */
    RenderedEmail(Recipient recipient, String subject, String html, List<String> htmlLines, String text, List<String> textLines,
                  String unsubscribeLink, String listUnsubscribe, boolean oneClick, List<CalendarFile> calendars) {
        if ((html == null) == (htmlLines == null) || (text == null) == (textLines == null)) {
            throw new IllegalArgumentException("the HTML and the text come either whole or as lines");
        }
        this.recipient = recipient;
        this.subject = subject;
        this.html = html;
        this.htmlLines = htmlLines == null ? null : List.copyOf(htmlLines);
        this.text = text;
        this.textLines = textLines == null ? null : List.copyOf(textLines);
        this.unsubscribeLink = unsubscribeLink;
        this.listUnsubscribe = listUnsubscribe;
        this.oneClick = oneClick;
        this.calendars = List.copyOf(calendars);
    }

    public Recipient recipient() {
        return recipient;
    }

    public String subject() {
        return subject;
    }

    /** The HTML part, CSS inlined. */
    public String html() {
        String whole = html;
        if (whole == null) {
            whole = String.join("\n", htmlLines);
            html = whole;
        }
        return whole;
    }

    /**
     * The HTML part's lines, without their line breaks (CRLF, CR or LF). A line that is the same
     * for many recipients may be one shared String instance (from a stencil), so that an encoder
     * can remember its output by identity at no cost.
     */
    public List<String> htmlLines() {
        List<String> lines = htmlLines;
        if (lines == null) {
            lines = lines(html);
            htmlLines = lines;
        }
        return lines;
    }

    /** The HTML's length in chars, without joining its lines. */
    public int htmlLength() {
        String whole = html;
        return whole != null ? whole.length() : joinedLength(htmlLines);
    }

    /** The plaintext part, wrapped at 72 columns, "\n" line ends. */
    public String text() {
        String whole = text;
        if (whole == null) {
            whole = String.join("\n", textLines);
            text = whole;
        }
        return whole;
    }

    /** The plaintext's lines, as {@link #htmlLines()}. */
    public List<String> textLines() {
        List<String> lines = textLines;
        if (lines == null) {
            lines = lines(text);
            textLines = lines;
        }
        return lines;
    }

    /** The text's length in chars, without joining its lines. */
    public int textLength() {
        String whole = text;
        return whole != null ? whole.length() : joinedLength(textLines);
    }

    private static int joinedLength(List<String> lines) {
        int length = lines.size() - 1;
        for (String line : lines) {
            length += line.length();
        }
        return length;
    }

    /** Split at CRLF, CR or LF; a break at the very end gives a last, empty line. */
    static List<String> lines(String content) {
        String lf = content.indexOf('\r') < 0 ? content : content.replace("\r\n", "\n").replace('\r', '\n');
        List<String> lines = new ArrayList<>();
        int start = 0;
        // indexOf rather than a loop over charAt: the JDK's search is fast even in the client compiler.
        for (int end = lf.indexOf('\n'); end >= 0; end = lf.indexOf('\n', start)) {
            lines.add(lf.substring(start, end));
            start = end + 1;
        }
        lines.add(lf.substring(start));
        return Collections.unmodifiableList(lines);
    }

    public String unsubscribeLink() {
        return unsubscribeLink;
    }

    public String listUnsubscribe() {
        return listUnsubscribe;
    }

    public boolean oneClick() {
        return oneClick;
    }

    public List<CalendarFile> calendars() {
        return calendars;
    }
}
