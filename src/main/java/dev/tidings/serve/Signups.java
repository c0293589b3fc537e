package dev.tidings.serve;

import dev.tidings.digest.FieldChecks;
import dev.tidings.subscribers.ListEvent;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.util.Map;

/**
 * {@code POST /subscribe}: checks the address, then sends a confirmation mail, or not. Whatever
 * happened, the reader sees the same page ("check your inbox"), whether the address is new,
 * pending, already subscribed or over its daily limit: the form must not tell a stranger who is
 * on the list. Only a client over its own limit is told (429), since that says nothing about any
 * address; and a bot that fills the hidden honeypot field gets the same page, and no mail.
 */
final class Signups {
    /** The hidden field the form's visitors never see: a bot filling every input fills it. */
    static final String HONEYPOT = "website";
    private static final int MAX_NAME = 100;

    private final ReaderPages pages;
    private final SignupLimits limits;
    private final ClientAddress clients;
    private final ConfirmationToken tokens;
    private final ConfirmationMailer mailer;
    private final String publicOrigin;
    private final PrintWriter log;

    Signups(ReaderPages pages, SignupLimits limits, ClientAddress clients, ConfirmationToken tokens, ConfirmationMailer mailer,
            String publicOrigin, PrintWriter log) {
        this.pages = pages;
        this.limits = limits;
        this.clients = clients;
        this.tokens = tokens;
        this.mailer = mailer;
        this.publicOrigin = publicOrigin;
        this.log = log;
    }

    ReaderPages.Page signup(Map<String, String> form, InetAddress client, String origin) {
        String email = form.getOrDefault("email", "").strip();
        // checked as the list checks it (red team 19, finding 4): an address the journal refuses
        // would get a confirmation link that can never be confirmed
        if (email.length() > FieldChecks.MAX_ADDRESS_OCTETS || ListEvent.emailProblem(email) != null
                || FieldChecks.characterProblem(email) != null) {
            return pages.render(400, pages.signupForm()
                    .say(pages.say("serve_not_an_address")));
        }
        ReaderPages.Page answer = pages.render(200, new ReaderPages.Builder(pages.say("serve_check_inbox_title"))
                .say(pages.say("serve_link_sent", "email", email))
                .say(pages.say("serve_no_mail")));
        if (!form.getOrDefault(HONEYPOT, "").isEmpty()) {
            return answer;
        }
        SignupLimits.Verdict verdict = limits.signup(client, email);
        if (verdict == SignupLimits.Verdict.CLIENT_LIMITED) {
            return pages.render(429, new ReaderPages.Builder(pages.say("serve_too_many_title"))
                    .say(pages.say("serve_too_many_network")));
        }
        if (verdict == SignupLimits.Verdict.ALL_LIMITED) {
            // the hourly cap on all confirmation mails: says nothing about any address or client
            return pages.render(503, new ReaderPages.Builder(pages.say("serve_too_many_title"))
                    .say(pages.say("serve_too_many_mails")));
        }
        if (verdict == SignupLimits.Verdict.SEND) {
            String token = tokens.seal(email, name(form.get("name")), source(origin));
            mailer.submit(pages.confirmationMail(email, pages.url("confirm?t=" + token), ConfirmationToken.LIFETIME.toDays()));
        }
        return answer;
    }

    /** The name given, if it can go in a list and a header; else none (the signup still counts). */
    private static String name(String given) {
        if (given == null || given.isBlank()) {
            return null;
        }
        String name = given.strip();
        if (name.length() > MAX_NAME || FieldChecks.headerTextProblem(name) != null || FieldChecks.characterProblem(name) != null
                || FieldChecks.spreadsheetFormulaProblem(name) != null) {
            return null;
        }
        return name;
    }

    /**
     * Where the signup came from, recorded with the consent: "form" for our own page, else the
     * site whose form posted here (its Origin header, scheme and host only), or "form on another
     * site" when that is longer than the journal records.
     */
    private String source(String origin) {
        if (origin == null || origin.equals("null") || origin.equals(publicOrigin)) {
            return "form";
        }
        try {
            URI uri = new URI(origin);
            if (uri.getHost() != null && uri.getHost().length() <= 253) {
                String site = "form on " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
                return site.length() <= ListEvent.MAX_SOURCE_CHARS && FieldChecks.headerTextProblem(site) == null ? site : "form on another site";
            }
        } catch (java.net.URISyntaxException e) {
            // not an origin: recorded as our own form's
        }
        return "form";
    }

    ClientAddress clientAddress() {
        return clients;
    }

    void log(String line) {
        synchronized (log) {
            log.println("serve: " + line);
            log.flush();
        }
    }
}
