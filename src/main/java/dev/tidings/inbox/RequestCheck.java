package dev.tidings.inbox;

import dev.tidings.subscribers.SubscriberStatus;
import dev.tidings.render.UnsubscribeSubject;
import dev.tidings.render.UnsubscribeToken;

import java.util.Set;
import java.util.TreeSet;

/**
 * Decides what an unsubscribe request may do.
 *
 * <p>With a token (the mailto of List-Unsubscribe carries the address's HMAC, see
 * {@link UnsubscribeToken}) the token decides, whichever mailbox sent the request. Without one,
 * only the From header says who asks, and a forger writes any From he likes. Mailman answers such
 * a request with a confirmation mail that the address's owner must reply to; the sweep sends no
 * mail, so it takes the receiving server's verdict instead: a DKIM, SPF or DMARC pass for the From
 * domain, recorded in an Authentication-Results field that server wrote (RFC 8601, see
 * {@link AuthenticationResults} for which field that is). Without such a pass the request is left
 * for the editor: a wrong unsubscribe silently loses a reader, a late one costs one more issue.
 */
final class RequestCheck {
    private final UnsubscribeToken tokens;
    private final Set<String> authservIds;

    /**
     * @param tokens      the token checker of TIDINGS_SECRET, or null when it is not set
     * @param authservIds the receiving server's authserv-ids the editor named (lower case); empty: trust the topmost field
     */
    RequestCheck(UnsubscribeToken tokens, Set<String> authservIds) {
        this.tokens = tokens;
        this.authservIds = Set.copyOf(authservIds);
    }

    SweepDecision decide(ReceivedMail mail) {
        UnsubscribeSubject request = mail.request();
        String from = mail.from();
        if (request.token() != null) {
            return withToken(mail, request);
        }
        if (from == null) {
            return SweepDecision.none(mail, request.address(), SweepEntry.Action.IGNORED, "no sender address and no token; not acted on");
        }
        if (request.address() != null && !request.address().equalsIgnoreCase(from)) {
            return SweepDecision.none(mail, request.address(), SweepEntry.Action.IGNORED, "names this address without a token, sent from "
                    + from + "; without a token only the sender's own address is unsubscribed");
        }
        String domain = from.substring(from.lastIndexOf('@') + 1);
        AuthenticationResults results = AuthenticationResults.trusted(mail.authentication(), authservIds);
        String pass = results == null ? null : results.passFor(domain);
        if (pass == null) {
            return SweepDecision.none(mail, from, SweepEntry.Action.FOR_EDITOR, "no token, and nothing but the From header says who sent it:"
                    + " no DKIM, SPF or DMARC pass for " + domain + " in " + trustedField() + "; not acted on");
        }
        return new SweepDecision(mail, from, SubscriberStatus.UNSUBSCRIBED, SweepEntry.Action.UNSUBSCRIBED,
                "the sender's own address, no token; " + pass);
    }

    private SweepDecision withToken(ReceivedMail mail, UnsubscribeSubject request) {
        String address = request.address() != null ? request.address() : mail.from();
        if (tokens == null) {
            return SweepDecision.none(mail, address, SweepEntry.Action.LEFT,
                    "carries a token, but TIDINGS_SECRET is not set to check it; left for a run with the secret");
        }
        if (address == null || !tokens.verify(address, request.token())) {
            return SweepDecision.none(mail, address, SweepEntry.Action.IGNORED, "the token does not verify; not acted on");
        }
        return new SweepDecision(mail, address, SubscriberStatus.UNSUBSCRIBED, SweepEntry.Action.UNSUBSCRIBED, "token verified");
    }

    private String trustedField() {
        return authservIds.isEmpty() ? "the receiving server's (topmost) Authentication-Results"
                : "an Authentication-Results of " + String.join(" or ", new TreeSet<>(authservIds));
    }
}
