package dev.tidings.inbox;

import dev.tidings.render.UnsubscribeSubject;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Finds an unsubscribe request in a mail: the subject a mailto link sets (RFC 2369, "unsubscribe
 * ADDRESS TOKEN", see {@link UnsubscribeSubject}), or a reply whose subject or first line of its
 * own text (quoted lines and reply prefixes skipped) starts with "unsubscribe".
 */
final class UnsubscribeRequests {
    /** Reply and forward prefixes in the languages mail clients write them in: "Re:", "Fwd:", "AW:", "SV:", "Re[2]:"... */
    private static final Pattern REPLY_PREFIXES = Pattern.compile(
            "(?i)^(?:\\s*(?:re|fw|fwd|aw|wg|sv|vs|antw|tr|rif|enc|odp|r)\\s*(?:\\[\\d+])?\\s*:)+");
    /** Enough of a body to find its first line; a large mail is not downloaded whole for that. */
    private static final int TEXT_LIMIT = 64 * 1024;

    private UnsubscribeRequests() {
    }

    /** The request in the subject or the first line of the text, preferring the one with a token; null when there is none. */
    static UnsubscribeSubject read(String subject, Part mail) throws MessagingException, IOException {
        UnsubscribeSubject inSubject = UnsubscribeSubject.parse(REPLY_PREFIXES.matcher(subject).replaceFirst(""));
        if (inSubject != null && inSubject.token() != null) {
            return inSubject;
        }
        String line = firstOwnLine(mail);
        UnsubscribeSubject inBody = line == null ? null : UnsubscribeSubject.parse(line);
        return inSubject != null && (inBody == null || inBody.token() == null) ? inSubject : inBody;
    }

    /** The first line of the mail's own text: not blank, not quoted ("> "), from text/plain, else from text/html. */
    private static String firstOwnLine(Part mail) throws MessagingException, IOException {
        Part plain = firstPart(mail, "text/plain");
        if (plain != null) {
            return firstOwnLine(text(plain));
        }
        Part html = firstPart(mail, "text/html");
        return html == null ? null : firstOwnLine(htmlAsText(text(html)));
    }

    private static String firstOwnLine(String text) {
        for (String line : text.split("\\R")) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith(">")) {
                return stripped;
            }
        }
        return null;
    }

    /** The first part of a type, searching multipart/alternative and multipart/mixed, not attached messages. */
    private static Part firstPart(Part part, String type) throws MessagingException, IOException {
        if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return part;
        }
        if (part.isMimeType("multipart/*")) {
            MimeMultipart parts = new MimeMultipart(part.getDataHandler().getDataSource());
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart child = parts.getBodyPart(i);
                Part found = firstPart(child, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String text(Part part) throws MessagingException, IOException {
        String charset = new ContentType(part.getContentType()).getParameter("charset");
        Charset decoding;
        try {
            decoding = charset == null ? StandardCharsets.UTF_8 : Charset.forName(MimeUtility.javaCharset(charset));
        } catch (IllegalArgumentException e) {
            decoding = StandardCharsets.UTF_8;
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readNBytes(TEXT_LIMIT), decoding);
        }
    }

    /** HTML as lines: a line break after each block and br, quoted replies (blockquote) left out. */
    private static String htmlAsText(String html) {
        Document document = Jsoup.parse(html);
        document.select("head, style, script, blockquote").remove();
        document.select("br, p, div, li, tr, h1, h2, h3, h4, h5, h6, pre").after("\n");
        return document.body().wholeText();
    }
}
