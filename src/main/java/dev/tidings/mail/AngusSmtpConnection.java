package dev.tidings.mail;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.io.IOException;
import java.io.OutputStream;

/** One Angus SMTP session: sends pre-built message bytes, classifies every failure. */
final class AngusSmtpConnection implements MailConnection {
    private final Session session;
    private final SMTPTransport transport;
    private boolean broken;

    AngusSmtpConnection(Session session, SMTPTransport transport) {
        this.session = session;
        this.transport = transport;
    }

    @Override
    public String send(OutgoingMessage message) throws SmtpFailure {
        RawMessage raw = new RawMessage(session, message.content());
        try {
            raw.setEnvelopeFrom(message.envelopeFrom());
            transport.sendMessage(raw, new Address[] {new InternetAddress(message.recipient(), false)});
            return SmtpFailure.clean(transport.getLastServerResponse());
        } catch (MessagingException e) {
            SmtpFailure failure = classify(e, raw.written);
            if (failure.kind() == SmtpFailure.Kind.CONNECTION || failure.kind() == SmtpFailure.Kind.UNCERTAIN) {
                broken = true;
            }
            throw failure;
        }
    }

    private SmtpFailure classify(MessagingException e, boolean messageWritten) {
        int code = replyCode(e);
        if (code >= 400) {
            String reply = replyText(e, code);
            return SmtpFailure.fromReply(code, reply, stageOf(e));
        }
        // No reply code: the connection failed mid-exchange. Retrying is safe when the server cannot
        // have taken the final dot, and a server that drops the connection does so, in practice,
        // before committing. The exception is RFC 1047's case: the whole message went out and the
        // reply never came before the timeout. The server may well have accepted it and be slow;
        // retrying would send a second copy, so the recipient is left uncertain instead.
        if (messageWritten && causeOf(e, java.net.SocketTimeoutException.class) != null) {
            return new SmtpFailure(SmtpFailure.Kind.UNCERTAIN, 0,
                    "no reply after the message was sent (" + rootMessage(e) + "); the relay may have accepted it", null);
        }
        return new SmtpFailure(SmtpFailure.Kind.CONNECTION, 0, "connection lost: " + rootMessage(e), null);
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

    static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable current = e; current != null; current = current.getCause() != null ? current.getCause()
                : current instanceof MessagingException m ? m.getNextException() : null) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
        }
        return null;
    }

    static String rootMessage(Throwable e) {
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
        return SmtpFailure.clean(root.getClass().getSimpleName() + ": " + message);
    }

    @Override
    public boolean usable() {
        return !broken && transport.getLastReturnCode() != 421;
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (MessagingException ignored) {
            // QUIT is a courtesy; the message outcomes are already recorded.
        }
    }

    /** A message whose bytes were built beforehand; Angus streams them as they are. */
    private static final class RawMessage extends SMTPMessage {
        private final byte[] content;
        /** Set once Angus has taken every byte of the message: from then on the outcome is the server's. */
        private volatile boolean written;

        RawMessage(Session session, byte[] content) {
            super(session);
            this.content = content;
        }

        @Override
        public void writeTo(OutputStream out, String[] ignoreList) throws IOException {
            out.write(content);
            written = true;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(content);
        }

        @Override
        public int getSize() {
            return content.length;
        }
    }
}
