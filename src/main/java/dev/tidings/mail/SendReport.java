package dev.tidings.mail;

import dev.tidings.ExitStatus;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a send as the ledger records it after the run, which is what the exit code
 * reflects: a re-run with nothing left to send still reports (and exits 3 for) earlier permanent
 * failures, until they are dealt with.
 *
 * @param survey       the list as this run saw it, or null for {@code tidings status}
 * @param result       what this run did, or null for {@code tidings status}
 * @param ledgerCounts this recipients per state, all runs together
 * @param failures     the permanently failed recipients with their SMTP replies (the first ones)
 * @param uncertain    recipients a crash left in SENDING (the first ones)
 */
public record SendReport(Survey survey, SendResult result, Map<DeliveryState, Long> ledgerCounts,
                         List<Ledger.Delivery> failures, List<Ledger.Delivery> uncertain) {
    public SendReport {
        ledgerCounts = Map.copyOf(ledgerCounts);
        failures = List.copyOf(failures);
        uncertain = List.copyOf(uncertain);
    }

    public long inState(DeliveryState state) {
        return ledgerCounts.getOrDefault(state, 0L);
    }

    /**
     * 4 when work remains for a later run, else 3 when recipients failed permanently, else 0.
     * A report of the ledger alone ({@code tidings status}) has no run, so only the failures count.
     */
    public ExitStatus status() {
        if (result != null && (result.stop() != null || result.counters().deferred() > 0)) {
            return ExitStatus.TEMPORARY_FAILURE;
        }
        if (inState(DeliveryState.FAILED) > 0) {
            return ExitStatus.PERMANENT_FAILURES;
        }
        return ExitStatus.OK;
    }
}
