package dev.tidings.mail;

import dev.tidings.digest.Digest;
import dev.tidings.digest.Newsletter;
import dev.tidings.render.RenderedEmail;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

import java.io.UnsupportedEncodingException;
import java.net.IDN;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Date;
import java.util.Locale;
import java.util.Properties;

/**
 * Builds the MIME message of a rendered email: the one builder that {@code render} writes to a
 * .eml file and {@code send} delivers. The simplest shape that carries both versions:
 * <pre>
 * multipart/alternative
 * ├── text/plain; charset=UTF-8   (quoted-printable; first: the least preferred version)
 * └── text/html; charset=UTF-8    (quoted-printable; last: what capable clients show, RFC 2046 5.1.4)
 * </pre>
 * Quoted-printable keeps every line under 998 octets (RFC 5322 2.1.1) whatever the template emits.
 */
public final class MessageBuilder {
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final Session session = Session.getInstance(new Properties());
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public MessageBuilder(Clock clock) {
        this.clock = clock;
    }

    /** The message as bytes on the wire, with its envelope: what {@code send} hands to SMTP. */
    public OutgoingMessage outgoing(Digest digest, RenderedEmail email) {
        MimeMessage message = build(digest, email);
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(32 * 1024);
            message.writeTo(bytes);
            String envelopeFrom = asciiDomain(InternetAddress.parseHeader(digest.newsletter().from(), true)[0].getAddress());
            return new OutgoingMessage(envelopeFrom, asciiDomain(email.recipient().email()), message.getMessageID(), bytes.toByteArray());
        } catch (MessagingException | java.io.IOException e) {
            throw new IllegalStateException("cannot serialise the message for " + email.recipient().email(), e);
        }
    }

    public MimeMessage build(Digest digest, RenderedEmail email) {
        Newsletter newsletter = digest.newsletter();
        try {
            InternetAddress from = encoded(InternetAddress.parseHeader(newsletter.from(), true)[0]);
            String messageId = messageId(digest.issue().id(), from);
            MimeMessage message = new FixedIdMimeMessage(session, messageId);
            message.setFrom(from);
            message.setRecipient(Message.RecipientType.TO, recipientAddress(email));
            if (newsletter.replyTo() != null) {
                message.setReplyTo(new InternetAddress[] {encoded(InternetAddress.parseHeader(newsletter.replyTo(), true)[0])});
            }
            message.setSubject(email.subject(), "UTF-8");
            message.setSentDate(Date.from(clock.instant()));
            message.setHeader("List-Id", fold("List-Id", listId(newsletter, from)));
            message.setHeader("List-Unsubscribe", fold("List-Unsubscribe", email.listUnsubscribe()));
            if (email.oneClick()) {
                message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
            message.setContent(alternative(email));
            message.saveChanges();
            return message;
        } catch (MessagingException | UnsupportedEncodingException e) {
            // The digest and list were validated before rendering; reaching here is a bug.
            throw new IllegalStateException("cannot build the message for " + email.recipient().email(), e);
        }
    }

    private static MimeMultipart alternative(RenderedEmail email) throws MessagingException {
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(textPart(email.text(), "plain"));
        alternative.addBodyPart(textPart(email.html(), "html"));
        return alternative;
    }

    private static MimeBodyPart textPart(String content, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(content, "UTF-8", subtype);
        part.setHeader("Content-Transfer-Encoding", "quoted-printable");
        return part;
    }

    private static InternetAddress recipientAddress(RenderedEmail email) throws UnsupportedEncodingException, AddressException {
        String name = email.recipient().name();
        InternetAddress address = new InternetAddress(asciiDomain(email.recipient().email()), name, "UTF-8");
        address.validate();
        return address;
    }

    /** Re-encodes a display name so that non-ASCII names become RFC 2047 words, and the domain as ASCII. */
    private static InternetAddress encoded(InternetAddress address) throws UnsupportedEncodingException {
        return new InternetAddress(asciiDomain(address.getAddress()), address.getPersonal(), "UTF-8");
    }

    /**
     * The address with an internationalised domain in its ASCII form (the A-label, RFC 5890).
     * Validation accepts such domains, but raw UTF-8 in a header or in RCPT TO needs SMTPUTF8 from
     * every server on the way (RFC 6531); the A-label is the same mailbox and keeps the message 7-bit.
     */
    static String asciiDomain(String address) {
        int at = address.lastIndexOf('@');
        return address.substring(0, at + 1) + IDN.toASCII(address.substring(at + 1), IDN.ALLOW_UNASSIGNED);
    }

    /** A unique Message-ID on the sender's own domain (RFC 5322 3.6.4), naming the issue for whoever reads logs. */
    String messageId(String issueId, InternetAddress from) {
        String address = from.getAddress();
        String domain = address.substring(address.lastIndexOf('@') + 1);
        StringBuilder id = new StringBuilder("<").append(issueId).append('.');
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        for (byte b : bytes) {
            id.append(BASE32[(b & 0xFF) % 32]);
        }
        return id.append('@').append(domain).append('>').toString();
    }

    /** RFC 2919: a label made of the newsletter's name, in the namespace of the sender's domain. */
    static String listId(Newsletter newsletter, InternetAddress from) throws UnsupportedEncodingException {
        String address = from.getAddress();
        String domain = address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        String label = newsletter.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        if (label.isEmpty()) {
            label = "newsletter";
        }
        return MimeUtility.encodeText(newsletter.name(), "UTF-8", null) + " <" + label + "." + domain + ">";
    }

    private static String fold(String header, String value) {
        return MimeUtility.fold(header.length() + 2, value);
    }

    /** Jakarta Mail replaces the Message-ID on every saveChanges(); this keeps the one we chose. */
    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
