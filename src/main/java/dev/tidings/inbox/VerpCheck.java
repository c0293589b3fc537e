package dev.tidings.inbox;

import dev.tidings.mail.Ledger;
import dev.tidings.mail.RecipientStatus;
import dev.tidings.mail.SmtpFailure;
import dev.tidings.render.BounceToken;
import dev.tidings.subscribers.SubscriberStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what a bounce sent to a VERP address ({@code bounces+TOKEN@example.org}) may do. The
 * token, not the report, says whose message bounced: it was signed with TIDINGS_SECRET for one
 * recipient of one issue ({@link BounceToken}) and the ledger records that recipient, so a report
 * that lost its delivery-status part or its returned Message-ID, or names the address a subscriber
 * forwards to, still bounces exactly that subscriber. A token that verifies against no row of the
 * ledger (forged, altered, another secret's, or another ledger's) is believed for nothing.
 *
 * <p>As for every report, only a permanent failure of the address itself bounces (5.1.x, 5.2.1,
 * {@link SmtpFailure#isBadAddressStatus}). A mail to the bounce address that states none is
 * ignored when a program sent it ({@code Auto-Submitted}: an out-of-office reply, which RFC 3834
 * sends to the envelope sender too), and left for the editor when a person may have.
 */
final class VerpCheck {
    private final BounceToken tokens;
    private final Ledger ledger;
    /** The run's tokens that verify, with the message each names: one pass over the ledger per run. */
    private final Map<String, Ledger.SentMessage> attributed;

    /**
     * @param tokens what checks tokens (TIDINGS_SECRET), or null when it is not set
     * @param ledger the send ledger, or null when none was given
     */
    VerpCheck(BounceToken tokens, Ledger ledger, List<ReceivedMail> mails) {
        this.tokens = tokens;
        this.ledger = ledger;
        Set<String> wanted = new LinkedHashSet<>();
        mails.forEach(mail -> wanted.addAll(mail.bounceTokens()));
        this.attributed = tokens == null || ledger == null || wanted.isEmpty() ? Map.of() : attribute(wanted);
    }

    /**
     * Each token's message: for each issue that some token names (its 40-bit issue tag), the token of
     * every recipient is made again and looked up. No table of tokens is kept: the ledger's rows are it.
     */
    private Map<String, Ledger.SentMessage> attribute(Set<String> wanted) {
        Map<String, Ledger.SentMessage> found = new HashMap<>();
        for (String issueId : ledger.issueIds()) {
            if (wanted.stream().noneMatch(token -> tokens.namesIssue(token, issueId))) {
                continue;
            }
            for (Ledger.SentMessage message : ledger.messagesOf(issueId)) {
                String token = tokens.tokenFor(issueId, message.email());
                if (wanted.contains(token)) {
                    found.put(token, message);
                }
            }
        }
        return found;
    }

    List<SweepDecision> decide(ReceivedMail mail) {
        String shown = "the bounce address token " + String.join(", ", mail.bounceTokens());
        if (tokens == null) {
            return List.of(SweepDecision.none(mail, null, SweepEntry.Action.LEFT, "a bounce to " + shown
                    + ", but TIDINGS_SECRET is not set to check it; left for a run with it"));
        }
        if (ledger == null) {
            return List.of(SweepDecision.none(mail, null, SweepEntry.Action.LEFT, "a bounce to " + shown
                    + ", but no send ledger to find its recipient in (--ledger); left for a run with one"));
        }
        Set<Ledger.SentMessage> messages = new LinkedHashSet<>();
        mail.bounceTokens().stream().map(attributed::get).filter(m -> m != null).forEach(messages::add);
        if (messages.isEmpty()) {
            return List.of(SweepDecision.none(mail, null, SweepEntry.Action.FOR_EDITOR, "unattributed: " + shown
                    + " does not verify (forged, altered, made with another TIDINGS_SECRET, or of another ledger); not acted on"));
        }
        if (messages.size() > 1) {
            return List.of(SweepDecision.none(mail, null, SweepEntry.Action.FOR_EDITOR, "unattributed: its bounce address tokens"
                    + " name different recipients; not acted on"));
        }
        Ledger.SentMessage message = messages.iterator().next();
        return mail.statuses().isEmpty() ? fromText(mail, message) : fromStatuses(mail, message);
    }

    /** A report with statuses: any hard bounce in it is the token's recipient's, whatever address it names. */
    private static List<SweepDecision> fromStatuses(ReceivedMail mail, Ledger.SentMessage message) {
        List<SweepDecision> decisions = new ArrayList<>();
        for (RecipientStatus status : mail.statuses()) {
            if (status.isHardBounce()) {
                String forwarded = status.address() == null || status.address().equalsIgnoreCase(message.email()) ? ""
                        : " (reported for " + status.address() + ", where it was forwarded)";
                decisions.add(bounced(mail, message, status.status(), forwarded
                        + (status.diagnostic().isEmpty() ? "" : ": " + status.diagnostic())));
                return decisions;
            }
        }
        String code = mail.statuses().get(0).status();
        return List.of(SweepDecision.none(mail, message.email(), SweepEntry.Action.IGNORED, "a report of the message to "
                + message.email() + " (" + message.issueId() + ") with no permanent failure of the address ("
                + (code.isEmpty() ? "no status" : mail.statuses().get(0).action() + ", " + code) + "); not acted on"));
    }

    /** A mail with no statuses to read: what its text says, when it says it the way MTAs write it. */
    private static List<SweepDecision> fromText(ReceivedMail mail, Ledger.SentMessage message) {
        String code = mail.textStatus();
        if (code != null && SmtpFailure.isBadAddressStatus(code)) {
            return List.of(bounced(mail, message, code, ", read from the report's text (it has no delivery-status part to read)"));
        }
        if (code == null && mail.autoSubmitted()) {
            // An out-of-office reply (RFC 3834 sends it to the envelope sender): on a large list, hundreds in a holiday week.
            return List.of(SweepDecision.none(mail, message.email(), SweepEntry.Action.IGNORED, "an automatic reply (Auto-Submitted,"
                    + " RFC 3834) to the message to " + message.email() + " (" + message.issueId() + ") that states no failure; not acted on"));
        }
        String said = code == null ? "states no failure" : "gives " + code + ", not a permanent failure of the address";
        return List.of(SweepDecision.none(mail, message.email(), code == null ? SweepEntry.Action.FOR_EDITOR : SweepEntry.Action.IGNORED,
                "a mail to the bounce address of the message to " + message.email() + " (" + message.issueId() + ") that " + said
                        + "; not acted on"));
    }

    private static SweepDecision bounced(ReceivedMail mail, Ledger.SentMessage message, String code, String detail) {
        return new SweepDecision(mail, message.email(), SubscriberStatus.BOUNCED, SweepEntry.Action.BOUNCED,
                "hard bounce " + code + " of " + message.issueId() + ", by its bounce address" + detail);
    }
}
