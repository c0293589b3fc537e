package dev.tidings.render;

import dev.tidings.render.stencil.TextStencil;
import java.util.List;

/**
 * One email, rendered for one recipient: everything the MIME builder needs. Immutable; a class
 * rather than a record only so that the HTML and text of a stencilled email are joined from their
 * lines when someone asks for them as one string, which sending never does.
 */
public final class RenderedEmail {
    private final Recipient recipient;
    private final String subject;
    private final List<String> htmlLines;
    private final List<String> textLines;
    private final String unsubscribeLink;
    private final String listUnsubscribe;
    private final boolean oneClick;
    private final List<CalendarFile> calendars;
    private volatile String html;
    private volatile String text;

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
    public RenderedEmail(Recipient recipient, String subject, String html, List<String> htmlLines, String text, List<String> textLines,
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

    /** The HTML's length in chars, without joining its lines. */
    public int htmlLength() {
        return html != null ? html.length() : joinedLength(htmlLines);
    }

    /** The text's length in chars, without joining its lines. */
    public int textLength() {
        return text != null ? text.length() : joinedLength(textLines);
    }

    private static int joinedLength(List<String> lines) {
        int length = lines.size() - 1;
        for (String line : lines) {
            length += line.length();
        }
        return length;
    }

    /** The HTML's lines when it came from a stencil (see the constructor), else null. */
    public List<String> htmlLines() {
        return htmlLines;
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

    /** The text's lines when it came from a stencil, else null. */
    public List<String> textLines() {
        return textLines;
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
