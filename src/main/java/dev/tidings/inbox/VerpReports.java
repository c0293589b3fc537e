package dev.tidings.inbox;

import dev.tidings.render.BounceToken;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMultipart;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a mail sent to a VERP bounce address ({@code bounces+TOKEN@example.org}) says of itself,
 * read without trusting its shape: the tokens in the addresses it was delivered to, and, when it
 * has no delivery-status part to read (a mangled report, a bounce in prose), the status code its
 * text gives.
 *
 * <p>The envelope recipient is the one place a bounce cannot lose: the receiving server records it
 * in {@code Delivered-To} (Postfix, Dovecot's LDA, Gmail) or {@code X-Original-To} (Postfix), and an
 * MTA addresses its report's {@code To} to the envelope sender it returns to (RFC 3464 2.2, RFC 5321
 * 4.5.5). RFC 3464's {@code Original-Envelope-Id} is read too, when a relay carried one.
 */
final class VerpReports {
    /** The headers that name the envelope recipient, most reliable first. */
    static final List<String> RECIPIENT_HEADERS = List.of("Delivered-To", "X-Original-To", "To");
    /** A local part before an @ (RFC 5322 atext and dots), wherever it stands in a header's text. */
    private static final Pattern LOCAL_PART = Pattern.compile("([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+)@");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9]+");
    /**
     * A status code in prose, where an MTA writes one: a {@code Status:} field given as text, an SMTP
     * reply with its enhanced code ({@code 550 5.1.1}, {@code 550-5.1.1}), qmail's {@code (#5.1.1)}.
     * A bare "5.1.1" is not enough: a quoted newsletter may say "version 5.1.1".
     */
    private static final Pattern TEXT_STATUS = Pattern.compile(
            "(?:^\\s*Status:\\s*|\\b[45]\\d\\d[ -]|\\(#)([45]\\.\\d{1,3}\\.\\d{1,3})\\b", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
    /** Text read for a status: a bounce's prose is a few KiB; a returned message is not read. */
    private static final int TEXT_LIMIT = 64 * 1024;
    private static final int MAX_DEPTH = 3;

    private VerpReports() {
    }

    /** The bounce tokens (lower case) in the addresses the mail was delivered to; empty when it went to no VERP address. */
    static List<String> tokens(Part mail) throws MessagingException {
        Set<String> tokens = new LinkedHashSet<>();
        for (String name : RECIPIENT_HEADERS) {
            String[] values = mail.getHeader(name);
            if (values != null) {
                for (String value : values) {
                    Matcher local = LOCAL_PART.matcher(value);
                    while (local.find()) {
                        addTokens(local.group(1), tokens);
                    }
                }
            }
        }
        return List.copyOf(tokens);
    }

    /** The tokens among the words of an RFC 3464 Original-Envelope-Id (or any text). */
    static List<String> tokensIn(String text) {
        Set<String> tokens = new LinkedHashSet<>();
        if (text != null) {
            addTokens(text, tokens);
        }
        return List.copyOf(tokens);
    }

    private static void addTokens(String text, Set<String> into) {
        Matcher word = WORD.matcher(text);
        while (word.find()) {
            String token = BounceToken.normalised(word.group());
            if (token != null) {
                into.add(token);
            }
        }
    }

    /** The first status code the mail's text gives (outside a returned message), or null. */
    static String textStatus(Part mail) throws MessagingException, IOException {
        StringBuilder text = new StringBuilder();
        collectText(mail, text, 0);
        Matcher status = TEXT_STATUS.matcher(text);
        return status.find() ? status.group(1) : null;
    }

    private static void collectText(Part part, StringBuilder text, int depth) throws MessagingException, IOException {
        if (text.length() >= TEXT_LIMIT || depth > MAX_DEPTH) {
            return;
        }
        if (part.isMimeType("multipart/*")) {
            MimeMultipart parts = new MimeMultipart(part.getDataHandler().getDataSource());
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart child = parts.getBodyPart(i);
                if (!child.isMimeType("message/rfc822") && !child.isMimeType("text/rfc822-headers")) {
                    collectText(child, text, depth + 1);
                }
            }
        } else if (part.isMimeType("text/*") || part.isMimeType("message/delivery-status")) {
            try (InputStream in = part.getInputStream()) {
                // Status codes are ASCII: any charset's text reads right enough as Latin-1.
                text.append(new String(in.readNBytes(TEXT_LIMIT - text.length()), StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
    }
}
