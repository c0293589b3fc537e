package dev.tidings.mail;

import dev.tidings.ExitStatus;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a send as the ledger records it after the run, which is what the exit code
 * reflects: a re-run with nothing left to send still reports (and exits 3 for) earlier permanent
 * failures, until they are dealt with. {@link #status()} is the one place that decides it.
 *
 * @param survey       the list as this run saw it, or null for {@code tidings status}
 * @param result       what this run did, or null for {@code tidings status}
 * @param ledgerCounts this recipients per state, all runs together
 * @param failures     the permanently failed recipients with their SMTP replies (the first ones)
 * @param uncertain    recipients a crash left in SENDING (the first ones)
 * @param unsent       recipients of the plan that the ledger shows with no outcome after the run
 * @param relay        the relay of this run (scheme://host:port), or null for {@code tidings status}
 * @param sentThrough  how many of the recipients each relay took, all runs together
 * @param rehearsal    the mail catcher this run went to (a throwaway ledger), or null for a real send
 */
public record SendReport(Survey survey, SendResult result, Map<DeliveryState, Long> ledgerCounts,
                         List<Ledger.Delivery> failures, List<Ledger.Delivery> uncertain, long unsent, String relay,
                         Map<String, Long> sentThrough, String rehearsal) {
    public SendReport {
        ledgerCounts = Map.copyOf(ledgerCounts);
        failures = List.copyOf(failures);
        uncertain = List.copyOf(uncertain);
        sentThrough = Map.copyOf(sentThrough);
    }

    public long inState(DeliveryState state) {
        return ledgerCounts.getOrDefault(state, 0L);
    }

    /**
     * 4 when work remains for a later run (the run stopped, left recipients pending, or the
     * ledger shows planned recipients without an outcome); else 3 when recipients failed
     * permanently or are uncertain (the ledger cannot say they have the issue, and running again
     * will not send to them unless told to: the editor must decide), or when nobody could receive
     * the issue at all; else 0, which the ledger proves. A report of the ledger alone
     * ({@code tidings status}) has no run, so only the failures count.
     */
    public ExitStatus status() {
        if (result != null && (result.stop() != null || result.counters().deferred() > 0 || unsent > 0)) {
            return ExitStatus.TEMPORARY_FAILURE;
        }
        if (inState(DeliveryState.FAILED) > 0 || inState(DeliveryState.SENDING) > 0 || nobodyReached()) {
            return ExitStatus.PERMANENT_FAILURES;
        }
        return ExitStatus.OK;
    }

    /**
     * Nobody has the issue and nobody could be sent it: every row of the list is unsubscribed,
     * bounced, suppressed or invalid (a relay that refused every address once put the whole list in
     * the suppression file). Not "done", though nothing failed in this run. A shard whose rows all
     * belong to other shards has simply nothing to do.
     */
    public boolean nobodyReached() {
        if (result == null || survey == null || survey.toSend() > 0) {
            return false;
        }
        boolean someoneInThisShard = survey.rows() == 0 || survey.count(RecipientPlanner.Decision.OTHER_SHARD) < survey.rows();
        return someoneInThisShard && inState(DeliveryState.SENT) == 0 && inState(DeliveryState.SENDING) == 0;
    }

    /** Relays other than this run's that took some of the recipients (a rehearsal recorded as real, a changed relay). */
    public Map<String, Long> otherRelays() {
        Map<String, Long> others = new TreeMap<>(sentThrough);
        if (relay != null) {
            others.remove(relay);
        }
        return others;
    }
}
