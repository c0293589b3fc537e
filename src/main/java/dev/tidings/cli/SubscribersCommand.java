package dev.tidings.cli;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import dev.tidings.mail.loop.SuppressionSync;
import dev.tidings.mail.loop.Suppressions;
import dev.tidings.subscribers.ListEdit;
import dev.tidings.subscribers.ListOutcome;
import dev.tidings.subscribers.SubscriberListEditor;
import dev.tidings.subscribers.SubscriberStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code tidings subscribers add|remove|unsubscribe|bounce|resubscribe|sync}: a list edited from a
 * terminal, with the checks of the list validator and the same safe, in-place write as the
 * unsubscribe loop.
 */
@Command(name = "subscribers",
        mixinStandardHelpOptions = true,
        description = {
                "Edit a subscriber list: only the row concerned changes, every other byte of the file stays;"
                        + " the previous version is kept as LIST.csv.bak.",
                "  tidings subscribers add EMAIL [--name NAME] --subscribers LIST.csv",
                "  tidings subscribers unsubscribe EMAIL --subscribers LIST.csv",
                "  tidings subscribers remove EMAIL --subscribers LIST.csv   (the row is deleted)",
                "  tidings subscribers bounce EMAIL... --subscribers LIST.csv",
                "  tidings subscribers resubscribe EMAIL... --subscribers LIST.csv [--override-unsubscribe] [--suppressed FILE]",
                "  tidings subscribers sync --subscribers LIST.csv --suppressed .tidings/suppressed.txt"
        })
final class SubscribersCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add EMAIL as subscribed at the end of the list; an address already on it (in any case or status) is refused.")
    int add(@Parameters(paramLabel = "EMAIL") String email,
            @Option(names = "--name", paramLabel = "NAME", description = "The subscriber's name (the list needs a name column).") String name,
            @Option(names = "--subscribers", paramLabel = "LIST.csv", required = true, description = "The list.") Path list,
            @Option(names = "--dry-run", description = "Check and report; write nothing.") boolean dryRun) {
        ListEdit edit = new SubscriberListEditor(list).add(email, name, dryRun);
        String added = edit.outcomes().get(0).email() + " (subscribed)";
        return done(edit, "added " + added, "would add " + added, dryRun);
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Delete every row of EMAIL from the list (to stop mailing someone yet remember they left, use unsubscribe).")
    int remove(@Parameters(paramLabel = "EMAIL") String email,
               @Option(names = "--subscribers", paramLabel = "LIST.csv", required = true, description = "The list.") Path list,
               @Option(names = "--dry-run", description = "Check and report; write nothing.") boolean dryRun) {
        ListEdit edit = new SubscriberListEditor(list).remove(email, dryRun);
        ListOutcome removed = edit.outcomes().get(0);
        String what = removed.email() + " (" + lines(removed) + ")";
        return done(edit, "removed " + what, "would remove " + what, dryRun);
    }

    @Command(name = "unsubscribe", mixinStandardHelpOptions = true,
            description = "Set the status of EMAIL to unsubscribed; already unsubscribed is fine (exit 0).")
    int unsubscribe(@Parameters(paramLabel = "EMAIL") String email,
                    @Option(names = "--subscribers", paramLabel = "LIST.csv", required = true, description = "The list.") Path list,
                    @Option(names = "--dry-run", description = "Check and report; write nothing.") boolean dryRun) {
        ListEdit edit = new SubscriberListEditor(list).setStatuses(Map.of(email.strip(), SubscriberStatus.UNSUBSCRIBED), dryRun);
        ListOutcome outcome = edit.outcomes().get(0);
        return switch (outcome.result()) {
            case CHANGED -> {
                String what = outcome.email() + " (" + lines(outcome) + ", was "
                        + (outcome.before() == null ? "not a valid status" : outcome.before().label()) + ")";
                yield done(edit, "unsubscribed " + what, "would unsubscribe " + what, dryRun);
            }
            case UNCHANGED -> {
                String already = outcome.email() + " is already unsubscribed (" + lines(outcome) + ")";
                yield done(edit, already, already, dryRun);
            }
            case NOT_ON_LIST -> throw TidingsException.invalidInput(list + ": " + outcome.email()
                    + " is not on the list (addresses are compared ignoring case); nothing was changed");
            default -> throw TidingsException.invalidInput(list + ":" + outcome.lines().get(0) + ": the row of " + outcome.email()
                    + " has more values than the header has columns (a value with a comma needs double quotes); fix it first");
        };
    }

    @Command(name = "bounce", mixinStandardHelpOptions = true,
            description = "Set the status of each EMAIL to bounced, so that send skips it; one that unsubscribed stays unsubscribed.")
    int bounce(@Parameters(paramLabel = "EMAIL", arity = "1..*") List<String> emails,
               @Option(names = "--subscribers", paramLabel = "LIST.csv", required = true, description = "The list.") Path list,
               @Option(names = "--dry-run", description = "Check and report; write nothing.") boolean dryRun) {
        SubscriberListEditor editor = new SubscriberListEditor(list);
        refuseMissing(list, editor.bounce(emails, true));
        return StatusChanges.print(spec.commandLine().getOut(), editor.bounce(emails, dryRun), dryRun);
    }

    @Command(name = "resubscribe", mixinStandardHelpOptions = true,
            description = {"Set the status of each EMAIL back to subscribed (after a bounce that was a mistake, or when they"
                    + " ask to come back). An unsubscribed address is refused unless --override-unsubscribe says they asked.",
                    "With --suppressed, each address is also taken out of that suppression file, which send honours."})
    int resubscribe(@Parameters(paramLabel = "EMAIL", arity = "1..*") List<String> emails,
                    @Option(names = "--subscribers", paramLabel = "LIST.csv", required = true, description = "The list.") Path list,
                    @Option(names = "--override-unsubscribe", description = "Also resubscribe addresses that unsubscribed:"
                            + " only when they asked to come back.") boolean override,
                    @Option(names = "--suppressed", paramLabel = "FILE", description = "The suppression file send appends hard"
                            + " bounces to (.tidings/suppressed.txt beside the digest); the addresses' lines are removed from it.")
                    Path suppressed,
                    @Option(names = "--dry-run", description = "Check and report; write nothing.") boolean dryRun) {
        if (suppressed != null) {
            Suppressions.entries(suppressed); // every input checked before anything is written
        }
        SubscriberListEditor editor = new SubscriberListEditor(list);
        ListEdit plan = editor.resubscribe(emails, override, true);
        refuseMissing(list, plan);
        if (!override) {
            StatusChanges.refuseUnsubscribed(list, plan);
        }
        int code = StatusChanges.print(spec.commandLine().getOut(), dryRun ? plan : editor.resubscribe(emails, override, false), dryRun);
        // After the list: should this fail, the same command run again finds them subscribed and finishes here.
        int removed = suppressed == null ? 0 : Suppressions.forget(suppressed, emails, dryRun);
        if (override) {
            StatusChanges.noteServesUnsubscribes(spec.commandLine().getErr(), list, plan);
        }
        if (suppressed != null) {
            spec.commandLine().getOut().println(suppressed + ": " + (dryRun ? "would remove " : "removed ") + removed
                    + (removed == 1 ? " line" : " lines") + " of " + (emails.size() == 1 ? "this address" : "these addresses"));
        }
        return code;
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = {"Apply the suppression file to the list: each address in it that the list has as subscribed becomes"
                    + " bounced (a hard bounce, as send records them) or unsubscribed (a line that says so).",
                    "Each change is reported with its line and reason, and what was left alone; running it again changes nothing."})
    int sync(@Option(names = "--subscribers", paramLabel = "LIST.csv", required = true, description = "The list.") Path list,
             @Option(names = "--suppressed", paramLabel = "FILE", required = true, description = "The suppression file: send's"
                     + " is .tidings/suppressed.txt beside the digest.") Path suppressed,
             @Option(names = "--dry-run", description = "Report what would change; write nothing.") boolean dryRun) {
        if (!Files.exists(suppressed) && Files.isDirectory(suppressed.toAbsolutePath().getParent())) {
            // Send makes the file at the first hard bounce; a sync from cron before that has nothing to do.
            new SubscriberListEditor(list).applySuppressions(Map.of(), true); // the list is still checked
            spec.commandLine().getOut().println(suppressed + ": no suppression file yet (send writes it at the first hard"
                    + " bounce); nothing to apply to " + list);
            return ExitStatus.OK.code();
        }
        return StatusChanges.printSync(spec.commandLine().getOut(), SuppressionSync.run(list, suppressed, dryRun), dryRun);
    }

    /** Every address must be on the list, on a row that can be edited; else nothing is written. */
    private static void refuseMissing(Path list, ListEdit plan) {
        for (ListOutcome outcome : plan.outcomes()) {
            if (outcome.result() == ListOutcome.Result.NOT_ON_LIST) {
                throw TidingsException.invalidInput(list + ": " + outcome.email() + " is not on the list (addresses are compared"
                        + " ignoring case); nothing was changed");
            }
            if (outcome.result() == ListOutcome.Result.INVALID_ROW) {
                throw TidingsException.invalidInput(list + ":" + outcome.lines().get(0) + ": the row of " + outcome.email()
                        + " has more values than the header has columns (a value with a comma needs double quotes); fix it first;"
                        + " nothing was changed");
            }
        }
    }

    private int done(ListEdit edit, String did, String wouldDo, boolean dryRun) {
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            out.println(edit.list() + ": " + wouldDo + "; dry run, nothing written");
        } else {
            out.println(edit.list() + ": " + did + (edit.written() ? "; previous version: " + edit.backup() : "; the list is unchanged"));
        }
        return ExitStatus.OK.code();
    }

    static String lines(ListOutcome outcome) {
        return (outcome.lines().size() == 1 ? "line " : "lines ")
                + outcome.lines().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
