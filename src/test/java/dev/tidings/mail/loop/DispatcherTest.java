package dev.tidings.mail.loop;

import dev.tidings.mail.DeliveryState;
import dev.tidings.mail.SendCounters;
import dev.tidings.mail.SendOptions;
import dev.tidings.mail.SendProgress;
import dev.tidings.mail.SendReport;
import dev.tidings.mail.SmtpFailure;
import dev.tidings.mail.StopReason;
import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.mail.loop.ScriptedRelay.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The send loop ({@link Dispatcher} and its workers) against a ledger in memory and a scripted
 * relay ({@link ScriptedLoop}), in milliseconds: the order that makes a send exactly-once (SENDING
 * before the message goes out, SENT only after its 250), retries and back-off, connecting and
 * logging in, the daily quota, and a ledger that fails mid-run. The breakers are in
 * {@link BreakersTest}, the delays of the back-off in {@link BackoffTest}; the same loop against
 * real servers and a real ledger file is in the {@code Send*Test} classes of {@code cli}.
 */
class DispatcherTest extends ScriptedLoop {
    @Test
    void eachRecipientIsSendingInTheLedgerBeforeItsMessageGoesOutAndSentOnlyAfterThe250() {
        String[] emails = readers(4);
        SendReport result = run(SendOptions.defaults().withConnections(2).withRetries(0, Duration.ZERO), emails);
        assertNull(result.stop());
        assertEquals(4, result.counts().sent());
        for (String email : emails) {
            assertEquals(List.of("sending " + email, "wire (ledger: SENDING) " + email, "sent " + email), events.of(email));
        }
    }

    @Test
    void noRefusalOrFailureOnTheWireIsEverRecordedAsSent() {
        relay.script("later@example.org", Reply.TEMPORARY)
                .script("refused@example.org", Reply.CONTENT_REFUSED)
                .script("dropped@example.org", Reply.DROPPED)
                .script("unanswered@example.org", Reply.NO_ANSWER);
        SendReport result = run(inOrder(0), "later@example.org", "refused@example.org", "dropped@example.org",
                "unanswered@example.org", "fine@example.org");
        assertEquals(List.of("fine@example.org"), ledger.emails(issueId, DeliveryState.SENT));
        assertEquals(List.of("later@example.org", "dropped@example.org"), ledger.emails(issueId, DeliveryState.PENDING));
        assertEquals(List.of("refused@example.org"), ledger.emails(issueId, DeliveryState.FAILED));
        assertEquals(List.of("unanswered@example.org"), ledger.emails(issueId, DeliveryState.SENDING),
                "no reply after the whole message: uncertain, not sent, not retried");
        assertEquals(new SendCounters(1, 1, 2, 1, 0), result.counts());
        assertNull(result.stop());
    }

    @Test
    void aTemporaryFailureIsRetriedInTheSameRunWithTheSameMessageUntilItsRetriesAreSpent() {
        relay.script("twice@example.org", Reply.TEMPORARY, Reply.DROPPED)
                .script("never@example.org", Reply.TEMPORARY, Reply.TEMPORARY, Reply.TEMPORARY, Reply.TEMPORARY);
        SendReport result = run(inOrder(2), "twice@example.org", "never@example.org");
        assertEquals(List.of("twice@example.org"), ledger.emails(issueId, DeliveryState.SENT), "the third attempt got its 250");
        assertEquals(List.of("never@example.org"), ledger.emails(issueId, DeliveryState.PENDING),
                "three attempts (one and two retries), then left for the next run");
        assertEquals(6, relay.messageIds().size());
        assertEquals(2, relay.messageIds().stream().distinct().count(), "a retry resends the same message, Message-ID and all");
        assertEquals(new SendCounters(1, 0, 1, 0, 4), result.counts());
        assertEquals(2, relay.opened(), "the dropped connection was opened again");
        assertNull(result.stop(), "temporary failures leave recipients for the next run; they do not stop this one");
    }

    @Test
    void aRetryWaitsOutItsBackOffWhileTheOthersAreSent() {
        // A back-off of half an hour or more: the run is stopped (by the unanswered breaker) long
        // before it is due, so nothing here waits for it, and the retry must not have gone out.
        relay.script("later@example.org", Reply.TEMPORARY);
        String[] unanswered = readers(Outcomes.UnansweredBreaker.LIMIT);
        for (String email : unanswered) {
            relay.script(email, Reply.NO_ANSWER);
        }
        List<String> emails = new ArrayList<>(List.of("later@example.org"));
        emails.addAll(List.of(unanswered));
        SendReport result = run(SendOptions.defaults().withConnections(1).withRetries(1, Duration.ofHours(1)),
                emails.toArray(String[]::new));
        assertEquals(StopReason.Kind.UNANSWERED, result.stop().kind());
        assertEquals(List.of("wire (ledger: SENDING) later@example.org"),
                events.of("later@example.org").stream().filter(event -> event.startsWith("wire")).toList(),
                "its one retry was not due yet");
        assertEquals(DeliveryState.PENDING, ledger.stateOf(issueId, "later@example.org"));
        assertEquals(1, result.counts().retries());
    }

    @Test
    void theDailyQuotaCountsWhatTheLedgerSentInTheLast24HoursAcrossIssues() {
        for (int i = 0; i < 3; i++) {
            ledger.put("an-earlier-issue", "earlier" + i + "@example.org", DeliveryState.SENT, NOW.minus(Duration.ofHours(23)), null);
        }
        ledger.put("an-earlier-issue", "yesterday@example.org", DeliveryState.SENT, NOW.minus(Duration.ofHours(25)), null);
        String[] emails = readers(4);
        SendReport result = run(SendOptions.defaults().withConnections(1).withRetries(0, Duration.ZERO).withDailyLimit(5), emails);
        assertEquals(StopReason.Kind.DAILY_LIMIT, result.stop().kind());
        assertEquals(List.of(emails[0], emails[1]), ledger.emails(issueId, DeliveryState.SENT),
                "5 per 24 hours, 3 of them spent 23 hours ago (not the one 25 hours ago)");
        assertNull(ledger.stateOf(issueId, emails[2]), "refused by the quota: not claimed, so not uncertain");
        assertEquals(2, relay.messageIds().size());
    }

    @Test
    void aLedgerThatFailsToClaimStopsTheRunAndLosesNothingAlreadyRecorded() {
        ledger.failFrom("claim", 3);
        String[] emails = readers(5);
        SendReport result = run(inOrder(0), emails);
        assertEquals(StopReason.Kind.LEDGER, result.stop().kind());
        assertEquals(2, relay.messageIds().size(), "nothing goes out without its claim");
        assertEquals(DeliveryState.SENT, ledger.stateOf(issueId, emails[0]));
        // The second 250 is written on its own when the worker found the queue empty for a moment,
        // else with the claim that failed: then it is uncertain (never sent twice by default), not lost.
        DeliveryState second = ledger.stateOf(issueId, emails[1]);
        assertTrue(second == DeliveryState.SENT || second == DeliveryState.SENDING, String.valueOf(second));
        for (int i = 2; i < emails.length; i++) {
            assertNull(ledger.stateOf(issueId, emails[i]));
        }
    }

    @Test
    void aLedgerThatFailsToRecordADeliveryStopsTheRunThereWithItUncertain() {
        ledger.failFrom("markSent", 1);
        String[] emails = readers(5);
        SendReport result = run(inOrder(0), emails);
        assertEquals(StopReason.Kind.LEDGER, result.stop().kind());
        // A 250 is written on its own only when the worker waits for work (else with the next claim),
        // so where the write failed depends on the list's pace; it is always the last message out.
        int out = relay.messageIds().size();
        for (int i = 0; i < emails.length; i++) {
            DeliveryState expected = i < out - 1 ? DeliveryState.SENT : i == out - 1 ? DeliveryState.SENDING : null;
            assertEquals(expected, ledger.stateOf(issueId, emails[i]), emails[i] + " of " + out + " out");
        }
    }

    @Test
    void aLedgerThatFailsToRecordARefusalStopsTheRun() {
        ledger.failFrom("markFailed", 1);
        relay.script("refused@example.org", Reply.CONTENT_REFUSED);
        SendReport result = run(inOrder(0), "fine@example.org", "refused@example.org", "next@example.org");
        assertEquals(StopReason.Kind.LEDGER, result.stop().kind());
        assertEquals(List.of("fine@example.org"), ledger.emails(issueId, DeliveryState.SENT));
        assertEquals(List.of("refused@example.org"), ledger.emails(issueId, DeliveryState.SENDING));
        assertEquals(2, relay.messageIds().size());
    }

    @Test
    void aRefusedLoginIsTriedOncePerRunNotOncePerConnectionOrRetry() {
        relay.failOpening(new SmtpFailure(SmtpFailure.Kind.AUTHENTICATION, 535, "535 5.7.8 authentication failed", null));
        SendReport result = run(SendOptions.defaults().withConnections(4).withRetries(3, Duration.ZERO), readers(10));
        assertEquals(StopReason.Kind.AUTHENTICATION, result.stop().kind());
        assertEquals(1, relay.opened(), "retrying a 535 only gets the account locked");
        assertEquals(List.of(), events.all(), "nothing claimed, nothing sent");
    }

    @Test
    void aRelayThatCannotBeReachedIsTriedAgainUpToTheRetriesThenTheRunStops() {
        SmtpFailure refused = new SmtpFailure(SmtpFailure.Kind.CONNECTION, 0, "connection refused (scripted)", null);
        relay.failOpening(refused, refused, refused, refused);
        SendReport result = run(inOrder(2), readers(3));
        assertEquals(StopReason.Kind.UNREACHABLE, result.stop().kind());
        assertEquals(3, relay.opened());
        assertEquals(List.of(), events.all());
    }

    @Test
    void aRelayReachedOnTheLastRetryGetsTheWholeList() {
        SmtpFailure refused = new SmtpFailure(SmtpFailure.Kind.CONNECTION, 0, "connection refused (scripted)", null);
        relay.failOpening(refused, refused);
        SendReport result = run(inOrder(2), readers(3));
        assertNull(result.stop());
        assertEquals(3, ledger.emails(issueId, DeliveryState.SENT).size());
    }

    @Test
    void aProofIsSentWithoutALedger() {
        List<String> proofs = List.of("editor@example.org");
        SendReport result = assertTimeoutPreemptively(DEADLINE, () -> Proof.send(issue, new MessageBuilder(clock), relay, proofs,
                inOrder(0), SendProgress.NONE));
        assertEquals(1, result.counts().sent());
        assertEquals(List.of("wire (ledger: null) editor@example.org"), events.all());
    }
}
