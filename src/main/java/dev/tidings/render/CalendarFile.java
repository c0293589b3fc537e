package dev.tidings.render;

import java.nio.charset.StandardCharsets;

/**
 * One call-out's event as an RFC 5545 iCalendar file: attached to every email of the issue and
 * published beside the archive page under the same name.
 *
 * @param fileName  a name made of the call-out's heading ("community-call.ics"), unique in the issue
 * @param content   the iCalendar text, CRLF line ends, folded at 75 octets
 */
public record CalendarFile(String fileName, String content) {
    /** RFC 5545 8.1 (and RFC 6047 for the method parameter of an attachment). */
    public static final String CONTENT_TYPE = "text/calendar; charset=UTF-8; method=PUBLISH";

    public byte[] bytes() {
        return content.getBytes(StandardCharsets.UTF_8);
    }
}
