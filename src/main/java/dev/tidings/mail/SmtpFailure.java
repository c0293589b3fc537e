package dev.tidings.mail;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why an SMTP exchange did not end in 250, classified the way the send loop must react:
 * retry later, give up on this recipient, reconnect, or stop the whole run.
 * Classification follows the reply code and, when present, the enhanced status code (RFC 3463).
 */
public final class SmtpFailure extends Exception {
    /** Compiled once: every message's 250 reply is cleaned before the ledger records it. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern ENHANCED = Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");

    public enum Kind {
        /** 4xx for this message: retry with back-off. */
        TEMPORARY,
        /** 5xx for this message: this recipient fails; the run goes on. */
        PERMANENT,
        /** The connection dropped, timed out or was refused, or the server said 421: reconnect. */
        CONNECTION,
        /** The server refused the credentials (535): stop at once, retrying only hammers it. */
        AUTHENTICATION,
        /** TLS could not be set up or the certificate is not trusted: stop. */
        TLS,
        /**
         * The whole message was handed over, but the connection failed before the server's reply
         * to the final dot: the server may have accepted it (RFC 1047). Neither retried (a
         * duplicate) nor failed: left uncertain, reported, resent only with --resend-uncertain.
         */
        UNCERTAIN,
        /** The relay refused the sender itself (a 5xx to MAIL FROM): every recipient would fail alike, so stop. */
        SENDER_REJECTED
    }

    /** Where in the exchange a reply came: a 5xx to RCPT is about the address, one to DATA about the message. */
    public enum Stage { CONNECT, MAIL, RCPT, DATA }

    private final Kind kind;
    private final int code;
    private final String reply;
    private final Stage stage;

    public SmtpFailure(Kind kind, int code, String reply, Throwable cause) {
        this(kind, code, reply, Stage.CONNECT, cause);
    }

    private SmtpFailure(Kind kind, int code, String reply, Stage stage, Throwable cause) {
        super(reply, cause);
        this.kind = kind;
        this.code = code;
        this.reply = reply;
        this.stage = stage;
    }

    /** Classifies a reply to MAIL, RCPT or DATA. */
    public static SmtpFailure fromReply(int code, String reply) {
        return fromReply(code, reply, Stage.DATA);
    }

    /** Classifies a reply to MAIL, RCPT or DATA, knowing which. */
    public static SmtpFailure fromReply(int code, String reply, Stage stage) {
        if (code == 530) {
            return needsTlsOrLogin(clean(reply), stage);
        }
        Kind kind;
        if (code == 421) {
            kind = Kind.CONNECTION;
        } else if (code >= 500) {
            kind = stage == Stage.MAIL ? Kind.SENDER_REJECTED : Kind.PERMANENT;
        } else {
            kind = Kind.TEMPORARY;
        }
        return new SmtpFailure(kind, code, clean(reply), stage, null);
    }

    /**
     * 530: the relay wants something before mail, whatever the command. RFC 3207 §4 has "530 Must
     * issue a STARTTLS command first" (a relay reached with ?starttls=off); RFC 4954 §6 has
     * "530 5.7.0 Authentication required" (no user in --smtp). Neither is about the sender or the
     * recipient, and neither passes by retrying: the run stops with what to change.
     */
    private static SmtpFailure needsTlsOrLogin(String reply, Stage stage) {
        if (reply.toLowerCase(Locale.ROOT).contains("tls")) {
            return new SmtpFailure(Kind.TLS, 530, "the relay requires TLS before mail (" + reply + "): remove ?starttls=off"
                    + " from --smtp", stage, null);
        }
        return new SmtpFailure(Kind.AUTHENTICATION, 530, "the relay requires a login before mail (" + reply + "): name the user"
                + " in --smtp (smtp://user@host) and give the password in TIDINGS_SMTP_PASSWORD or --password-file", stage, null);
    }

    public Stage stage() {
        return stage;
    }

    public Kind kind() {
        return kind;
    }

    /** The basic reply code, or 0 when there was no reply (a dropped connection). */
    public int code() {
        return code;
    }

    /** The server's reply as one line, or a description of what happened instead. */
    public String reply() {
        return reply;
    }

    /** The enhanced status code ("5.1.1"), or null when the server gave none. */
    public String enhancedStatus() {
        Matcher matcher = ENHANCED.matcher(reply);
        return matcher.find() ? matcher.group() : null;
    }

    /**
     * A hard bounce: the address itself is bad (5.1.x: no such user, bad domain; 5.2.1 disabled
     * mailbox), so every later send should skip it. Other 5xx (policy, content) are not about the address.
     */
    public boolean isBadAddress() {
        if (kind != Kind.PERMANENT) {
            return false;
        }
        String status = enhancedStatus();
        if (status != null) {
            return isBadAddressStatus(status);
        }
        String lower = reply.toLowerCase(Locale.ROOT);
        return code == 550 && (lower.contains("no such user") || lower.contains("user unknown") || lower.contains("does not exist"));
    }

    /**
     * Whether an enhanced status code (RFC 3463) says the address itself is bad: 5.1.x (no such
     * user, bad domain...) or 5.2.1 (mailbox disabled). One rule for SMTP replies during a send and
     * for the delivery status notifications read later by {@code tidings unsubscribes}.
     */
    public static boolean isBadAddressStatus(String status) {
        return status.startsWith("5.1.") || status.equals("5.2.1");
    }

    /** A 4xx that says the sender is going too fast (RFC 3463 4.7.x, or the usual wording). */
    public boolean isThrottling() {
        if (kind != Kind.TEMPORARY && !(kind == Kind.CONNECTION && code == 421)) {
            return false;
        }
        String status = enhancedStatus();
        String lower = reply.toLowerCase(Locale.ROOT);
        return status != null && status.startsWith("4.7.") || lower.contains("rate") || lower.contains("too many")
                || lower.contains("throttl") || lower.contains("slow down");
    }

    public static String clean(String reply) {
        return reply == null ? "" : WHITESPACE.matcher(reply).replaceAll(" ").strip();
    }
}
