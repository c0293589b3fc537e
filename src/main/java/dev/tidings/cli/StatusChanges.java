package dev.tidings.cli;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import dev.tidings.mail.loop.SuppressionSync;
import dev.tidings.mail.loop.Suppressions;
import dev.tidings.subscribers.ListEdit;
import dev.tidings.subscribers.ListEvent;
import dev.tidings.subscribers.ListJournal;
import dev.tidings.subscribers.ListOutcome;
import dev.tidings.subscribers.SubscriberStatus;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code subscribers bounce}, {@code resubscribe} and {@code sync} print: a line per address
 * (what changed, from which status, on which line; or why it was left alone), then where the
 * previous version of the list is.
 */
final class StatusChanges {
    private StatusChanges() {
    }

    /** bounce and resubscribe: each address asked for, then the list's fate. */
    static int print(PrintWriter out, ListEdit edit, boolean dryRun) {
        for (ListOutcome outcome : edit.outcomes()) {
            out.println(edit.list() + ": " + line(outcome, dryRun));
        }
        out.println(ending(edit, dryRun));
        return ExitStatus.OK.code();
    }

    /**
     * A reader who asked to leave is subscribed again only when the editor says they asked to come
     * back: a typo in a command must not override their wish (and, under GDPR and CAN-SPAM, mailing
     * them after an opt-out is the sender's liability). Nothing is written when one is refused.
     */
    static void refuseUnsubscribed(Path list, ListEdit plan) {
        servesUnsubscribes(list, plan).forEach(email -> {
            throw TidingsException.invalidInput(ListJournal.pathFor(list) + ": " + email + " unsubscribed through tidings serve"
                    + " (its journal, which send honours, says so last); if they asked to come back, run the command again with"
                    + " --override-unsubscribe; nothing was changed");
        });
        for (ListOutcome outcome : plan.outcomes()) {
            if (outcome.result() == ListOutcome.Result.UNCHANGED && outcome.before() == SubscriberStatus.UNSUBSCRIBED) {
                throw TidingsException.invalidInput(list + ":" + outcome.lines().get(0) + ": " + outcome.email()
                        + " unsubscribed; tidings subscribes again an address that asked to leave only when they asked to come"
                        + " back: if they did, run the command again with --override-unsubscribe; nothing was changed");
            }
        }
    }

    /**
     * The addresses asked for whose last event in serve's journal is an unsubscribe: send skips
     * them while the journal holds it (until serve has applied and emptied it), whatever the list says.
     */
    static List<String> servesUnsubscribes(Path list, ListEdit plan) {
        Map<String, ListEvent.Kind> last = ListJournal.lastEvents(list);
        return plan.outcomes().stream().map(ListOutcome::email)
                .filter(email -> last.get(email.strip().toLowerCase(Locale.ROOT)) == ListEvent.Kind.UNSUBSCRIBED).toList();
    }

        /** Resubscribed over an unsubscribe in serve's journal: what send does until serve has dealt with it. */
    static void noteServesUnsubscribes(PrintWriter err, Path list, ListEdit plan) {
        for (String email : servesUnsubscribes(list, plan)) {
            err.println("note: " + email + "'s unsubscribe is still in " + ListJournal.pathFor(list)
                    + ", which send honours until tidings serve has applied and emptied it (within seconds while serve runs,"
                    + " else when it next starts); should serve not have applied it to the list yet, it will, and they are"
                    + " unsubscribed again: then run this command once more");
        }
    }

    private static String line(ListOutcome outcome, boolean dryRun) {
        String where = SubscribersCommand.lines(outcome);
        String wanted = outcome.wanted().label();
        if (outcome.result() == ListOutcome.Result.CHANGED) {
            return (dryRun ? "would set " : "set ") + outcome.email() + " to " + wanted + " (" + where + ", was " + was(outcome) + ")";
        }
        if (outcome.before() == SubscriberStatus.UNSUBSCRIBED && outcome.wanted() == SubscriberStatus.BOUNCED) {
            return outcome.email() + " stays unsubscribed (" + where + "): the wish to leave outlives the mailbox";
        }
        return outcome.email() + " is already " + wanted + " (" + where + ")";
    }

    private static String was(ListOutcome outcome) {
        return outcome.before() == null ? "not a valid status" : outcome.before().label();
    }

    private static String ending(ListEdit edit, boolean dryRun) {
        return edit.list() + ": " + fate(edit, dryRun);
    }

    private static String fate(ListEdit edit, boolean dryRun) {
        if (dryRun) {
            return "dry run, nothing written";
        }
        return edit.written() ? "previous version: " + edit.backup() : "the list is unchanged";
    }

    /**
     * sync: the changes, each with the line of the suppression file behind it, then what was left
     * alone and why. A row that cannot be edited safely is named and makes the run exit 1, after
     * the others were applied.
     */
    static int printSync(PrintWriter out, SuppressionSync.Result result, boolean dryRun) {
        ListEdit edit = result.edit();
        Path file = result.suppressed();
        List<ListOutcome> changed = edit.outcomes().stream().filter(o -> o.result() == ListOutcome.Result.CHANGED).toList();
        List<ListOutcome> alone = edit.outcomes().stream().filter(o -> o.result() != ListOutcome.Result.CHANGED).toList();
        out.println(edit.list() + ": " + (dryRun ? "would apply " : "applied ") + file + " (" + counted(edit.outcomes().size(), "address")
                + (result.undecided().isEmpty() ? "" : ", " + counted(result.undecided().size(), "line") + " without a reason") + "):");
        for (ListOutcome o : changed) {
            out.println("  " + (dryRun ? "would be " : "") + o.wanted().label() + "  " + o.email() + "  " + SubscribersCommand.lines(o)
                    + ", " + was(o) + " -> " + o.wanted().label() + "  (" + reason(file, result.reasonOf(o.email())) + ")");
        }
        ListOutcome invalid = null;
        for (ListOutcome o : alone) {
            out.println("  left alone  " + o.email() + "  " + alone(o));
            invalid = invalid == null && o.result() == ListOutcome.Result.INVALID_ROW ? o : invalid;
        }
        for (Suppressions.Entry entry : result.undecided()) {
            out.println("  left alone  " + entry.email() + "  " + file + ":" + entry.line() + " gives no reason (bounced or"
                    + " unsubscribed?); send skips it; mark it with tidings subscribers bounce or unsubscribe");
        }
        out.println(edit.list() + ": " + (dryRun ? counted(changed.size(), "change") + " would be made" : counted(changed.size(), "change"))
                + ", " + (alone.size() + result.undecided().size()) + " left alone; " + fate(edit, dryRun));
        if (invalid != null) {
            throw TidingsException.invalidInput(edit.list() + ":" + invalid.lines().get(0) + ": the row of " + invalid.email()
                    + " has more values than the header has columns (a value with a comma needs double quotes); fix it and sync again");
        }
        return ExitStatus.OK.code();
    }

    private static String alone(ListOutcome o) {
        return switch (o.result()) {
            case NOT_ON_LIST -> "not on the list";
            case INVALID_ROW -> SubscribersCommand.lines(o) + ": more values than the header has columns";
            default -> SubscribersCommand.lines(o) + ", already " + (o.before() == null ? "with a status that is not a status"
                    : o.before().label());
        };
    }

    private static String reason(Path file, Suppressions.Entry entry) {
        return entry == null ? file.toString() : file + ":" + entry.line() + ": " + entry.reason();
    }

    private static String counted(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : noun.endsWith("s") ? "es" : "s");
    }
}
