package dev.tidings.inbox;

import dev.tidings.subscribers.ListEdit;

import java.util.List;

/**
 * What {@link MailboxSweep} found in the mailbox and did.
 *
 * @param mailbox   the mailbox, as the user named it
 * @param mails     how many unprocessed mails it held
 * @param entries   what each request and each reported recipient came to, in the order of the mails
 * @param untouched mails that are neither unsubscribe requests nor delivery reports: left as they were
 * @param flagged   mails marked processed in this run
 * @param kept      mails left unread for the editor, marked with the processed keyword only
 * @param awaitingLedger hard bounces left for a run with the send ledger (none was given)
 * @param keywords  whether the server keeps the processed keyword (else \Seen alone marks them)
 * @param edit      what happened to the list, or null when no list was given
 * @param dryRun    whether this was a dry run (nothing changed, nothing flagged)
 */
public record SweepReport(String mailbox, int mails, List<SweepEntry> entries, int untouched, int flagged, int kept, int awaitingLedger,
                          boolean keywords,
                          ListEdit edit, boolean dryRun) {
    public SweepReport {
        entries = List.copyOf(entries);
    }

    public long count(SweepEntry.Action action) {
        return entries.stream().filter(e -> e.action() == action).count();
    }
}
