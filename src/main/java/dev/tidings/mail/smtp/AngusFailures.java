package dev.tidings.mail.smtp;

import dev.tidings.mail.SmtpFailure;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * What Angus Mail throws, turned into an {@link SmtpFailure}: the reply code and text of the most
 * specific SMTP reply in the exception chain (RFC 5321 4.2), the command it answered, and, when
 * there was no reply, whether the message may have been delivered anyway (RFC 1047). The password
 * is hidden in every text kept, since a relay may echo AUTH.
 */
public final class AngusFailures {
    private final PipeliningSmtpTransport transport;
    private final UnaryOperator<String> scrub;

    AngusFailures(PipeliningSmtpTransport transport, UnaryOperator<String> scrub) {
        this.transport = transport;
        this.scrub = scrub;
    }

    SmtpFailure classify(Exception e, boolean messageWritten) {
        return e instanceof MessagingException messaging ? classify(messaging, messageWritten) : withoutReply(e, messageWritten);
    }

    private SmtpFailure classify(MessagingException e, boolean messageWritten) {
        int code = replyCode(e);
        if (code >= 400) {
            String reply = scrub.apply(replyText(e, code));
            return SmtpFailure.fromReply(code, reply, stageOf(e));
        }
        return withoutReply(e, messageWritten);
    }

    private SmtpFailure withoutReply(Exception e, boolean messageWritten) {
        // No reply code: the connection failed mid-exchange. Retrying is safe when the server cannot
        // have taken the final dot, and a server that drops the connection does so, in practice,
        // before committing. The exception is RFC 1047's case: the whole message went out and the
        // reply never came before the timeout. The server may well have accepted it and be slow;
        // retrying would send a second copy, so the recipient is left uncertain instead.
        // A reply that breaks SMTP's limits after the message went out is the same case: it may well
        // have begun with 250, so the relay may have the message.
        boolean noUsableReply = causeOf(e, java.net.SocketTimeoutException.class) != null
                || causeOf(e, ReplyLimits.Violation.class) != null;
        if (messageWritten && noUsableReply) {
            return new SmtpFailure(SmtpFailure.Kind.UNCERTAIN, 0,
                    "no usable reply after the message was sent (" + scrub.apply(rootMessage(e)) + "); the relay may have accepted it", null);
        }
        return new SmtpFailure(SmtpFailure.Kind.CONNECTION, 0, "connection lost: " + scrub.apply(rootMessage(e)), null);
    }

    /** Which command the reply answered, from the exception Angus chose. */
    private static SmtpFailure.Stage stageOf(MessagingException e) {
        for (Exception current = e; current != null; current = next(current)) {
            if (current instanceof SMTPSenderFailedException) {
                return SmtpFailure.Stage.MAIL;
            }
            if (current instanceof SMTPAddressFailedException) {
                return SmtpFailure.Stage.RCPT;
            }
        }
        return SmtpFailure.Stage.DATA;
    }

    /** The code of the most specific SMTP reply in the exception chain, or 0 when there was none. */
    private int replyCode(MessagingException e) {
        for (Exception current = e; current != null; current = next(current)) {
            if (current instanceof SMTPAddressFailedException address) {
                return address.getReturnCode();
            }
            if (current instanceof SMTPSenderFailedException sender) {
                return sender.getReturnCode();
            }
            if (current instanceof SMTPSendFailedException send && send.getReturnCode() > 0) {
                return send.getReturnCode();
            }
            if (current instanceof IOException) {
                return 0;
            }
        }
        int last = transport.getLastReturnCode();
        return last >= 400 ? last : 0;
    }

    private String replyText(MessagingException e, int code) {
        String last = transport.getLastServerResponse();
        if (last != null && last.startsWith(Integer.toString(code))) {
            return last;
        }
        for (Exception current = e; current != null; current = next(current)) {
            String message = current.getMessage();
            if (message != null && message.contains(Integer.toString(code))) {
                return message;
            }
        }
        return code + " " + rootMessage(e);
    }

    private static Exception next(Exception e) {
        if (e instanceof MessagingException messaging && messaging.getNextException() != null) {
            return messaging.getNextException();
        }
        return e.getCause() instanceof Exception cause ? cause : null;
    }

    public static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable current = e; current != null; current = current.getCause() != null ? current.getCause()
                : current instanceof MessagingException m ? m.getNextException() : null) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
        }
        return null;
    }

    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (true) {
            Throwable next = root.getCause() != null ? root.getCause()
                    : root instanceof MessagingException m ? m.getNextException() : null;
            if (next == null || next == root) {
                break;
            }
            root = next;
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        boolean ours = root instanceof ReplyLimits.Violation || root instanceof ReplyLimits.DeadlinePassed;
        // Ours say what happened in words; a JDK exception's class name is part of what it says,
        // except for the everyday network ones, said in words: "ConnectException: Connection refused"
        // read as the first line of a stack trace (issue 18, item 8; NoStackTraceIT).
        if (ours) {
            return SmtpFailure.clean(message);
        }
        if (root instanceof java.net.UnknownHostException) {
            return SmtpFailure.clean("unknown host " + message);
        }
        if (root instanceof java.net.ConnectException || root instanceof java.net.NoRouteToHostException) {
            return SmtpFailure.clean(message.toLowerCase(java.util.Locale.ROOT));
        }
        return SmtpFailure.clean(root.getClass().getSimpleName() + ": " + message);
    }
}
