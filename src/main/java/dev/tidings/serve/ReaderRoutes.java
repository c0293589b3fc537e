package dev.tidings.serve;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import dev.tidings.render.SearchIndex;
import dev.tidings.render.SubscriberReference;
import dev.tidings.render.UnsubscribeToken;
import dev.tidings.subscribers.ListEvent;
import dev.tidings.subscribers.ListEvents;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.Map;

/**
 * The routes of {@code tidings serve}. Two rules run through them, from the peers' own bug
 * trackers: a GET never changes anything (link scanners such as Microsoft Safe Links fetch every
 * link in a mail), and the RFC 8058 POST is answered without cookie, session or CSRF token (a mail
 * provider sends none; bikeindex #4077). No route sets a cookie; nothing is logged about readers.
 * <pre>
 * GET  /subscribe              the form          POST /subscribe     a confirmation mail, the same answer for everyone
 * GET  /confirm?t=T            a page that posts POST /confirm       subscribed (t in the body)
 * GET  /unsubscribe?u=R        a button          POST /unsubscribe?u=R   one-click (RFC 8058) or the page's button
 *                                               POST /resubscribe       the undo (r in the body: an hour's token from the unsubscribe answer)
 * GET  /healthz                "ok"              any other GET: the --site files (else / is the form), or 404
 * </pre>
 * The unsubscribe routes also take {@code ?email=ADDRESS&token=TOKEN}, the {@code {email}} and
 * {@code {token}} of an {@code unsubscribe.url} an editor wrote before {@code public_url} existed.
 */
final class ReaderRoutes extends Handler.Abstract {
    /**
     * The archive's pages (from {@code tidings archive}): their inline styles and the issues'
     * images load, and their subscribe box posts here; the one script that runs is the search of
     * {@code archive --search}, allowed by its hash, so nothing an issue's content holds runs.
     */
    static final String SITE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:;"
            + " script-src " + SearchIndex.SCRIPT_CSP_SOURCE + "; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final ReaderPages pages;
    private final ListEvents events;
    private final Signups signups;
    private final ConfirmationToken confirmations;
    private final ConfirmationToken undos;
    private final SubscriberReference references;
    private final UnsubscribeToken tokens;
    private final boolean site;
    private final Clock clock;

    ReaderRoutes(ReaderPages pages, ListEvents events, Signups signups, ConfirmationToken confirmations, String secret,
                 boolean site, Clock clock) {
        this.pages = pages;
        this.events = events;
        this.signups = signups;
        this.confirmations = confirmations;
        this.undos = new ConfirmationToken(secret, ConfirmationToken.Purpose.RESUBSCRIBE, clock);
        this.references = SubscriberReference.withSecret(secret);
        this.tokens = UnsubscribeToken.withSecret(secret);
        this.site = site;
        this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        boolean read = method.equals("GET") || method.equals("HEAD");
        boolean post = method.equals("POST");
        switch (path == null ? "/" : path) {
            case "/healthz" -> only(read, "GET, HEAD", request, response, callback, () -> Answers.text(request, response, callback, 200, "ok\n"));
            case "/subscribe" -> {
                if (read) {
                    answer(request, response, callback, pages.render(200, pages.signupForm()));
                } else {
                    only(post, "GET, HEAD, POST", request, response, callback, () -> answer(request, response, callback,
                            signups.signup(Forms.read(request), client(request), request.getHeaders().get(HttpHeader.ORIGIN))));
                }
            }
            case "/confirm" -> {
                if (read) {
                    answer(request, response, callback, confirmPage(Forms.query(request).get("t")));
                } else {
                    only(post, "GET, HEAD, POST", request, response, callback,
                            () -> answer(request, response, callback, confirm(Forms.read(request).get("t"))));
                }
            }
            case "/unsubscribe" -> {
                if (read) {
                    answer(request, response, callback, unsubscribePage(request));
                } else {
                    only(post, "GET, HEAD, POST", request, response, callback, () -> unsubscribe(request, response, callback));
                }
            }
            case "/resubscribe" -> only(post, "POST", request, response, callback,
                    () -> answer(request, response, callback, resubscribe(request)));
            default -> {
                if (read && site) {
                    // the --site files: served next (ServeServer), under a policy that runs no script
                    response.getHeaders().put("Content-Security-Policy", SITE_CSP);
                    return false;
                }
                if ("/".equals(path) && read) {
                    answer(request, response, callback, pages.render(200, pages.signupForm()));
                } else {
                    Answers.text(request, response, callback, 404, "not found\n");
                }
            }
        }
        return true;
    }

    /** A route's work, which may fail to read the body. */
    private interface Work {
        void run() throws IOException;
    }

    private static void only(boolean allowed, String allow, Request request, Response response, Callback callback, Work work)
            throws IOException {
        if (!allowed) {
            response.getHeaders().put(HttpHeader.ALLOW, allow);
            Answers.text(request, response, callback, 405, "method not allowed\n");
            return;
        }
        work.run();
    }

    private void answer(Request request, Response response, Callback callback, ReaderPages.Page page) {
        Answers.page(request, response, callback, page);
    }

    private ReaderPages.Page confirmPage(String token) {
        ConfirmationToken.Opened opened = confirmations.open(token);
        if (opened.refusal() != null) {
            return refusedConfirmation(opened.refusal());
        }
        return pages.render(200, new ReaderPages.Builder(pages.say("serve_confirm_title"))
                .say(pages.say("serve_confirming", "email", opened.signup().email()))
                .say(pages.say("serve_press_button"))
                .form("confirm", pages.say("serve_confirm_button"), Map.of("t", token))
                .submitAtOnce());
    }

    private ReaderPages.Page confirm(String token) {
        ConfirmationToken.Opened opened = confirmations.open(token);
        if (opened.refusal() != null) {
            return refusedConfirmation(opened.refusal());
        }
        ConfirmationToken.Signup signup = opened.signup();
        ReaderPages.Page failed = record(new ListEvent(ListEvent.Kind.SUBSCRIBED, signup.email(), signup.name(), clock.instant(),
                signup.source()));
        if (failed != null) {
            return failed;
        }
        return pages.render(200, new ReaderPages.Builder(pages.say("serve_subscribed_title"))
                .say(pages.say("serve_subscribed", "email", signup.email())));
    }

    private ReaderPages.Page refusedConfirmation(ConfirmationToken.Refusal refusal) {
        String why = refusal == ConfirmationToken.Refusal.EXPIRED
                ? pages.say("serve_link_expired", "days", Long.toString(ConfirmationToken.LIFETIME.toDays()))
                : pages.say("serve_link_unknown");
        return pages.render(400, new ReaderPages.Builder(pages.say("serve_link_invalid_title")).say(why)
                .say(pages.say("serve_ask_again"))
                .subscribeLink(pages.url("subscribe")));
    }

    /** The address the unsubscribe URL names, verified: from {@code u}, or from {@code email} and {@code token}; else null. */
    private String addressOf(Request request) {
        Map<String, String> query = Forms.query(request);
        if (query.containsKey("u")) {
            return references.open(query.get("u"));
        }
        String email = query.get("email");
        return email != null && tokens.verify(email, query.get("token")) ? email : null;
    }

    private ReaderPages.Page unsubscribePage(Request request) {
        String email = addressOf(request);
        if (email == null) {
            return refusedUnsubscribe();
        }
        return pages.render(200, new ReaderPages.Builder(pages.say("unsubscribe"))
                .say(pages.say("serve_unsubscribe_question", "email", email))
                .form(selfAction(request, "unsubscribe"), pages.say("unsubscribe"), Map.of("confirm", "page")));
    }

    private void unsubscribe(Request request, Response response, Callback callback) throws IOException {
        Map<String, String> body = Forms.read(request);
        String email = addressOf(request);
        boolean oneClick = "One-Click".equals(body.get("List-Unsubscribe"));
        ReaderPages.Page failed = null;
        if (email == null) {
            answer(request, response, callback, refusedUnsubscribe());
        } else if (!oneClick && !"page".equals(body.get("confirm"))) {
            Answers.text(request, response, callback, 400, "RFC 8058: the body must be List-Unsubscribe=One-Click\n");
        } else if ((failed = record(new ListEvent(ListEvent.Kind.UNSUBSCRIBED, email, null, clock.instant(),
                oneClick ? "one-click" : "page"))) != null) {
            answer(request, response, callback, failed);
        } else if (oneClick) {
            Answers.text(request, response, callback, 200, "unsubscribed\n");
        } else {
            answer(request, response, callback, pages.render(200, new ReaderPages.Builder(pages.say("serve_unsubscribed_title"))
                    .say(pages.say("serve_unsubscribed", "email", email))
                    .say(pages.say("serve_undo_hint"))
                    .form("resubscribe", pages.say("serve_resubscribe"), Map.of("r", undos.seal(email, null, ListEvent.RESUBSCRIBE)))));
        }
    }

    /**
     * The undo, only with the token of the unsubscribe answer (an hour): the footer's {@code u}
     * never expires, and with it alone anyone holding an old issue could subscribe its reader again.
     */
    private ReaderPages.Page resubscribe(Request request) throws IOException {
        ConfirmationToken.Opened opened = undos.open(Forms.read(request).get("r"));
        if (opened.refusal() != null) {
            String why = opened.refusal() == ConfirmationToken.Refusal.EXPIRED
                    ? pages.say("serve_undo_expired")
                    : pages.say("serve_undo_unknown");
            return pages.render(400, new ReaderPages.Builder(pages.say("serve_undo_title")).say(why)
                    .say(pages.say("serve_undo_ask_again"))
                    .subscribeLink(pages.url("subscribe")));
        }
        String email = opened.signup().email();
        ReaderPages.Page failed = record(new ListEvent(ListEvent.Kind.SUBSCRIBED, email, null, clock.instant(), ListEvent.RESUBSCRIBE));
        if (failed != null) {
            return failed;
        }
        return pages.render(200, new ReaderPages.Builder(pages.say("serve_welcome_back_title"))
                .say(pages.say("serve_subscribed_again", "email", email)));
    }

    private ReaderPages.Page refusedUnsubscribe() {
        return pages.render(400, new ReaderPages.Builder(pages.say("serve_link_invalid_title"))
                .say(pages.say("serve_unsubscribe_unknown"))
                .say(pages.say("serve_unsubscribe_help")));
    }

    private ReaderPages.Page unavailable() {
        return pages.render(503, new ReaderPages.Builder(pages.say("serve_retry_title"))
                .say(pages.say("serve_retry")));
    }

    /**
     * Durable before the answer (the ListEvents contract), then null; else the page to answer
     * with. Any failure is answered with a page, never Jetty's 500 with a stack trace (red team
     * 19, finding 4): 400 for an event the journal refuses as invalid, whose message (it names the
     * address) is not logged, since nothing about readers is; 503 for a failure to write.
     */
    private ReaderPages.Page record(ListEvent event) {
        String kind = event.kind().name().toLowerCase(java.util.Locale.ROOT);
        try {
            events.record(event);
            return null;
        } catch (TidingsException e) {
            if (e.status() == ExitStatus.INVALID_INPUT) {
                signups.log("refused a " + kind + " event the list cannot hold");
                return pages.render(400, new ReaderPages.Builder(pages.say("serve_not_possible_title"))
                        .say(pages.say("serve_cannot_keep"))
                        .say(pages.say("serve_write_editor")));
            }
            signups.log("could not record a " + kind + ": " + e.getMessage());
            return unavailable();
        } catch (IOException | RuntimeException e) {
            signups.log("could not record a " + kind + ": " + (e instanceof IOException ? e.getMessage() : "the journal failed"));
            return unavailable();
        }
    }

    /** The route with the same query (the reader's reference), relative so that it works under any public path. */
    private static String selfAction(Request request, String route) {
        String query = request.getHttpURI().getQuery();
        return route + (query == null ? "" : "?" + query);
    }

    private InetAddress client(Request request) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        InetAddress peer = remote instanceof InetSocketAddress socket ? socket.getAddress() : InetAddress.getLoopbackAddress();
        return signups.clientAddress().of(peer, request.getHeaders().getValuesList("X-Forwarded-For"));
    }
}
