package dev.tidings.inbox;

import dev.tidings.mail.Ledger;
import dev.tidings.subscribers.ListEdit;
import dev.tidings.subscribers.ListOutcome;
import dev.tidings.subscribers.SubscriberListEditor;
import dev.tidings.subscribers.SubscriberStatus;
import dev.tidings.render.BounceToken;
import dev.tidings.render.UnsubscribeToken;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Closes the unsubscribe loop: reads the mails not yet processed, decides what each asks for,
 * updates the subscriber list, and only then marks the mails processed. A run killed between the
 * two finds the same mails again, and finds their subscribers already changed: nothing is counted
 * twice, so cron can simply run it again.
 *
 * <p>Every mail is a claim by whoever wrote it. An unsubscribe request counts with a token that
 * verifies, or from its sender's own address when the receiving server vouches for the sender
 * ({@link RequestCheck}); a delivery report counts when it returns a message tidings sent, and then
 * only for that message's recipient, for a permanent failure of the address itself (5.1.x, 5.2.1,
 * as {@code send} counts them; {@link BounceCheck}). Mails it cannot vouch for are left for the
 * editor: unread, reported once.
 */
public final class MailboxSweep {
    private final Path list;
    private final RequestCheck requests;
    private final Ledger ledger;
    private final BounceToken bounceTokens;
    private final boolean dryRun;

    /**
     * @param list   the subscriber list to update, or null to report only (nothing changed, nothing marked)
     * @param trust  what vouches for a mail: the secret's tokens, the send ledger, the receiving server's id
     */
    public MailboxSweep(Path list, Trust trust, boolean dryRun) {
        this.list = list;
        this.requests = new RequestCheck(trust.tokens(), trust.authservIds());
        this.ledger = trust.ledger();
        this.bounceTokens = trust.bounceTokens();
        this.dryRun = dryRun;
    }

    /**
     * What the sweep checks mails against.
     *
     * @param tokens      the token checker of TIDINGS_SECRET, or null when it is not set
     * @param ledger      the send ledger, or null when none was given
     * @param authservIds the authserv-ids of the receiving server whose Authentication-Results are
     *                    believed (lower case); empty to believe the topmost field
     * @param bounceTokens the checker of VERP bounce address tokens (TIDINGS_SECRET), or null when it is not set
     */
    public record Trust(UnsubscribeToken tokens, Ledger ledger, Set<String> authservIds, BounceToken bounceTokens) {
        public Trust {
            authservIds = authservIds.stream().map(id -> id.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        }
    }

    public SweepReport run(ImapMailbox mailbox) {
        List<ReceivedMail> mails = mailbox.unprocessed();
        BounceCheck bounces = new BounceCheck(ledger, bounceTokens, mails);
        List<SweepDecision> decisions = new ArrayList<>();
        int untouched = 0;
        for (ReceivedMail mail : mails) {
            switch (mail.kind()) {
                case UNSUBSCRIBE_REQUEST -> decisions.add(requests.decide(mail));
                case DELIVERY_REPORT -> decisions.addAll(bounces.decide(mail));
                default -> untouched++;
            }
        }
        Map<String, SubscriberStatus> changes = changes(decisions);
        ListEdit edit = list == null ? null : new SubscriberListEditor(list).setStatuses(changes, dryRun);
        List<SweepEntry> entries = entries(decisions, changes, edit);
        Set<Long> forEditor = uids(entries, SweepEntry.Action.FOR_EDITOR);
        Set<Long> left = uids(entries, SweepEntry.Action.LEFT);
        Set<Long> processed = entries.stream().map(SweepEntry::uid).collect(Collectors.toCollection(LinkedHashSet::new));
        processed.removeAll(left);
        processed.removeAll(forEditor);
        forEditor.removeAll(left);
        boolean marking = !dryRun && list != null;
        if (marking) {
            mailbox.markProcessed(processed);
            mailbox.keepForEditor(forEditor);
        }
        int awaitingLedger = (int) decisions.stream()
                .filter(d -> d.action() == SweepEntry.Action.LEFT && d.mail().kind() == ReceivedMail.Kind.DELIVERY_REPORT).count();
        return new SweepReport(mailbox.describe(), mails.size(), entries, untouched, marking ? processed.size() : 0,
                marking && mailbox.keepsKeywords() ? forEditor.size() : 0, awaitingLedger, mailbox.keepsKeywords(), edit, dryRun || list == null);
    }

    /** The status each address is to get; asked twice in one run, "unsubscribed" wins, as the list editor merges. */
    private static Map<String, SubscriberStatus> changes(List<SweepDecision> decisions) {
        Map<String, SubscriberStatus> changes = new LinkedHashMap<>();
        for (SweepDecision decision : decisions) {
            if (decision.change() != null) {
                changes.merge(key(decision.address()), decision.change(),
                        (a, b) -> a == SubscriberStatus.UNSUBSCRIBED || b == SubscriberStatus.UNSUBSCRIBED ? SubscriberStatus.UNSUBSCRIBED : b);
            }
        }
        return changes;
    }

    /** Each decision with what the list made of it; an address asked for by several mails is counted once. */
    private static List<SweepEntry> entries(List<SweepDecision> decisions, Map<String, SubscriberStatus> changes, ListEdit edit) {
        Map<String, ListOutcome> outcomes = new HashMap<>();
        if (edit != null) {
            edit.outcomes().forEach(o -> outcomes.put(key(o.email()), o));
        }
        Map<String, SweepEntry> first = new HashMap<>();
        List<SweepEntry> entries = new ArrayList<>();
        for (SweepDecision decision : decisions) {
            if (decision.change() == null) {
                entries.add(decision.entry(decision.action(), decision.reason()));
                continue;
            }
            String key = key(decision.address());
            SweepEntry earlier = first.get(key);
            SweepEntry entry;
            if (earlier != null) {
                entry = earlier.action() == SweepEntry.Action.LEFT || earlier.action() == SweepEntry.Action.IGNORED
                        ? decision.entry(earlier.action(), earlier.reason())
                        : decision.entry(SweepEntry.Action.UNCHANGED, "also asked by message " + earlier.uid() + " of this run");
            } else if (decision.change() != changes.get(key)) {
                entry = decision.entry(SweepEntry.Action.UNCHANGED, "unsubscribed by another mail of this run");
            } else {
                entry = withOutcome(decision, outcomes.get(key));
                first.put(key, entry);
            }
            entries.add(entry);
        }
        return entries;
    }

    private static SweepEntry withOutcome(SweepDecision decision, ListOutcome outcome) {
        if (outcome == null || outcome.result() == ListOutcome.Result.CHANGED) {
            return decision.entry(decision.action(), decision.reason());
        }
        return switch (outcome.result()) {
            case UNCHANGED -> decision.entry(SweepEntry.Action.UNCHANGED, outcome.before() == null || outcome.before() == decision.change()
                    ? "already " + decision.change().label()
                    : "stays " + outcome.before().label() + ": its owner asked to leave before it bounced");
            case NOT_ON_LIST -> decision.entry(SweepEntry.Action.IGNORED, "not on the list (" + decision.reason() + ")");
            case INVALID_ROW -> decision.entry(SweepEntry.Action.LEFT, "line " + outcome.lines().get(0)
                    + " of the list has more values than its header has columns; fix it, the next run will try again");
            default -> throw new IllegalStateException(outcome.result().name());
        };
    }

    /** The mails with an entry of this action. */
    private static Set<Long> uids(List<SweepEntry> entries, SweepEntry.Action action) {
        return entries.stream().filter(e -> e.action() == action).map(SweepEntry::uid).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String key(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }
}
