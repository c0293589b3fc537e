package dev.tidings.inbox;

import dev.tidings.mail.Ledger;
import dev.tidings.mail.RecipientStatus;
import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.render.BounceToken;
import dev.tidings.subscribers.SubscriberStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides what a delivery report may do.
 *
 * <p>Anyone can write a delivery report, naming any addresses. So a report counts only when it is
 * one (RFC 3464's shape, see {@link DeliveryReports}) and returns a message tidings sent: the
 * Message-ID in its returned headers is one the send ledger records. It then bounces that
 * message's recipient alone: tidings sends every recipient a message of their own, so a report of
 * one message is about one address, and any other recipient it names is reported and ignored.
 *
 * <p>It is the question the trusted list managers answer with VERP (Postfix's per-recipient
 * envelope sender, ezmlm's {@code -return-MSG-BOX=DOMAIN}, Mailman's {@code -bounces+BOX=DOMAIN}):
 * which message bounced, to whom; listmonk reads its own per-message headers back from the
 * returned message. With {@code newsletter.bounce_address: bounces+{token}@...} tidings does VERP
 * too, and a report sent to such an address is decided by its token ({@link VerpCheck}). With one
 * envelope sender, the Message-ID, which the ledger keeps per recipient, is the link; its keyed tail ({@link MessageBuilder}) keeps a subscriber from
 * working out another's from their own. What cannot be tied to a message it sent, Mailman forwards
 * to the list owner; here it is left for the editor.
 */
final class BounceCheck {
    private final Ledger ledger;
    private final Map<String, Ledger.SentMessage> sent;
    private final VerpCheck verp;

    /**
     * @param ledger the send ledger, or null when none was given (hard bounces then wait for a run with one)
     * @param bounceTokens what checks VERP tokens (TIDINGS_SECRET), or null when it is not set
     * @param mails  the run's mails: the Message-IDs their reports return, and their tokens, are looked up at once
     */
    BounceCheck(Ledger ledger, BounceToken bounceTokens, List<ReceivedMail> mails) {
        this.ledger = ledger;
        this.verp = new VerpCheck(bounceTokens, ledger, mails);
        List<String> ids = mails.stream().map(ReceivedMail::returnedMessageId).filter(Objects::nonNull).distinct().toList();
        this.sent = ledger == null || ids.isEmpty() ? Map.of() : ledger.byMessageId(ids);
    }

    List<SweepDecision> decide(ReceivedMail mail) {
        if (!mail.bounceTokens().isEmpty()) {
            return verp.decide(mail); // sent to a bounce address of ours: its token says whose message it was
        }
        if (mail.problem() != null) {
            String reason = mail.problem() + "; not acted on";
            return mail.statuses().isEmpty() ? List.of(SweepDecision.none(mail, null, SweepEntry.Action.FOR_EDITOR, reason))
                    : mail.statuses().stream().map(s -> SweepDecision.none(mail, s.address(), SweepEntry.Action.FOR_EDITOR, reason)).toList();
        }
        List<SweepDecision> decisions = new ArrayList<>();
        for (RecipientStatus status : mail.statuses()) {
            decisions.add(status.isHardBounce() && status.address() != null ? hardBounce(mail, status) : nothingToDo(mail, status));
        }
        return decisions;
    }

    private SweepDecision hardBounce(ReceivedMail mail, RecipientStatus status) {
        String bounce = "hard bounce " + status.status();
        String id = mail.returnedMessageId();
        if (ledger == null) {
            return SweepDecision.none(mail, status.address(), SweepEntry.Action.LEFT, bounce
                    + ", but no send ledger to tie it to a message tidings sent (--ledger); left for a run with one");
        }
        if (id == null) {
            return SweepDecision.none(mail, status.address(), SweepEntry.Action.FOR_EDITOR, bounce
                    + ", but the report returns no Message-ID to tie it to a message tidings sent; not acted on");
        }
        Ledger.SentMessage message = sent.get(id);
        if (message == null) {
            return SweepDecision.none(mail, status.address(), SweepEntry.Action.FOR_EDITOR, bounce + " of message " + id
                    + ", which the send ledger does not record: not a message tidings sent; not acted on");
        }
        if (!message.email().equalsIgnoreCase(status.address())) {
            return SweepDecision.none(mail, status.address(), SweepEntry.Action.IGNORED, bounce + " named in a report of the message sent to "
                    + message.email() + " (" + message.issueId() + "); a report bounces only its message's recipient");
        }
        return new SweepDecision(mail, status.address(), SubscriberStatus.BOUNCED, SweepEntry.Action.BOUNCED,
                bounce + " of " + message.issueId() + diagnostic(status));
    }

    private static SweepDecision nothingToDo(ReceivedMail mail, RecipientStatus status) {
        String code = status.status().isEmpty() ? "no status" : status.status();
        String reason;
        if (status.address() == null) {
            reason = "a delivery report that names no recipient address";
        } else if (status.isSoftBounce()) {
            reason = "soft bounce (" + status.action() + ", " + code + ")" + diagnostic(status) + "; not acted on";
        } else if (status.isOtherPermanentFailure()) {
            reason = "failed with " + code + ", a refusal of the message rather than of the address" + diagnostic(status) + "; not acted on";
        } else {
            reason = "reported " + (status.action().isEmpty() ? "without an action" : status.action()) + " (" + code + "); nothing to do";
        }
        return SweepDecision.none(mail, status.address(), SweepEntry.Action.IGNORED, reason);
    }

    private static String diagnostic(RecipientStatus status) {
        return status.diagnostic().isEmpty() ? "" : ": " + status.diagnostic();
    }
}
