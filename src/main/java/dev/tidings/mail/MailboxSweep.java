package dev.tidings.mail;

import dev.tidings.digest.ListEdit;
import dev.tidings.digest.ListOutcome;
import dev.tidings.digest.SubscriberListEditor;
import dev.tidings.digest.SubscriberStatus;
import dev.tidings.render.UnsubscribeSubject;
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

/**
 * Closes the unsubscribe loop: reads the mails not yet processed, decides what each asks for,
 * updates the subscriber list, and only then marks the mails processed. A run killed between the
 * two finds the same mails again, and finds their subscribers already changed: nothing is counted
 * twice, so cron can simply run it again.
 *
 * <p>An unsubscribe request with a token is honoured when the token verifies for the address it
 * names (whichever mailbox sent it), and reported and not acted on when it does not. A request
 * without a token is honoured for its sender's own address only: anyone can write any address in
 * a mail, and the From header is the best there is without a token. A delivery report marks a
 * recipient bounced only for a permanent failure of the address itself (5.1.x, 5.2.1, as
 * {@code send} does); delays and other failures are reported.
 */
public final class MailboxSweep {
    private final Path list;
    private final UnsubscribeToken tokens;
    private final boolean dryRun;

    /**
     * @param list   the subscriber list to update, or null to report only (nothing changed, nothing marked)
     * @param tokens the token checker of TIDINGS_SECRET, or null when it is not set
     */
    public MailboxSweep(Path list, UnsubscribeToken tokens, boolean dryRun) {
        this.list = list;
        this.tokens = tokens;
        this.dryRun = dryRun;
    }

    /** What one mail asks for, before the list says what came of it. */
    private record Decision(ReceivedMail mail, String address, SubscriberStatus change, SweepEntry.Action action, String reason) {
        SweepEntry entry(SweepEntry.Action finalAction, String finalReason) {
            return new SweepEntry(mail.uid(), mail.from(), address, finalAction, finalReason);
        }
    }

    public SweepReport run(ImapMailbox mailbox) {
        List<ReceivedMail> mails = mailbox.unprocessed();
        List<Decision> decisions = new ArrayList<>();
        int untouched = 0;
        for (ReceivedMail mail : mails) {
            switch (mail.kind()) {
                case UNSUBSCRIBE_REQUEST -> decisions.add(request(mail));
                case DELIVERY_REPORT -> decisions.addAll(report(mail));
                default -> untouched++;
            }
        }
        Map<String, SubscriberStatus> changes = changes(decisions);
        ListEdit edit = list == null ? null : new SubscriberListEditor(list).setStatuses(changes, dryRun);
        List<SweepEntry> entries = entries(decisions, changes, edit);
        Set<Long> processed = processed(entries);
        boolean marking = !dryRun && list != null;
        if (marking) {
            mailbox.markProcessed(processed);
        }
        return new SweepReport(mailbox.describe(), mails.size(), entries, untouched, marking ? processed.size() : 0,
                mailbox.keepsKeywords(), edit, dryRun || list == null);
    }

    private Decision request(ReceivedMail mail) {
        UnsubscribeSubject request = mail.request();
        String from = mail.from();
        if (request.token() != null) {
            String address = request.address() != null ? request.address() : from;
            if (tokens == null) {
                return new Decision(mail, address, null, SweepEntry.Action.LEFT,
                        "carries a token, but TIDINGS_SECRET is not set to check it; left for a run with the secret");
            }
            if (address == null || !tokens.verify(address, request.token())) {
                return new Decision(mail, address, null, SweepEntry.Action.IGNORED, "the token does not verify; not acted on");
            }
            return new Decision(mail, address, SubscriberStatus.UNSUBSCRIBED, SweepEntry.Action.UNSUBSCRIBED, "token verified");
        }
        if (from == null) {
            return new Decision(mail, request.address(), null, SweepEntry.Action.IGNORED, "no sender address and no token; not acted on");
        }
        if (request.address() != null && !request.address().equalsIgnoreCase(from)) {
            return new Decision(mail, request.address(), null, SweepEntry.Action.IGNORED, "names this address without a token, sent from "
                    + from + "; without a token only the sender's own address is unsubscribed");
        }
        return new Decision(mail, from, SubscriberStatus.UNSUBSCRIBED, SweepEntry.Action.UNSUBSCRIBED, "the sender's own address, no token");
    }

    private static List<Decision> report(ReceivedMail mail) {
        if (mail.problem() != null) {
            return List.of(new Decision(mail, null, null, SweepEntry.Action.IGNORED,
                    "a delivery report that cannot be read (" + mail.problem() + "); not acted on"));
        }
        List<Decision> decisions = new ArrayList<>();
        for (RecipientStatus status : mail.statuses()) {
            String code = status.status().isEmpty() ? "no status" : status.status();
            String diagnostic = status.diagnostic().isEmpty() ? "" : ": " + status.diagnostic();
            if (status.address() == null) {
                decisions.add(new Decision(mail, null, null, SweepEntry.Action.IGNORED, "a delivery report that names no recipient address"));
            } else if (status.isHardBounce()) {
                decisions.add(new Decision(mail, status.address(), SubscriberStatus.BOUNCED, SweepEntry.Action.BOUNCED,
                        "hard bounce " + code + diagnostic));
            } else if (status.isSoftBounce()) {
                decisions.add(new Decision(mail, status.address(), null, SweepEntry.Action.IGNORED,
                        "soft bounce (" + status.action() + ", " + code + ")" + diagnostic + "; not acted on"));
            } else if (status.isOtherPermanentFailure()) {
                decisions.add(new Decision(mail, status.address(), null, SweepEntry.Action.IGNORED, "failed with " + code
                        + ", a refusal of the message rather than of the address" + diagnostic + "; not acted on"));
            } else {
                decisions.add(new Decision(mail, status.address(), null, SweepEntry.Action.IGNORED,
                        "reported " + (status.action().isEmpty() ? "without an action" : status.action()) + " (" + code + "); nothing to do"));
            }
        }
        return decisions;
    }

    /** The status each address is to get; asked twice in one run, "unsubscribed" wins, as the list editor merges. */
    private static Map<String, SubscriberStatus> changes(List<Decision> decisions) {
        Map<String, SubscriberStatus> changes = new LinkedHashMap<>();
        for (Decision decision : decisions) {
            if (decision.change() != null) {
                changes.merge(key(decision.address()), decision.change(),
                        (a, b) -> a == SubscriberStatus.UNSUBSCRIBED || b == SubscriberStatus.UNSUBSCRIBED ? SubscriberStatus.UNSUBSCRIBED : b);
            }
        }
        return changes;
    }

    /** Each decision with what the list made of it; an address asked for by several mails is counted once. */
    private static List<SweepEntry> entries(List<Decision> decisions, Map<String, SubscriberStatus> changes, ListEdit edit) {
        Map<String, ListOutcome> outcomes = new HashMap<>();
        if (edit != null) {
            edit.outcomes().forEach(o -> outcomes.put(key(o.email()), o));
        }
        Map<String, SweepEntry> first = new HashMap<>();
        List<SweepEntry> entries = new ArrayList<>();
        for (Decision decision : decisions) {
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

    private static SweepEntry withOutcome(Decision decision, ListOutcome outcome) {
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

    /** Mails with nothing left to do: every entry final. A mail tidings left alone is not among them. */
    private static Set<Long> processed(List<SweepEntry> entries) {
        Set<Long> done = new LinkedHashSet<>();
        Set<Long> left = new LinkedHashSet<>();
        for (SweepEntry entry : entries) {
            (entry.action() == SweepEntry.Action.LEFT ? left : done).add(entry.uid());
        }
        done.removeAll(left);
        return done;
    }

    private static String key(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }
}
