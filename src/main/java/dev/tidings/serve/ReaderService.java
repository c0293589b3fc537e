package dev.tidings.serve;

import dev.tidings.mail.MailConnector;
import dev.tidings.mail.mime.MessageSigner;
import dev.tidings.render.TemplateSet;
import dev.tidings.subscribers.ListEvents;

import java.io.PrintWriter;
import java.time.Clock;

/**
 * {@code tidings serve} running: the web server, and the worker that sends confirmation mails.
 * Built from the seams the command wires: where acknowledged events go ({@link ListEvents}) and
 * how mail leaves ({@link MailConnector}).
 */
public final class ReaderService implements AutoCloseable {
    private final ServeServer server;
    private final ConfirmationMailer mailer;

    private ReaderService(ServeServer server, ConfirmationMailer mailer) {
        this.server = server;
        this.mailer = mailer;
    }

    /**
     * @param signer DKIM for the confirmation mails (as {@code send} signs the issues), or null for none
     */
    public static ReaderService start(ServeSettings settings, String secret, TemplateSet theme, ListEvents events,
                                      MailConnector connector, MessageSigner signer, PrintWriter log) {
        return start(settings, secret, theme, events, connector, signer, log, Clock.systemUTC(), SignupLimits.Rules.DEFAULT);
    }

    static ReaderService start(ServeSettings settings, String secret, TemplateSet theme, ListEvents events, MailConnector connector,
                               PrintWriter log, Clock clock, SignupLimits.Rules rules) {
        return start(settings, secret, theme, events, connector, null, log, clock, rules);
    }

    static ReaderService start(ServeSettings settings, String secret, TemplateSet theme, ListEvents events, MailConnector connector,
                               MessageSigner signer, PrintWriter log, Clock clock, SignupLimits.Rules rules) {
        ReaderPages pages = new ReaderPages(theme, settings.newsletter(), settings.publicUrl());
        ConfirmationMailer mailer = new ConfirmationMailer(connector, settings.newsletter(), signer, log);
        ConfirmationToken tokens = new ConfirmationToken(secret, ConfirmationToken.Purpose.CONFIRM, clock);
        Signups signups = new Signups(pages, new SignupLimits(rules, clock), new ClientAddress(settings.trustedProxies()), tokens,
                mailer, settings.origin(), log);
        ReaderRoutes routes = new ReaderRoutes(pages, events, signups, tokens, secret, settings.site() != null, clock);
        try {
            return new ReaderService(ServeServer.start(settings.host(), settings.port(), settings.limits(), routes, settings.site()), mailer);
        } catch (RuntimeException e) {
            mailer.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        mailer.close();
    }
}
