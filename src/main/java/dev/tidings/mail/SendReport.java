package dev.tidings.mail;

import dev.tidings.ExitStatus;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of {@code send} in each of its forms, and of {@code status}: what was planned, what
 * this run did, and what the ledger records afterwards. {@link #status()} is the one place that
 * turns it into an exit code. For a send that is the ledger's word, not the run's: a re-run with
 * nothing left to send still reports (and exits 3 for) earlier permanent failures, until they are
 * dealt with, i.e. until the list no longer has them as subscribed (marked bounced or unsubscribed,
 * or removed: {@code tidings subscribers sync} does it for the hard bounces).
 *
 * @param kind         which outcome this is; the parts another kind has not are empty (null, 0)
 * @param survey       the list as this run saw it (a send, a dry run, a declined send), else null
 * @param counts       what this run did (a send, a proof; a dry run's messages count as sent), else null
 * @param stop         why the run stopped early, or null when every recipient reached an outcome
 * @param bytes        a dry run's messages, in bytes, all together
 * @param listRefused  a dry run's list has invalid rows and --skip-invalid was not given: a real send refuses it
 * @param ledgerCounts this recipients per state, all runs together
 * @param failures     the permanently failed recipients with their SMTP replies (the first ones)
 * @param uncertain    recipients a crash left in SENDING (the first ones)
 * @param unsent       recipients of the plan that the ledger shows with no outcome after the run
 * @param relay        the relay of this run (scheme://host:port), or null
 * @param sentThrough  how many of the recipients each relay took, all runs together
 * @param rehearsal    the mail catcher this send went to (a throwaway ledger), or null for a real send
 * @param failedOnList the permanently failed recipients that the list still has as subscribed: those the editor
 *                     has yet to deal with (the others were marked bounced or unsubscribed, or removed)
 */
public record SendReport(Kind kind, Survey survey, SendCounters counts, StopReason stop, long bytes, boolean listRefused,
                         Map<DeliveryState, Long> ledgerCounts, List<Ledger.Delivery> failures, List<Ledger.Delivery> uncertain,
                         long unsent, String relay, Map<String, Long> sentThrough, String rehearsal, long failedOnList) {
    public enum Kind {
        /** Through the relay, recorded in the ledger (or in a rehearsal's throwaway one). */
        SEND,
        /** The editor said no at the prompt: nothing was sent, as asked. */
        DECLINED,
        /** --dry-run: every message rendered and built, nothing sent. */
        DRY_RUN,
        /** --test-to: sent, not recorded as deliveries. */
        PROOF,
        /** {@code tidings status}: the ledger alone, no run. */
        STATUS
    }

    private static final SendCounters NONE = new SendCounters(0, 0, 0, 0, 0);

    /** A report whose every permanent failure is still the editor's to deal with (none was looked up in the list). */
    public SendReport(Kind kind, Survey survey, SendCounters counts, StopReason stop, long bytes, boolean listRefused,
                      Map<DeliveryState, Long> ledgerCounts, List<Ledger.Delivery> failures, List<Ledger.Delivery> uncertain,
                      long unsent, String relay, Map<String, Long> sentThrough, String rehearsal) {
        this(kind, survey, counts, stop, bytes, listRefused, ledgerCounts, failures, uncertain, unsent, relay, sentThrough, rehearsal,
                ledgerCounts.getOrDefault(DeliveryState.FAILED, 0L));
    }

    public SendReport {
        ledgerCounts = Map.copyOf(ledgerCounts);
        failures = List.copyOf(failures);
        uncertain = List.copyOf(uncertain);
        sentThrough = Map.copyOf(sentThrough);
    }

    /** What the send loop alone knows: a proof's whole outcome, and what a send's report starts from. */
    public static SendReport proof(SendCounters counts, StopReason stop) {
        return new SendReport(Kind.PROOF, null, counts, stop, 0, false, Map.of(), List.of(), List.of(), 0, null, Map.of(), null);
    }

    /** A run that sent nothing: there was nothing to send, or it stopped before the first message. */
    public static SendReport nothing(StopReason stop) {
        return proof(NONE, stop);
    }

    public static SendReport declined(Survey survey) {
        return new SendReport(Kind.DECLINED, survey, null, null, 0, false, Map.of(), List.of(), List.of(), 0, null, Map.of(), null);
    }

    public static SendReport dryRun(Survey survey, long messages, long bytes, boolean listRefused) {
        return new SendReport(Kind.DRY_RUN, survey, new SendCounters(messages, 0, 0, 0, 0), null, bytes, listRefused, Map.of(),
                List.of(), List.of(), 0, null, Map.of(), null);
    }

    public static SendReport status(Map<DeliveryState, Long> ledgerCounts, List<Ledger.Delivery> failures, List<Ledger.Delivery> uncertain,
                             Map<String, Long> sentThrough) {
        return new SendReport(Kind.STATUS, null, null, null, 0, false, ledgerCounts, failures, uncertain, 0, null, sentThrough, null);
    }

    public long inState(DeliveryState state) {
        return ledgerCounts.getOrDefault(state, 0L);
    }

    /**
     * The exit code. For a send: 4 when work remains for a later run (the run stopped, left
     * recipients pending, or the ledger shows planned recipients without an outcome); else 3 when
     * recipients failed permanently and the list still has them as subscribed, or are uncertain
     * (the ledger cannot say they have the issue, and running again will not send to them unless
     * told to: the editor must decide; a failure the list already marks bounced or unsubscribed,
     * or no longer has, was decided, and a re-run of a finished issue then exits 0), or when
     * nobody could receive the issue at all; else 0, which the ledger proves. A proof has no
     * ledger: its own counts decide the same way. A dry run fails (1) only for a list a real send
     * would refuse. {@code status} reports what the ledger holds and succeeds (0) whatever it is;
     * so does a send the editor declined.
     */
    public ExitStatus status() {
        return switch (kind) {
            case SEND -> runStatus(unsent > 0, failedOnList > 0 || inState(DeliveryState.SENDING) > 0
                    || nobodyReached());
            case PROOF -> runStatus(false, counts.failed() > 0);
            case DRY_RUN -> listRefused ? ExitStatus.INVALID_INPUT : ExitStatus.OK;
            case DECLINED, STATUS -> ExitStatus.OK;
        };
    }

    private ExitStatus runStatus(boolean workLeft, boolean editorMustDecide) {
        if (stop != null || counts.deferred() > 0 || workLeft) {
            return ExitStatus.TEMPORARY_FAILURE;
        }
        return editorMustDecide ? ExitStatus.PERMANENT_FAILURES : ExitStatus.OK;
    }

    /**
     * Nobody has the issue and nobody could be sent it: every row of the list is unsubscribed,
     * bounced, suppressed or invalid (a relay that refused every address once put the whole list in
     * the suppression file). Not "done", though nothing failed in this run. A shard whose rows all
     * belong to other shards has simply nothing to do.
     */
    public boolean nobodyReached() {
        if (kind != Kind.SEND || survey == null || survey.toSend() > 0) {
            return false;
        }
        boolean someoneInThisShard = survey.rows() == 0 || survey.count(Survey.Decision.OTHER_SHARD) < survey.rows();
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
