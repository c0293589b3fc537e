package dev.tidings.inbox;

import dev.tidings.TidingsException;
import dev.tidings.mail.Secret;
import dev.tidings.mail.smtp.SmtpSettings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

/**
 * The mailbox that unsubscribe requests and bounce reports arrive in, parsed from
 * {@code imaps://user@host[:993]/FOLDER} or {@code imap://user@host[:143]/FOLDER} (RFC 5092's
 * form, without its extras); the folder defaults to INBOX.
 *
 * <p>IMAP always logs in, so the password always crosses the network: {@code imap://} requires
 * STARTTLS, and only a server on loopback (a test server, a local Dovecot) may go without it, when
 * it does not offer it. There is no {@code ?starttls=off} as {@code send} has for relays that take
 * no password. Passwords never come from the URL: it would show in {@code ps}, shell history and cron mails.
 *
 * @param timeout the time each command has to be answered, and connecting with logging in as a whole
 *                (see {@link ImapDeadlines}): Jakarta Mail's defaults wait for ever
 */
public record ImapSettings(String host, int port, Security security, String user, String folder, Secret password, Duration timeout) {

    public enum Security {
        /** TLS from the first byte (imaps://, port 993). */
        IMPLICIT_TLS,
        /** STARTTLS, and fail when the server does not offer it. */
        STARTTLS_REQUIRED,
        /** STARTTLS when offered (loopback servers only). */
        STARTTLS_IF_OFFERED
    }

    public ImapSettings withPassword(Secret secret) {
        return new ImapSettings(host, port, security, user, folder, secret, timeout);
    }

    public ImapSettings withTimeout(Duration newTimeout) {
        return new ImapSettings(host, port, security, user, folder, password, newTimeout);
    }

    /** For messages: the mailbox as the user named it, never with credentials. */
    public String describe() {
        return (security == Security.IMPLICIT_TLS ? "imaps://" : "imap://") + user + "@" + host + ":" + port + "/" + folder;
    }

    public static ImapSettings parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw TidingsException.usage("--imap: not a URL (" + e.getReason() + "); expected imaps://user@host[:port]/INBOX");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("imap") && !scheme.equals("imaps")) {
            throw TidingsException.usage("--imap: expected imaps://user@host[:port]/INBOX (or imap:// with STARTTLS)");
        }
        if (uri.getHost() == null) {
            boolean addressAsUser = uri.getRawAuthority() != null && uri.getRawAuthority().indexOf('@') != uri.getRawAuthority().lastIndexOf('@');
            throw TidingsException.usage("--imap: the URL has no host name" + (addressAsUser
                    ? "; a user name that is an address needs its @ written as %40: imaps://news%40example.org@imap.example.org/INBOX" : ""));
        }
        String user = uri.getUserInfo();
        if (user != null && user.contains(":")) {
            throw TidingsException.usage("--imap: do not put the password in the URL (it would show in ps and shell history);"
                    + " set TIDINGS_IMAP_PASSWORD or use --password-file");
        }
        if (user == null || user.isEmpty()) {
            throw TidingsException.usage("--imap: the URL names no user; expected imaps://user@host[:port]/INBOX");
        }
        boolean implicit = scheme.equals("imaps");
        int port = uri.getPort() > 0 ? uri.getPort() : implicit ? 993 : 143;
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        Security security = implicit ? Security.IMPLICIT_TLS
                : SmtpSettings.isLoopback(uri.getHost()) ? Security.STARTTLS_IF_OFFERED : Security.STARTTLS_REQUIRED;
        return new ImapSettings(uri.getHost(), port, security, user, path.isEmpty() ? "INBOX" : path, null, SmtpSettings.DEFAULT_TIMEOUT);
    }

    @Override
    public String toString() {
        return "ImapSettings[" + describe() + ", " + security + ", timeout=" + timeout + "]";
    }
}
