package dev.tidings.mail.mime;

import dev.tidings.digest.Digest;
import dev.tidings.digest.Newsletter;
import dev.tidings.render.BounceToken;
import dev.tidings.render.CalendarFile;
import dev.tidings.render.CompleteMessage;
import dev.tidings.render.RenderedEmail;
import jakarta.mail.Address;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.UnsupportedEncodingException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds the MIME message of a rendered email: the one builder that {@code render} writes to a
 * .eml file and {@code send} delivers. The simplest shape that carries both versions:
 * <pre>
 * multipart/alternative
 * ├── text/plain; charset=UTF-8   (quoted-printable; first: the least preferred version)
 * └── text/html; charset=UTF-8    (quoted-printable; last: what capable clients show, RFC 2046 5.1.4)
 * </pre>
 * and, only when a call-out announces an event, the same wrapped with its .ics files:
 * <pre>
 * multipart/mixed
 * ├── multipart/alternative        (as above)
 * └── text/calendar; charset=UTF-8; method=PUBLISH   (base64, attachment; one per event)
 * </pre>
 * Quoted-printable keeps every line under 998 octets (RFC 5322 2.1.1) whatever the template emits.
 *
 * <p>The shape never varies, so the bytes are written directly rather than through a Jakarta Mail
 * MimeMessage, which costs more than rendering does (its quoted-printable encoder is byte by byte
 * through synchronised streams). Headers still use Jakarta Mail for what is subtle: RFC 2047
 * encoded words for non-ASCII names and subjects, quoting of display names, folding. The headers
 * that are the same for every recipient (From, Reply-To, Subject, List-Id) are encoded once per issue.
 *
 * <p>About 300 lines as one class: it writes the one shape above from top to bottom, and the
 * per-run state its parts share (the run token, the Message-ID key, the cached issue headers and
 * Date line) would have to be passed around if split; the encoders are apart already
 * ({@link HeaderText}, {@link QuotedPrintable}, {@link ByteSink}).
 */
public final class MessageBuilder implements CompleteMessage {
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    /** RFC 5322 3.3 date-time, in English whatever the machine's locale. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final Clock clock;
    /**
     * Message-IDs and MIME boundaries need to be unique: random once per builder (one per run, 65
     * bits), then a counter; a Message-ID also ends in a keyed tail (see {@link #idKey}). A
     * SecureRandom draw per message took a lock, a read of /dev/urandom and a SHA-1 each time. A
     * boundary cannot occur in a body anyway: it starts with "=_", which quoted-printable always
     * encodes.
     */
    private final String runToken = randomToken(new SecureRandom(), 13);
    private final AtomicLong sequence = new AtomicLong();
    /**
     * Keys the tail of each Message-ID. {@code unsubscribes} counts a delivery report only when the
     * Message-ID it returns is one the ledger records for that recipient, so a subscriber must not
     * be able to work out another's from their own: with the run token and a counter alone, a
     * character or two changed would do. An HMAC of them with a key drawn once per run, like the
     * token, costs a microsecond per message and takes no lock (a Mac per thread).
     */
    private final SecretKeySpec idKey = new SecretKeySpec(randomBytes(32), "HmacSHA256");
    private final ThreadLocal<Mac> idMacs = ThreadLocal.withInitial(this::idMac);
    private final QuotedPrintable quotedPrintable = new QuotedPrintable();
    private volatile IssueHeaders issueHeaders;
    /** The last Date header: it changes once a second, and formatting it was a twentieth of building a message. */
    private volatile DateLine dateLine = new DateLine(Long.MIN_VALUE, "");

    /** Signs the {@code {token}} of a VERP bounce address; null without TIDINGS_SECRET. */
    private final BounceToken bounceTokens;
    /** Signs each message (DKIM), or null to send unsigned. */
    private final MessageSigner signer;

    public MessageBuilder(Clock clock) {
        this(clock, null, null);
    }

    /** @param bounceTokens what makes each message's bounce token, or null without TIDINGS_SECRET */
    public MessageBuilder(Clock clock, BounceToken bounceTokens) {
        this(clock, bounceTokens, null);
    }

    /**
     * @param bounceTokens what makes each message's bounce token, or null without TIDINGS_SECRET
     * @param signer       adds a signature header on top of every message built (DKIM), or null for none
     */
    public MessageBuilder(Clock clock, BounceToken bounceTokens, MessageSigner signer) {
        this.clock = clock;
        this.bounceTokens = bounceTokens;
        this.signer = signer;
    }

    /** The message alone, for a .eml file. */
    @Override
    public byte[] bytes(Digest digest, RenderedEmail email) {
        return outgoing(digest, email).content();
    }

    /** The message as bytes on the wire, with its envelope: what {@code send} hands to SMTP. */
    public OutgoingMessage outgoing(Digest digest, RenderedEmail email) {
        IssueHeaders issue = issueHeaders(digest, email.subject());
        String messageId = messageId(digest.issue().id(), issue.domain());
        String boundary = "=_tidings_" + uniqueToken();
        boolean mixed = !email.calendars().isEmpty();
        String outer = mixed ? "=_tidings_" + uniqueToken() : boundary;
        ByteSink out = new ByteSink(email.htmlLength() + email.textLength() + 4096);
        out.line(dateLine(clock.instant()));
        out.ascii(issue.fromAndReplyTo());
        out.line("To: " + recipientHeader(email));
        out.line("Message-ID: " + messageId);
        out.ascii(issue.subjectAndList());
        out.line("MIME-Version: 1.0");
        out.line("Content-Type: " + (mixed ? "multipart/mixed;" : "multipart/alternative;"));
        out.line(" boundary=\"" + outer + "\"");
        out.line("List-Unsubscribe: " + MimeUtility.fold("List-Unsubscribe: ".length(), email.listUnsubscribe()));
        if (email.oneClick()) {
            out.line("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
        }
        out.crlf();
        int bodyStart = out.size();
        if (mixed) {
            out.line("--" + outer);
            out.line("Content-Type: multipart/alternative;");
            out.line(" boundary=\"" + boundary + "\"");
            out.crlf();
        }
        part(out, boundary, "text/plain", email.textLines());
        part(out, boundary, "text/html", email.htmlLines());
        out.line("--" + boundary + "--");
        if (mixed) {
            for (CalendarFile calendar : email.calendars()) {
                attachment(out, outer, calendar);
            }
            out.line("--" + outer + "--");
        }
        String recipient = email.recipient().email();
        byte[] content = signer == null ? out.toByteArray()
                : out.toByteArray(signer.signatureHeader(out.array(), bodyStart, out.size()));
        return new OutgoingMessage(envelopeFrom(issue, recipient), asciiDomain(recipient), messageId, content);
    }

    /**
     * The envelope sender, where bounces go (RFC 5321 4.1.1.2): {@code bounce_address}, else From's
     * address. A VERP address gets this message's token; a .eml written without the secret
     * (render, preview) keeps the placeholder, which no relay sees: {@code send} refuses to start so.
     */
    private String envelopeFrom(IssueHeaders issue, String recipient) {
        String envelope = issue.envelopeFrom();
        if (!envelope.contains(Newsletter.BOUNCE_TOKEN) || bounceTokens == null) {
            return envelope;
        }
        return bounceTokens.address(envelope, issue.digest().issue().id(), recipient);
    }

    /** @param lines the content's lines, some shared between messages (see {@link RenderedEmail#htmlLines()}) */
    private void part(ByteSink out, String boundary, String type, List<String> lines) {
        out.line("--" + boundary);
        out.line("Content-Type: " + type + "; charset=UTF-8");
        out.line("Content-Transfer-Encoding: quoted-printable");
        out.crlf();
        quotedPrintable.encodeLines(lines, out);
        out.crlf();
    }

    /** An .ics file (its name is a slug, so it needs no parameter encoding). Base64: iCalendar lines end in CRLF, which must survive. */
    private static void attachment(ByteSink out, String boundary, CalendarFile calendar) {
        out.line("--" + boundary);
        out.line("Content-Type: " + CalendarFile.CONTENT_TYPE + ";");
        out.line(" name=\"" + calendar.fileName() + "\"");
        out.line("Content-Disposition: attachment; filename=\"" + calendar.fileName() + "\"");
        out.line("Content-Transfer-Encoding: base64");
        out.crlf();
        out.ascii(Base64.getMimeEncoder().encodeToString(calendar.bytes()));
        out.crlf();
    }

    /**
     * The To header's value: the display name as a phrase (quoted or RFC 2047-encoded as needed)
     * and the address, folded. Built here rather than by InternetAddress, whose encoder looked up
     * charsets and built streams for every recipient: a twentieth of the cost of a message.
     */
    private static String recipientHeader(RenderedEmail email) {
        String address = asciiDomain(email.recipient().email());
        String name = email.recipient().name();
        if (name == null || name.isEmpty()) {
            return address;
        }
        try {
            return MimeUtility.fold("To: ".length(), HeaderText.phrase(name) + " <" + address + ">");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is missing from this Java runtime", e);
        }
    }

    /** The per-issue headers, encoded on first use and reused for every recipient of the same digest. */
    private IssueHeaders issueHeaders(Digest digest, String subject) {
        IssueHeaders cached = issueHeaders;
        if (cached != null && cached.digest() == digest && cached.subject().equals(subject)) {
            return cached;
        }
        IssueHeaders fresh = IssueHeaders.of(digest, subject);
        issueHeaders = fresh;
        return fresh;
    }

    /** What every message of one issue shares, as header lines ready to write. */
    private record IssueHeaders(Digest digest, String subject, String fromAndReplyTo, String subjectAndList,
                                String envelopeFrom, String domain) {
        static IssueHeaders of(Digest digest, String subject) {
            Newsletter newsletter = digest.newsletter();
            try {
                InternetAddress from = encoded(InternetAddress.parseHeader(newsletter.from(), true)[0]);
                StringBuilder lines = new StringBuilder();
                lines.append("From: ").append(InternetAddress.toString(new Address[] {from}, "From: ".length())).append("\r\n");
                if (newsletter.replyTo() != null) {
                    InternetAddress replyTo = encoded(InternetAddress.parseHeader(newsletter.replyTo(), true)[0]);
                    lines.append("Reply-To: ").append(InternetAddress.toString(new Address[] {replyTo}, "Reply-To: ".length()))
                            .append("\r\n");
                }
                String subjectLines = "Subject: " + MimeUtility.fold("Subject: ".length(), HeaderText.unstructured(subject))
                        + "\r\nList-Id: " + MimeUtility.fold("List-Id: ".length(), listId(newsletter, from)) + "\r\n";
                String address = from.getAddress();
                String envelope = newsletter.bounceAddress() == null ? address : asciiDomain(newsletter.bounceAddress().strip());
                return new IssueHeaders(digest, subject, lines.toString(), subjectLines, envelope,
                        address.substring(address.lastIndexOf('@') + 1));
            } catch (AddressException | UnsupportedEncodingException e) {
                // The digest was validated before rendering; reaching here is a bug.
                throw new IllegalStateException("cannot encode the headers of " + digest.source(), e);
            }
        }
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
        String domain = address.substring(at + 1);
        for (int i = 0; i < domain.length(); i++) {
            if (domain.charAt(i) >= 0x80) {
                return address.substring(0, at + 1) + IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
            }
        }
        return address;
    }

    private String dateLine(Instant now) {
        DateLine last = dateLine;
        if (last.epochSecond() != now.getEpochSecond()) {
            last = new DateLine(now.getEpochSecond(), "Date: " + DATE.format(now));
            dateLine = last; // a race only formats the same second twice
        }
        return last.line();
    }

    private record DateLine(long epochSecond, String line) {
    }

    /** A unique Message-ID on the sender's own domain (RFC 5322 3.6.4), naming the issue for whoever reads logs. */
    private String messageId(String issueId, String domain) {
        String unique = uniqueToken();
        return "<" + issueId + "." + unique + tag(unique) + "@" + domain + ">";
    }

    /** 12 characters (60 bits) of the token's HMAC, in the token's alphabet: after the token, whose length varies, so IDs stay unique. */
    private String tag(String unique) {
        byte[] mac = idMacs.get().doFinal(unique.getBytes(StandardCharsets.US_ASCII));
        StringBuilder tag = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            tag.append(BASE32[mac[i] & 31]);
        }
        return tag.toString();
    }

    private Mac idMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(idKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** The run's token, then the counter in the same alphabet: fixed length first, so no two counts can read alike. */
    private String uniqueToken() {
        long count = sequence.incrementAndGet();
        StringBuilder token = new StringBuilder(runToken.length() + 4).append(runToken);
        do {
            token.append(BASE32[(int) (count & 31)]);
            count >>>= 5;
        } while (count != 0);
        return token.toString();
    }

    private static String randomToken(SecureRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        StringBuilder token = new StringBuilder(length);
        for (byte b : bytes) {
            token.append(BASE32[(b & 0xFF) % 32]);
        }
        return token.toString();
    }

    /** RFC 2919: a label made of the newsletter's name, in the namespace of the sender's domain. */
    static String listId(Newsletter newsletter, InternetAddress from) throws UnsupportedEncodingException {
        String address = from.getAddress();
        String domain = address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        String label = newsletter.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        if (label.isEmpty()) {
            label = "newsletter";
        }
        return HeaderText.phrase(newsletter.name()) + " <" + label + "." + domain + ">";
    }
}
