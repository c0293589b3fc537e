package dev.tidings.mail.loop;

import dev.tidings.subscribers.ListEdit;
import dev.tidings.subscribers.SubscriberListEditor;
import dev.tidings.subscribers.SubscriberStatus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tidings subscribers sync}: the suppression file applied to the list, so that an address
 * refused for good is marked where the editor looks, and a re-run of the issue stops asking about
 * it (issue 20). Send appends hard bounces to the file as they happen, under the ledger's lock and
 * mid-run; rewriting the list there would race with serve and with an editor, so the list is
 * changed here, by the editor's atomic, byte-preserving rewrite, which refuses a list that changed
 * meanwhile. Only subscribed rows change, so running it again changes nothing.
 */
public final class SuppressionSync {
    private SuppressionSync() {
    }

    /**
     * What a sync did (or, in a dry run, would do).
     *
     * @param edit      one outcome per address the file gives a reason for, in the file's order
     * @param reasons   the line of the file behind each of those addresses (lower-cased key)
     * @param undecided lines whose comment does not say bounced or unsubscribed (hand-written ones): left alone
     */
    public record Result(Path suppressed, ListEdit edit, Map<String, Suppressions.Entry> reasons, List<Suppressions.Entry> undecided) {
        public Result {
            reasons = Map.copyOf(reasons);
            undecided = List.copyOf(undecided);
        }

        public Suppressions.Entry reasonOf(String email) {
            return reasons.get(email.toLowerCase(Locale.ROOT));
        }
    }

    public static Result run(Path list, Path suppressed, boolean dryRun) {
        Map<String, SubscriberStatus> wanted = new LinkedHashMap<>();
        Map<String, Suppressions.Entry> reasons = new LinkedHashMap<>();
        List<Suppressions.Entry> undecided = new ArrayList<>();
        decide(Suppressions.entries(suppressed), wanted, reasons, undecided);
        ListEdit edit = new SubscriberListEditor(list).applySuppressions(wanted, dryRun);
        return new Result(suppressed, edit, reasons, undecided);
    }

    /**
     * One status per address: the first line that gives a reason, except that "unsubscribed" wins
     * over "bounced" (the wish to leave outlives the mailbox). A line with no reason is undecided
     * only when no other line of that address gives one.
     */
    static void decide(List<Suppressions.Entry> entries, Map<String, SubscriberStatus> wanted,
                       Map<String, Suppressions.Entry> reasons, List<Suppressions.Entry> undecided) {
        Map<String, String> asWritten = new LinkedHashMap<>();
        List<Suppressions.Entry> unknown = new ArrayList<>();
        for (Suppressions.Entry entry : entries) {
            String key = entry.email().toLowerCase(Locale.ROOT);
            SubscriberStatus status = entry.status();
            if (status == null) {
                unknown.add(entry);
                continue;
            }
            Suppressions.Entry before = reasons.get(key);
            if (before == null || status == SubscriberStatus.UNSUBSCRIBED && before.status() != SubscriberStatus.UNSUBSCRIBED) {
                reasons.put(key, entry);
                asWritten.putIfAbsent(key, entry.email());
            }
        }
        reasons.forEach((key, entry) -> wanted.put(asWritten.get(key), entry.status()));
        unknown.stream().filter(entry -> !reasons.containsKey(entry.email().toLowerCase(Locale.ROOT))).forEach(undecided::add);
    }
}
