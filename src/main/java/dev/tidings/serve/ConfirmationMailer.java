package dev.tidings.serve;

import dev.tidings.digest.Newsletter;
import dev.tidings.mail.MailConnection;
import dev.tidings.mail.MailConnector;
import dev.tidings.mail.SmtpFailure;
import dev.tidings.mail.mime.MessageSigner;
import dev.tidings.mail.mime.OutgoingMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UnsupportedEncodingException;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Sends confirmation mails off the request thread: a signup is answered at once, whatever the
 * relay is doing, and a slow or dead relay holds one worker, never the web server's threads. The
 * queue is bounded ({@link #QUEUE}): when it is full the signup is dropped and logged (the reader
 * can ask again), rather than memory growing without limit while the relay is down.
 *
 * <p>A failure is logged on one line: the relay's reply (which {@code mail.smtp} has already
 * cleared of the password), never the link, whose token would let a reader of the log confirm
 * someone else; the address is shown with its local part masked.
 */
final class ConfirmationMailer implements AutoCloseable {
    static final int QUEUE = 1000;

    /** One confirmation mail: who, and the rendered parts. */
    record Mail(String to, String subject, String html, String text) {
    }

    private final MailConnector connector;
    private final Newsletter newsletter;
    private final PrintWriter log;
    private final ThreadPoolExecutor worker;
    /** DKIM, as for the issues (the digest's {@code newsletter.dkim}), or null: a confirmation mail is mail from the newsletter too. */
    private final MessageSigner signer;

    ConfirmationMailer(MailConnector connector, Newsletter newsletter, MessageSigner signer, PrintWriter log) {
        this.connector = connector;
        this.newsletter = newsletter;
        this.signer = signer;
        this.log = log;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread thread = new Thread(r, "tidings-serve-confirmations");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues the mail; false when the queue is full (logged). */
    boolean submit(Mail mail) {
        try {
            worker.execute(() -> send(mail));
            return true;
        } catch (RejectedExecutionException e) {
            logLine("not sending a confirmation mail to " + masked(mail.to()) + ": " + QUEUE
                    + " are waiting for the relay already (is it down?)");
            return false;
        }
    }

    private void send(Mail mail) {
        try (MailConnection connection = connector.open()) {
            connection.send(message(mail));
        } catch (SmtpFailure failure) {
            logLine("the confirmation mail to " + masked(mail.to()) + " was not sent: " + failure.getMessage());
        } catch (MessagingException | IOException | RuntimeException e) {
            logLine("the confirmation mail to " + masked(mail.to()) + " could not be built: " + e.getClass().getSimpleName());
        }
    }

    /**
     * <pre>
     * multipart/alternative
     * ├── text/plain; charset=UTF-8
     * └── text/html; charset=UTF-8
     * </pre>
     */
    OutgoingMessage message(Mail mail) throws MessagingException, IOException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        InternetAddress from = new InternetAddress(newsletter.from(), false);
        message.setFrom(from);
        if (newsletter.replyTo() != null) {
            message.setReplyTo(new InternetAddress[]{new InternetAddress(newsletter.replyTo(), false)});
        }
        message.setRecipient(MimeMessage.RecipientType.TO, address(mail.to()));
        message.setSubject(mail.subject(), "UTF-8");
        message.setSentDate(new java.util.Date());
        // RFC 3834: made by a program in answer to a request, so no vacation responder answers it.
        message.setHeader("Auto-Submitted", "auto-generated");
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), "UTF-8", "html");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        String domain = from.getAddress().substring(from.getAddress().lastIndexOf('@') + 1);
        String id = "<" + UUID.randomUUID() + "@" + domain + ">";
        message.setHeader("Message-ID", id);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        return new OutgoingMessage(from.getAddress(), mail.to(), id, signed(bytes.toByteArray()));
    }

    /**
     * The message with its DKIM-Signature on top, when the newsletter signs: mailbox providers judge
     * the confirmation mail, the first a reader gets, by the same rules as the issues. Jakarta Mail
     * writes CRLF line ends, and the header block ends at the first empty line.
     */
    private byte[] signed(byte[] message) {
        if (signer == null) {
            return message;
        }
        int bodyStart = bodyStart(message);
        byte[] header = signer.signatureHeader(message, bodyStart, message.length);
        byte[] out = new byte[header.length + message.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(message, 0, out, header.length, message.length);
        return out;
    }

    private static int bodyStart(byte[] message) {
        for (int i = 0; i + 3 < message.length; i++) {
            if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                return i + 4;
            }
        }
        return message.length;
    }

    private static InternetAddress address(String email) throws UnsupportedEncodingException, MessagingException {
        InternetAddress address = new InternetAddress(email, false);
        address.validate();
        return address;
    }

    static String masked(String email) {
        int at = email.lastIndexOf('@');
        return at <= 0 ? "***" : email.charAt(0) + "***" + email.substring(at);
    }

    private void logLine(String line) {
        synchronized (log) {
            log.println("serve: " + line);
            log.flush();
        }
    }

    /** Waits a little for mails already queued, then stops. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
