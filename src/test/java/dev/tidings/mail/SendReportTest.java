package dev.tidings.mail;

import dev.tidings.ExitStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SendReport#status()}: the one place an outcome of send or status becomes an exit code. */
class SendReportTest {
    private static final SendCounters THREE_SENT = new SendCounters(3, 0, 0, 0, 0);

    private static Survey survey(long rows, Map<Survey.Decision, Long> decisions) {
        return new Survey(rows, decisions, decisions.getOrDefault(Survey.Decision.INVALID, 0L), List.of(), 0, List.of());
    }

    private static SendReport send(Survey survey, SendCounters counts, StopReason stop, Map<DeliveryState, Long> ledger, long unsent) {
        return new SendReport(SendReport.Kind.SEND, survey, counts, stop, 0, false, ledger, List.of(), List.of(), unsent,
                "smtp://relay.test:25", Map.of(), null);
    }

    @Test
    void aSendIsDoneOnlyWhenTheLedgerSaysEveryoneHasIt() {
        Survey three = survey(3, Map.of(Survey.Decision.SEND, 3L));
        assertEquals(ExitStatus.OK, send(three, THREE_SENT, null, Map.of(DeliveryState.SENT, 3L), 0).status());
        assertEquals(ExitStatus.TEMPORARY_FAILURE, send(three, THREE_SENT, null, Map.of(DeliveryState.SENT, 3L), 1).status(),
                "a planned recipient without an outcome");
        assertEquals(ExitStatus.TEMPORARY_FAILURE, send(three, new SendCounters(2, 0, 1, 0, 0), null,
                Map.of(DeliveryState.SENT, 2L, DeliveryState.PENDING, 1L), 0).status(), "one deferred");
        assertEquals(ExitStatus.TEMPORARY_FAILURE, send(three, new SendCounters(0, 0, 0, 0, 0),
                new StopReason(StopReason.Kind.UNREACHABLE, "refused"), Map.of(), 0).status(), "stopped");
        assertEquals(ExitStatus.PERMANENT_FAILURES, send(three, new SendCounters(2, 1, 0, 0, 0), null,
                Map.of(DeliveryState.SENT, 2L, DeliveryState.FAILED, 1L), 0).status(), "one failed permanently");
        assertEquals(ExitStatus.PERMANENT_FAILURES, send(three, THREE_SENT, null,
                Map.of(DeliveryState.SENT, 2L, DeliveryState.SENDING, 1L), 0).status(), "one uncertain from an earlier run");
    }

    @Test
    void aSendThatCouldReachNobodyIsNotDoneButAShardWithNothingOfItsOwnIs() {
        SendReport allUnsubscribed = send(survey(2, Map.of(Survey.Decision.UNSUBSCRIBED, 2L)),
                new SendCounters(0, 0, 0, 0, 0), null, Map.of(), 0);
        assertTrue(allUnsubscribed.nobodyReached());
        assertEquals(ExitStatus.PERMANENT_FAILURES, allUnsubscribed.status());
        SendReport otherShards = send(survey(2, Map.of(Survey.Decision.OTHER_SHARD, 2L)),
                new SendCounters(0, 0, 0, 0, 0), null, Map.of(), 0);
        assertFalse(otherShards.nobodyReached());
        assertEquals(ExitStatus.OK, otherShards.status());
    }

    @Test
    void aProofHasNoLedgerItsOwnCountsDecide() {
        assertEquals(ExitStatus.OK, SendReport.proof(new SendCounters(2, 0, 0, 0, 0), null).status());
        assertEquals(ExitStatus.PERMANENT_FAILURES, SendReport.proof(new SendCounters(1, 1, 0, 0, 0), null).status());
        assertEquals(ExitStatus.TEMPORARY_FAILURE, SendReport.proof(new SendCounters(1, 1, 1, 0, 0), null).status());
        assertEquals(ExitStatus.TEMPORARY_FAILURE, SendReport.nothing(new StopReason(StopReason.Kind.AUTHENTICATION, "535")).status());
    }

    @Test
    void aDryRunFailsOnlyForAListARealSendWouldRefuse() {
        Survey withInvalid = survey(3, Map.of(Survey.Decision.SEND, 2L, Survey.Decision.INVALID, 1L));
        assertEquals(ExitStatus.INVALID_INPUT, SendReport.dryRun(withInvalid, 2, 4000, true).status());
        assertEquals(ExitStatus.OK, SendReport.dryRun(withInvalid, 2, 4000, false).status(), "--skip-invalid");
    }

    @Test
    void statusAndADeclinedSendSucceedWhateverTheLedgerHolds() {
        Map<DeliveryState, Long> failed = Map.of(DeliveryState.FAILED, 2L, DeliveryState.SENDING, 1L);
        assertEquals(ExitStatus.OK, SendReport.status(failed, List.of(), List.of(), Map.of()).status());
        assertEquals(ExitStatus.OK, SendReport.declined(survey(3, Map.of(Survey.Decision.SEND, 3L))).status());
    }

    /** Issue 20: a re-run of a finished issue exits 3 only for failures the list still has as subscribed. */
    @Test
    void aPermanentFailureTheListNoLongerHasAsSubscribedIsDealtWith() {
        Survey three = survey(3, Map.of(Survey.Decision.ALREADY_SENT, 2L, Survey.Decision.BOUNCED, 1L));
        Map<DeliveryState, Long> ledger = Map.of(DeliveryState.SENT, 2L, DeliveryState.FAILED, 1L);
        SendReport stillSubscribed = new SendReport(SendReport.Kind.SEND, three, new SendCounters(0, 0, 0, 0, 0), null, 0, false,
                ledger, List.of(), List.of(), 0, "smtp://relay.test:25", Map.of(), null, 1);
        assertEquals(ExitStatus.PERMANENT_FAILURES, stillSubscribed.status());
        SendReport dealtWith = new SendReport(SendReport.Kind.SEND, three, new SendCounters(0, 0, 0, 0, 0), null, 0, false,
                ledger, List.of(), List.of(), 0, "smtp://relay.test:25", Map.of(), null, 0);
        assertEquals(ExitStatus.OK, dealtWith.status());
        SendReport uncertainToo = new SendReport(SendReport.Kind.SEND, three, new SendCounters(0, 0, 0, 0, 0), null, 0, false,
                Map.of(DeliveryState.SENT, 1L, DeliveryState.FAILED, 1L, DeliveryState.SENDING, 1L), List.of(), List.of(), 0,
                "smtp://relay.test:25", Map.of(), null, 0);
        assertEquals(ExitStatus.PERMANENT_FAILURES, uncertainToo.status(), "an uncertain one is still the editor's to decide");
    }
}
