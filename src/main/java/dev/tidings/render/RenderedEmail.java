package dev.tidings.render;

import java.util.List;

/**
 * One email, rendered for one recipient: everything the MIME builder needs.
 *
 * @param html             the HTML part, CSS inlined
 * @param htmlLines        the same split at "\n" (no line holds a CR or LF), when rendered from a stencil: lines without personal
 *                         values are the same String instances in every recipient's email, so encoders
 *                         can remember their output cheaply; null otherwise
 * @param text             the plaintext part, wrapped at 72 columns, "\n" line ends
 * @param unsubscribeLink  the link shown in the footer (https or mailto)
 * @param listUnsubscribe  the List-Unsubscribe header value (RFC 2369)
 * @param oneClick         whether List-Unsubscribe-Post applies (RFC 8058: an https URI is present)
 * @param calendars        .ics files to attach (call-outs' events), usually none
 */
public record RenderedEmail(
        Recipient recipient,
        String subject,
        String html,
        List<String> htmlLines,
        String text,
        String unsubscribeLink,
        String listUnsubscribe,
        boolean oneClick,
        List<CalendarFile> calendars) {
}
