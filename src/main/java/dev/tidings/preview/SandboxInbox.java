package dev.tidings.preview;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;

/**
 * The messages a sandbox SMTP server has received, read for display: headers, the HTML and
 * plaintext alternatives, and the raw source. Numbered from 1 in order of arrival: the supplier
 * gives the messages in that order and never moves one, so a number and its URL stay the same
 * message for the sandbox's life.
 */
final class SandboxInbox {
    /** One received message as the inbox page lists it. */
    record Entry(int id, String from, String to, String subject, Instant date, int size) {
    }

    private final Supplier<List<MimeMessage>> messages;

    SandboxInbox(Supplier<List<MimeMessage>> messages) {
        this.messages = messages;
    }

    /** Every message, the newest first, as a mail client lists them. */
    List<Entry> list() {
        List<MimeMessage> all = messages.get();
        List<Entry> entries = new ArrayList<>(all.size());
        for (int i = all.size() - 1; i >= 0; i--) {
            entries.add(entry(i + 1, all.get(i)));
        }
        return entries;
    }

    /** The message with this number, or null. */
    MimeMessage get(int id) {
        List<MimeMessage> all = messages.get();
        return id >= 1 && id <= all.size() ? all.get(id - 1) : null;
    }

    Entry entry(int id, MimeMessage message) {
        try {
            Date sent = message.getSentDate();
            return new Entry(id, header(message, "From"), header(message, "To"),
                    message.getSubject() == null ? "" : message.getSubject(),
                    sent == null ? null : sent.toInstant(), raw(message).length);
        } catch (MessagingException e) {
            return new Entry(id, "?", "?", "(unreadable: " + e.getMessage() + ")", null, 0);
        }
    }

    static byte[] raw(MimeMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            message.writeTo(bytes);
        } catch (IOException | MessagingException e) {
            return ("(unreadable: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
        }
        return bytes.toByteArray();
    }

    /** The first part of this MIME type (text/html, text/plain), decoded, or null. */
    static String part(Part part, String type) {
        try {
            if (part.isMimeType(type)) {
                Object content = part.getContent();
                return content instanceof String text ? text : null;
            }
            if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    String found = part(child, type);
                    if (found != null) {
                        return found;
                    }
                }
            }
        } catch (IOException | MessagingException e) {
            return null;
        }
        return null;
    }

    private static String header(Message message, String name) throws MessagingException {
        String[] values = message.getHeader(name);
        if (values == null || values.length == 0) {
            return "";
        }
        try {
            return jakarta.mail.internet.MimeUtility.decodeText(values[0]);
        } catch (java.io.UnsupportedEncodingException e) {
            return values[0];
        }
    }
}
