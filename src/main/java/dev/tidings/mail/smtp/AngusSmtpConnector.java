package dev.tidings.mail.smtp;

import dev.tidings.mail.MailConnection;
import dev.tidings.mail.MailConnector;
import dev.tidings.mail.SmtpFailure;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Properties;

/**
 * Connects to an SMTP relay with Eclipse Angus Mail, configured defensively: explicit connect,
 * read and write timeouts (the defaults wait forever), STARTTLS required unless the relay is on
 * loopback, server identity checked against the certificate, TCP_NODELAY (see
 * {@link NoDelaySocketFactories}).
 */
public final class AngusSmtpConnector implements MailConnector {
    private final SmtpSettings settings;
    private final Session session;

    public AngusSmtpConnector(SmtpSettings settings) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings, NoDelaySocketFactories.defaultTls(settings.timeout())));
    }

    /** With a TLS socket factory of the caller's choosing: a private CA, or a test server's certificate. */
    public AngusSmtpConnector(SmtpSettings settings, SSLSocketFactory tls) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings, NoDelaySocketFactories.tls(tls, settings.timeout())));
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public String relay() {
        return settings.relay();
    }

    static Properties properties(SmtpSettings settings, SSLSocketFactory tls) {
        Properties p = new Properties();
        String timeout = Long.toString(settings.timeout().toMillis());
        p.put("mail.smtp.host", settings.host());
        p.put("mail.smtp.port", Integer.toString(settings.port()));
        p.put("mail.smtp.connectiontimeout", timeout);
        p.put("mail.smtp.timeout", timeout);
        p.put("mail.smtp.writetimeout", timeout);
        p.put("mail.smtp.quitwait", "false");
        p.put("mail.smtp.localhost", settings.helo() != null ? settings.helo() : localHostName());
        p.put("mail.smtp.socketFactory", NoDelaySocketFactories.plain(settings.timeout(), settings.loopbackOnly()));
        // No second try with a socket of Angus's own making: every plain socket is the factory's,
        // so the one it hands back after connecting is the session's.
        p.put("mail.smtp.socketFactory.fallback", "false");
        p.put("mail.smtp.ssl.socketFactory", tls);
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        p.put("mail.smtp.auth", Boolean.toString(settings.user() != null));
        switch (settings.security()) {
            case IMPLICIT_TLS -> p.put("mail.smtp.ssl.enable", "true");
            case STARTTLS_REQUIRED -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
            }
            case STARTTLS_IF_OFFERED -> p.put("mail.smtp.starttls.enable", "true");
            case PLAIN -> p.put("mail.smtp.starttls.enable", "false");
            default -> throw new IllegalArgumentException(settings.security().name());
        }
        return p;
    }

    /**
     * EHLO's name when the settings give none: only tidings's own sandbox and tests, on loopback;
     * send and serve always give one ({@link HeloName}: --helo, else a fully qualified default). The
     * host name without a reverse DNS lookup, which can stall for seconds.
     */
    private static String localHostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.contains(".") ? name : "localhost.localdomain";
        } catch (UnknownHostException e) {
            return "localhost.localdomain";
        }
    }

    @Override
    public MailConnection open() throws SmtpFailure {
        PipeliningSmtpTransport transport = new PipeliningSmtpTransport(session);
        try {
            String password = settings.password() == null ? null : settings.password().reveal();
            NoDelaySocketFactories.takePlainSocket(); // none left over from an earlier attempt on this thread
            transport.connect(settings.host(), settings.port(), settings.user(), password);
            requireLogin(transport);
            return new AngusSmtpConnection(session, transport, directData(transport, NoDelaySocketFactories.takePlainSocket()),
                    settings::scrub);
        } catch (AuthenticationFailedException e) {
            throw new SmtpFailure(SmtpFailure.Kind.AUTHENTICATION, 535,
                    "the relay refused the credentials of " + settings.user() + " (" + settings.scrub(oneLine(e.getMessage())) + ")", null);
        } catch (MessagingException e) {
            throw connectFailure(e);
        }
    }

    /**
     * Angus logs in only when the relay offers AUTH, and otherwise goes on without a word: a user
     * named in the URL would then send unauthenticated (through an open relay, or a network that
     * stripped AUTH from the EHLO reply). msmtp refuses this too.
     */
    private void requireLogin(PipeliningSmtpTransport transport) throws SmtpFailure {
        if (settings.user() != null && !transport.offersLogin()) {
            closeQuietly(transport);
            throw new SmtpFailure(SmtpFailure.Kind.AUTHENTICATION, 0, "the relay " + settings.describe()
                    + " offers no login (no AUTH in its EHLO reply), but --smtp names the user " + settings.user()
                    + ": nothing is sent without it. Check the port (submission is 587 or 465) and the relay's settings", null);
        }
    }

    private static void closeQuietly(PipeliningSmtpTransport transport) {
        try {
            transport.close();
        } catch (MessagingException ignored) {
            // nothing was sent on it
        }
    }

    /**
     * Where message data can be written directly: the plain socket under the session when the
     * server pipelines, or null (TLS, or no PIPELINING: Angus writes the data, as it always does).
     */
    private static OutputStream directData(PipeliningSmtpTransport transport, Socket plain) throws MessagingException {
        if (plain == null || !plain.isConnected() || plain.isClosed() || transport.isSSL() || !transport.offersPipelining()) {
            return null;
        }
        try {
            return plain.getOutputStream();
        } catch (IOException e) {
            throw new MessagingException("the connection's socket is not writable", e);
        }
    }

    private SmtpFailure connectFailure(MessagingException e) {
        String where = settings.describe();
        if (AngusFailures.causeOf(e, GuardedSocket.NotLoopback.class) != null) {
            return new SmtpFailure(SmtpFailure.Kind.TLS, 0, "refused to talk to " + where + " without TLS: "
                    + AngusFailures.causeOf(e, GuardedSocket.NotLoopback.class).getMessage(), null);
        }
        if (AngusFailures.causeOf(e, java.security.cert.CertPathBuilderException.class) != null) {
            // The JDK's words ("PKIX path building failed: ...unable to find valid certification
            // path to requested target") say neither what is wrong nor what to do.
            return new SmtpFailure(SmtpFailure.Kind.TLS, 0, "TLS with " + where + " failed: its certificate is not signed by"
                    + " a certificate authority this machine trusts; if the relay uses your own CA, give its certificate"
                    + " with --ca-file PEM", null);
        }
        if (AngusFailures.causeOf(e, SSLException.class) != null || String.valueOf(e.getMessage()).contains("STARTTLS")) {
            return new SmtpFailure(SmtpFailure.Kind.TLS, 0, "TLS with " + where + " failed: "
                    + settings.scrub(AngusFailures.rootMessage(e)), null);
        }
        return new SmtpFailure(SmtpFailure.Kind.CONNECTION, 0, "cannot connect to " + where + ": "
                + settings.scrub(AngusFailures.rootMessage(e)), null);
    }

    static String oneLine(String text) {
        return SmtpFailure.clean(text);
    }
}
