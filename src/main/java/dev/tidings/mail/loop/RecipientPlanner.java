package dev.tidings.mail.loop;

import dev.tidings.mail.DeliveryState;
import dev.tidings.mail.Ledger;
import dev.tidings.mail.Shard;
import dev.tidings.mail.Survey.Decision;
import dev.tidings.digest.Problem;
import dev.tidings.mail.Survey;
import dev.tidings.subscribers.SeenAddresses;
import dev.tidings.digest.SourcePosition;
import dev.tidings.subscribers.Subscriber;
import dev.tidings.subscribers.SubscriberReader;
import dev.tidings.subscribers.SubscriberRow;
import dev.tidings.subscribers.SubscriberStatus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, row by row, who receives the issue: streams the list, consults the ledger (already
 * sent? failed? uncertain?) and the suppressions, and recognises repeated addresses ignoring case.
 * Used twice per send: once to survey and confirm, once to feed the send loop.
 */
public final class RecipientPlanner {
    /** How many invalid or duplicate rows are named individually; the rest are counted. */
    public static final int MAX_LISTED = 200;

    /** Hears each row's decision. */
    @FunctionalInterface
    public interface Visitor {
        void visit(SubscriberRow row, Decision decision) throws InterruptedException;
    }

    private final Path list;
    private final String issueId;
    private final Ledger ledger;
    private final Suppressions suppressions;
    private final boolean resendUncertain;
    private final boolean retryFailed;
    private final Shard shard;

    /** @param ledger the ledger to consult, or null when there is none yet (a dry run, a proof) */
    public RecipientPlanner(Path list, String issueId, Ledger ledger, Suppressions suppressions,
                            boolean resendUncertain, boolean retryFailed) {
        this(list, issueId, ledger, suppressions, resendUncertain, retryFailed, Shard.ALL);
    }

    public RecipientPlanner(Path list, String issueId, Ledger ledger, Suppressions suppressions,
                            boolean resendUncertain, boolean retryFailed, Shard shard) {
        this.shard = shard;
        this.list = list;
        this.issueId = issueId;
        // An issue the ledger has never seen (its first run) has no state to look up per row. Decided
        // once: while this planner's send runs, only rows already visited gain a state (the lock
        // keeps other runs out), so a row still to come has none either way.
        this.ledger = ledger == null || !ledger.hasDeliveries(issueId) ? null : ledger;
        this.suppressions = suppressions;
        this.resendUncertain = resendUncertain;
        this.retryFailed = retryFailed;
    }

    public Survey survey() {
        Map<Decision, Long> counts = new EnumMap<>(Decision.class);
        List<Problem> invalid = new ArrayList<>();
        List<Problem> duplicates = new ArrayList<>();
        long[] rows = {0};
        String file = list.toString();
        try {
            forEach((row, decision) -> {
                rows[0]++;
                counts.merge(decision, 1L, Long::sum);
                if (decision == Decision.INVALID && invalid.size() < MAX_LISTED) {
                    row.problems().forEach(p -> invalid.add(Problem.error(new SourcePosition(file, row.line(), 0), p.column(), p.message())));
                }
                if (decision == Decision.DUPLICATE && duplicates.size() < MAX_LISTED) {
                    duplicates.add(Problem.warning(new SourcePosition(file, row.line(), 0), "",
                            "duplicate of an earlier row (" + row.subscriber().email() + "); it receives one copy"));
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Survey(rows[0], counts, counts.getOrDefault(Decision.INVALID, 0L), invalid,
                counts.getOrDefault(Decision.DUPLICATE, 0L), duplicates);
    }

    public void forEach(Visitor visitor) throws InterruptedException {
        SeenAddresses seen = new SeenAddresses();
        try (SubscriberReader reader = new SubscriberReader(list)) {
            for (SubscriberRow row = reader.next(); row != null; row = reader.next()) {
                visitor.visit(row, decide(row, seen));
            }
        }
    }

    /**
     * How many of these permanently failed recipients (addresses lower-cased) are still subscribed
     * in the list (the first row of each address, in this shard): what the editor has yet to deal
     * with. One whose row says bounced or unsubscribed, or who is no longer on the list, was dealt
     * with; the suppression file alone does not count, since the list is where the editor looks.
     */
    public long stillSubscribed(Set<String> failed) {
        if (failed.isEmpty()) {
            return 0;
        }
        long count = 0;
        SeenAddresses seen = new SeenAddresses();
        try (SubscriberReader reader = new SubscriberReader(list)) {
            for (SubscriberRow row = reader.next(); row != null; row = reader.next()) {
                if (row.valid() && seen.firstLineOf(row.subscriber().key(), row.line()) == 0 && failed.contains(row.subscriber().key())
                        && shard.contains(row.subscriber().email()) && row.subscriber().status() == SubscriberStatus.SUBSCRIBED) {
                    count++;
                }
            }
        }
        return count;
    }

    private Decision decide(SubscriberRow row, SeenAddresses seen) {
        if (!row.valid()) {
            return Decision.INVALID;
        }
        Subscriber subscriber = row.subscriber();
        if (seen.firstLineOf(subscriber.key(), row.line()) != 0) {
            return Decision.DUPLICATE;
        }
        if (!shard.contains(subscriber.email())) {
            return Decision.OTHER_SHARD;
        }
        if (subscriber.status() == SubscriberStatus.UNSUBSCRIBED) {
            return Decision.UNSUBSCRIBED;
        }
        if (subscriber.status() == SubscriberStatus.BOUNCED) {
            return Decision.BOUNCED;
        }
        if (suppressions.contains(subscriber.email())) {
            return Decision.SUPPRESSED;
        }
        DeliveryState state = ledger == null ? null : ledger.stateOf(issueId, subscriber.email());
        if (state == DeliveryState.SENT) {
            return Decision.ALREADY_SENT;
        }
        if (state == DeliveryState.FAILED && !retryFailed) {
            return Decision.FAILED_BEFORE;
        }
        if (state == DeliveryState.SENDING && !resendUncertain) {
            return Decision.UNCERTAIN;
        }
        return Decision.SEND;
    }
}
