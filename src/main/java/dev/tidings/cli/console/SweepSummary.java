package dev.tidings.cli.console;

import dev.tidings.subscribers.ListEdit;
import dev.tidings.inbox.ImapMailbox;
import dev.tidings.inbox.SweepEntry;
import dev.tidings.inbox.SweepReport;

import java.io.PrintWriter;
import java.util.Locale;

/** Prints what {@code tidings unsubscribes} found and did: a line per address on stdout, then the totals and what to do next. */
public final class SweepSummary {
    private final PrintWriter out;
    private final PrintWriter err;

    public SweepSummary(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    public void print(SweepReport report, boolean secretSet) {
        if (!report.keywords()) {
            err.println("warning: " + report.mailbox() + " cannot store the keyword " + ImapMailbox.PROCESSED
                    + "; processed mails are marked \\Seen only, so a mail someone reads before tidings does is skipped");
        }
        out.println((report.dryRun() ? "dry run: " : "") + report.mailbox() + ": " + plural(report.mails(), "new mail"));
        for (SweepEntry entry : report.entries()) {
            out.printf(Locale.ROOT, "  %-13s %-32s %s (mail %d%s)%n", label(entry.action()), entry.address() == null ? "-" : entry.address(),
                    entry.reason(), entry.uid(), entry.from() == null || entry.from().equalsIgnoreCase(entry.address()) ? ""
                            : ", from " + entry.from());
        }
        if (report.untouched() > 0) {
            out.println("left alone: " + plural(report.untouched(), "mail") + " neither an unsubscribe request nor a delivery report (unread, unmarked)");
        }
        out.println(totals(report));
        if (report.count(SweepEntry.Action.LEFT) > 0 && !secretSet) {
            out.println("hint: set TIDINGS_SECRET (the secret the issues were sent with) to check the tokens of the mails left for later");
        }
        if (report.awaitingLedger() > 0) {
            out.println("hint: give --ledger (send keeps it at .tidings/ledger.db beside the digest) to tie the bounces left for later"
                    + " to the messages tidings sent");
        }
        if (report.count(SweepEntry.Action.FOR_EDITOR) > 0) {
            out.println("hint: the mails for the editor are unread in " + report.mailbox() + "; if one is genuine, apply it yourself"
                    + " (tidings subscribers unsubscribe EMAIL --subscribers LIST.csv, or tidings subscribers bounce EMAIL --subscribers LIST.csv)");
        }
        out.println(outcome(report));
    }

    private static String totals(SweepReport report) {
        return report.count(SweepEntry.Action.UNSUBSCRIBED) + " unsubscribed, " + report.count(SweepEntry.Action.BOUNCED) + " bounced, "
                + report.count(SweepEntry.Action.UNCHANGED) + " already so, " + report.count(SweepEntry.Action.IGNORED) + " ignored, "
                + report.count(SweepEntry.Action.FOR_EDITOR) + " for the editor, " + report.count(SweepEntry.Action.LEFT) + " left for a later run";
    }

    private static String outcome(SweepReport report) {
        ListEdit edit = report.edit();
        if (edit == null) {
            return "no --subscribers: no list changed, no mail marked; give --subscribers LIST.csv to apply";
        }
        if (report.dryRun()) {
            return "dry run: " + edit.list() + " not changed, no mail marked; run without --dry-run to apply";
        }
        String list = edit.written() ? edit.list() + " updated (previous version: " + edit.backup() + ")" : edit.list() + " unchanged";
        String marked = report.flagged() == 0 ? "no mail marked"
                : plural(report.flagged(), "mail") + " marked processed (\\Seen" + (report.keywords() ? " and " + ImapMailbox.PROCESSED : "") + ")";
        String kept = report.kept() == 0 ? "" : ", " + report.kept() + " kept unread for the editor (" + ImapMailbox.PROCESSED + " only)";
        String unkept = report.keywords() || report.count(SweepEntry.Action.FOR_EDITOR) == 0 ? ""
                : "; the mails for the editor stay unmarked, so each run reports them again";
        return list + "; " + marked + kept + unkept;
    }

    private static String label(SweepEntry.Action action) {
        return switch (action) {
            case UNSUBSCRIBED -> "unsubscribed";
            case BOUNCED -> "bounced";
            case UNCHANGED -> "unchanged";
            case IGNORED -> "ignored";
            case FOR_EDITOR -> "for editor";
            case LEFT -> "left";
        };
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
