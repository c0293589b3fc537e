package dev.tidings.mail.smtp;

import dev.tidings.TidingsException;
import dev.tidings.mail.Secret;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where and how to reach the SMTP relay, parsed from {@code smtp://[user@]host[:port][?starttls=off]}
 * or {@code smtps://[user@]host[:port]}.
 *
 * <p>STARTTLS is required, not opportunistic: a relay that does not offer it (or a network that
 * strips it) fails the connection instead of silently sending credentials and mail in clear text.
 * Only loopback relays (test sinks, a local Postfix) may go without, or {@code ?starttls=off}
 * (and then never with a password, unless the relay is on this machine).
 * Passwords never come from the URL: it would show in {@code ps}, shell history and cron mails.
 *
 * @param timeout connect, read and write timeouts: Jakarta Mail's defaults wait forever
 * @param helo    the name given in EHLO (see {@link HeloName}), or null for this host's name when it has a dot
 */
public record SmtpSettings(String host, int port, Security security, String user, Secret password, Duration timeout, String helo) {

    public enum Security {
        /** Implicit TLS from the first byte (smtps://, port 465). */
        IMPLICIT_TLS,
        /** STARTTLS, and fail when the server does not offer it. */
        STARTTLS_REQUIRED,
        /** STARTTLS when offered (loopback relays only). */
        STARTTLS_IF_OFFERED,
        /** Plain text, by explicit request ({@code ?starttls=off}). */
        PLAIN
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public SmtpSettings withPassword(Secret secret) {
        return new SmtpSettings(host, port, security, user, secret, timeout, helo);
    }

    public SmtpSettings withTimeout(Duration newTimeout) {
        return new SmtpSettings(host, port, security, user, password, newTimeout, helo);
    }

    public SmtpSettings withHelo(String name) {
        return new SmtpSettings(host, port, security, user, password, timeout, name);
    }

    /** For messages: the relay as the user named it, never with credentials. */
    public String describe() {
        return (security == Security.IMPLICIT_TLS ? "smtps://" : "smtp://") + (user == null ? "" : user + "@") + host + ":" + port;
    }

    public static SmtpSettings parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw TidingsException.usage("--smtp: not a URL (" + e.getReason() + "); expected smtp://[user@]host[:port] or smtps://host:465");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
            throw TidingsException.usage("--smtp: expected smtp://[user@]host[:port], smtps://host:465 or the word sandbox");
        }
        if (uri.getHost() == null) {
            throw TidingsException.usage("--smtp: the URL has no host name");
        }
        String user = uri.getUserInfo();
        if (user != null && user.contains(":")) {
            throw TidingsException.usage("--smtp: do not put the password in the URL (it would show in ps and shell history);"
                    + " set TIDINGS_SMTP_PASSWORD or use --password-file");
        }
        boolean implicit = scheme.equals("smtps");
        int port = uri.getPort() > 0 ? uri.getPort() : implicit ? 465 : 587;
        Security security = security(implicit, uri);
        if (security == Security.PLAIN && user != null && !isLoopback(uri.getHost())) {
            throw TidingsException.usage("--smtp: ?starttls=off would send the password of " + user + " in clear text to "
                    + uri.getHost() + ", which is not on this machine; remove ?starttls=off (or the user, for a relay that"
                    + " needs no login)");
        }
        return new SmtpSettings(uri.getHost(), port, security, user, null, DEFAULT_TIMEOUT, null);
    }

    private static Security security(boolean implicit, URI uri) {
        String query = uri.getQuery() == null ? "" : uri.getQuery().toLowerCase(Locale.ROOT);
        if (implicit) {
            return Security.IMPLICIT_TLS;
        }
        if (query.contains("starttls=off")) {
            return Security.PLAIN;
        }
        return isLoopback(uri.getHost()) ? Security.STARTTLS_IF_OFFERED : Security.STARTTLS_REQUIRED;
    }

    /**
     * Whether every address the host name resolves to is a loopback address. Decided by address,
     * not by how the name looks: {@code 127.relay.attacker.example} is a name like any other. A
     * name that does not resolve is not loopback (TLS stays required). The connection checks the
     * address it reached again ({@link #loopbackOnly()}), in case DNS answers differently then.
     */
    public static boolean isLoopback(String host) {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            InetAddress[] addresses = InetAddress.getAllByName(name);
            return addresses.length > 0 && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    /**
     * Whether the connection must reach a loopback address: when TLS was waived because the relay
     * is on this machine, or credentials would go in clear text ({@code ?starttls=off}).
     */
    boolean loopbackOnly() {
        return security == Security.STARTTLS_IF_OFFERED || security == Security.PLAIN && user != null;
    }

    /** The text with the password hidden in every form SMTP AUTH sends it (see {@link Secret#hideIn(String, String)}). */
    public String scrub(String text) {
        return password == null ? text : password.hideIn(text, user);
    }

    /** The relay as the ledger records it: scheme, host and port, never a user or a password. */
    public String relay() {
        return (security == Security.IMPLICIT_TLS ? "smtps://" : "smtp://") + host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    @Override
    public String toString() {
        return "SmtpSettings[" + describe() + ", " + security + ", timeout=" + timeout + "]";
    }
}
