package dev.tidings.cli;

import dev.tidings.TidingsException;
import dev.tidings.mail.Secret;
import dev.tidings.mail.smtp.AngusSmtpConnector;
import dev.tidings.mail.smtp.HeloName;
import dev.tidings.mail.smtp.PrivateCa;
import dev.tidings.mail.smtp.SmtpSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The relay's options, the same for every command that sends mail ({@code send}; {@code serve}, its
 * confirmation mails): the URL, the password (never on the command line), the timeout, a private CA, the EHLO name.
 */
final class SmtpArguments {
    @Option(names = "--smtp", paramLabel = "URL", description = {"smtp://[user@]host[:port] (STARTTLS required unless the host is loopback"
            + " or ?starttls=off), smtps://host:465, or 'sandbox' (an SMTP server inside tidings; messages are saved to out/sandbox/).",
            "Default: the TIDINGS_SMTP environment variable."})
    String smtp;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the SMTP password from this file (else TIDINGS_SMTP_PASSWORD).")
    Path passwordFile;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", description = "SMTP connect, read and write timeout (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 30;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Also trust the certificate authority in this PEM file for TLS"
            + " (your own CA); the JDK's CAs stay trusted.")
    Path caFile;

    @Option(names = "--helo", paramLabel = "NAME", description = "The name to give the relay in EHLO: this machine's fully"
            + " qualified domain name, or an address literal like [192.0.2.1] (default: the host's name when it has a dot,"
            + " else the From address's domain).")
    String helo;

    /** The relay named by --smtp, else by the environment; null when neither names one. */
    String relay(String fromEnvironment) {
        return smtp != null ? smtp : fromEnvironment;
    }

    void check() {
        SendArguments.atLeast("--timeout", timeoutSeconds, 1);
        String problem = helo == null ? null : HeloName.problem(helo);
        if (problem != null) {
            throw TidingsException.usage("--helo " + helo + " " + problem);
        }
    }

    /**
     * The relay's settings, with the password from --password-file or the environment when the URL
     * names a user, and the EHLO name (--helo, else {@link HeloName#byDefault} of the From address).
     */
    SmtpSettings settings(String url, String passwordFromEnvironment, String from) {
        SmtpSettings settings = SmtpSettings.parse(url).withTimeout(Duration.ofSeconds(timeoutSeconds))
                .withHelo(helo != null ? helo : HeloName.byDefault(from));
        String password = Secrets.password(passwordFile, passwordFromEnvironment);
        if (settings.user() != null && password == null) {
            throw TidingsException.usage("--smtp names the user " + settings.user()
                    + " but no password is given: set TIDINGS_SMTP_PASSWORD or use --password-file");
        }
        return password == null ? settings : settings.withPassword(new Secret(password));
    }

    AngusSmtpConnector connector(SmtpSettings settings) {
        return caFile == null ? new AngusSmtpConnector(settings) : new AngusSmtpConnector(settings, PrivateCa.socketFactory(caFile));
    }
}
