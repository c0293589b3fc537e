package dev.tidings.mail.smtp;

import dev.tidings.mail.MailConnection;
import dev.tidings.mail.SmtpFailure;
import dev.tidings.mail.mime.OutgoingMessage;
import dev.tidings.mail.smtp.PipeliningSmtpTransport.Reply;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One Angus SMTP session: sends pre-built message bytes, classifies every failure.
 *
 * <p>When the server offers PIPELINING and the session is plain TCP (a relay on loopback or the
 * local network), a message is one batch: MAIL FROM, RCPT TO and DATA written together, their three
 * replies read, then the data written to the socket in one call ({@link SmtpData}) and the final
 * reply read. Two round trips instead of Angus's four, and no byte-by-byte copy through its DATA
 * stream. Otherwise (TLS, or no PIPELINING) Angus sends the message as it always does.
 */
public final class AngusSmtpConnection implements MailConnection {
    private final Session session;
    private final PipeliningSmtpTransport transport;
    /** The plain socket's stream, for message data; null when Angus writes it. */
    private final OutputStream directData;
    /** Hides the password in whatever the relay says, before it is printed or kept (a relay may echo AUTH). */
    private final UnaryOperator<String> scrub;
    private final AngusFailures failures;
    private boolean broken;

    AngusSmtpConnection(Session session, PipeliningSmtpTransport transport, OutputStream directData, UnaryOperator<String> scrub) {
        this.session = session;
        this.transport = transport;
        this.directData = directData;
        this.scrub = scrub;
        this.failures = new AngusFailures(transport, scrub);
    }

    @Override
    public String greeting() {
        String greeting = transport.greeting();
        return greeting == null ? "" : SmtpFailure.clean(scrub.apply(greeting));
    }

    @Override
    public String send(OutgoingMessage message) throws SmtpFailure {
        if (directData != null && message.content().length <= NoDelaySocketFactories.SEND_BUFFER / 2
                && plainAscii(message.envelopeFrom()) && plainAscii(message.recipient())) {
            return sendPipelined(message);
        }
        RawMessage raw = new RawMessage(session, message.content());
        try {
            raw.setEnvelopeFrom(message.envelopeFrom());
            transport.sendMessage(raw, new Address[] {new InternetAddress(message.recipient(), false)});
            return SmtpFailure.clean(scrub.apply(transport.getLastServerResponse()));
        } catch (MessagingException e) {
            SmtpFailure failure = failures.classify(e, raw.written);
            if (failure.kind() == SmtpFailure.Kind.CONNECTION || failure.kind() == SmtpFailure.Kind.UNCERTAIN) {
                broken = true;
            }
            throw failure;
        }
    }

    private String sendPipelined(OutgoingMessage message) throws SmtpFailure {
        byte[] data = SmtpData.encode(message.content());
        boolean written = false;
        try {
            synchronized (transport) {
                // One write, so that one segment carries the three commands and the server can answer
                // them in one: written one by one, each reply after the first could wait for a delayed ACK.
                write("MAIL FROM:<" + message.envelopeFrom() + ">\r\nRCPT TO:<" + message.recipient() + ">\r\nDATA\r\n");
                List<Reply> replies = transport.replies(3);
                SmtpFailure refused = refusal(replies);
                if (refused != null) {
                    endTransaction(replies.get(2));
                    throw refused;
                }
                directData.write(data);
                directData.flush();
                written = true;
                Reply end = transport.replies(1).get(0);
                if (!end.completed()) {
                    throw failure(end, SmtpFailure.Stage.DATA);
                }
                return SmtpFailure.clean(scrub.apply(end.text()));
            }
        } catch (MessagingException | IOException e) {
            SmtpFailure failure = failures.classify(e, written);
            broken = true; // a failure without a reply leaves the session in an unknown state
            throw failure;
        }
    }

    /** Commands, CRLF-terminated, straight to the socket: Angus's buffer is empty between its commands. */
    private void write(String commands) throws IOException {
        directData.write(commands.getBytes(StandardCharsets.US_ASCII));
        directData.flush();
    }

    /** Whether an envelope address can go into a command as it is: printable ASCII, as validation ensures. */
    private static boolean plainAscii(String address) {
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c <= ' ' || c >= 0x7F || c == '<' || c == '>') {
                return false;
            }
        }
        return true;
    }

    /** The first refusal among the replies to MAIL, RCPT and DATA, or null when all three went through. */
    private SmtpFailure refusal(List<Reply> replies) {
        SmtpFailure.Stage[] stages = {SmtpFailure.Stage.MAIL, SmtpFailure.Stage.RCPT, SmtpFailure.Stage.DATA};
        for (int i = 0; i < replies.size(); i++) {
            Reply reply = replies.get(i);
            boolean expected = i < 2 ? reply.completed() : reply.code() == 354;
            if (!expected) {
                return failure(reply, stages[i]);
            }
        }
        return null;
    }

    private SmtpFailure failure(Reply reply, SmtpFailure.Stage stage) {
        if (reply.code() < 0) {
            broken = true;
            return new SmtpFailure(SmtpFailure.Kind.CONNECTION, 0, "connection lost: the server closed it", null);
        }
        if (reply.code() == 421) {
            broken = true; // the server is closing the session
        }
        return SmtpFailure.fromReply(reply.code(), SmtpFailure.clean(scrub.apply(reply.text())), stage);
    }

    /**
     * After a refusal, leaves the session ready for the next message: a DATA the server accepted
     * anyway is ended at once with nothing in it (RFC 2920 3.1), then RSET.
     */
    private void endTransaction(Reply data) {
        if (broken) {
            return;
        }
        try {
            write(data.code() == 354 ? ".\r\nRSET\r\n" : "RSET\r\n");
            List<Reply> replies = transport.replies(data.code() == 354 ? 2 : 1);
            broken = !replies.get(replies.size() - 1).completed();
        } catch (MessagingException | IOException e) {
            broken = true; // the refusal stands; the next message gets a new connection
        }
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
