package dev.tidings.mail.loop;

import dev.tidings.mail.DeliveryState;
import dev.tidings.mail.SendCounters;
import dev.tidings.mail.SendReport;
import dev.tidings.mail.StopReason;
import dev.tidings.mail.loop.ScriptedRelay.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The breakers that stop a send going nowhere, run in the send loop against a ledger in memory and
 * a scripted relay ({@link ScriptedLoop}): addresses refused by a relay that delivers nothing
 * ({@link AddressBreaker}), messages left unanswered in a row, and the message itself refused in a
 * row ({@link Outcomes}).
 */
class BreakersTest extends ScriptedLoop {
    @Test
    void addressesRefusedAcrossDomainsByARelayThatDeliveredNothingStopTheRunAndNoneIsMarkedFailed() {
        String[] emails = new String[AddressBreaker.LIMIT + 2];
        for (int i = 0; i < emails.length; i++) {
            emails[i] = "someone@domain" + i + ".example";
            relay.script(emails[i], Reply.NO_SUCH_USER);
        }
        SendReport result = run(inOrder(0), emails);
        assertEquals(StopReason.Kind.ADDRESSES_REFUSED, result.stop().kind());
        assertEquals(List.of(), ledger.emails(issueId, DeliveryState.FAILED));
        assertEquals(AddressBreaker.LIMIT, ledger.emails(issueId, DeliveryState.PENDING).size(),
                "the refused ones are given back for a run through a working relay");
        assertEquals(AddressBreaker.LIMIT, relay.messageIds().size(), "nothing after the breaker tripped was tried");
        for (String email : emails) {
            assertFalse(suppressions.contains(email), email + " must not be suppressed: the relay is at fault");
        }
    }

    @Test
    void addressesRefusedByARelayThatDeliversAreHardBouncesFailedAndSuppressed() {
        relay.script("gone@example.net", Reply.NO_SUCH_USER).script("left@example.com", Reply.NO_SUCH_USER);
        SendReport result = run(inOrder(0), "fine@example.org", "gone@example.net", "left@example.com");
        assertNull(result.stop());
        assertEquals(List.of("gone@example.net", "left@example.com"), ledger.emails(issueId, DeliveryState.FAILED));
        assertTrue(suppressions.contains("gone@example.net") && suppressions.contains("left@example.com"));
        assertEquals(new SendCounters(1, 2, 0, 0, 0), result.counts());
    }

    @Test
    void aFewAddressesRefusedByARelayThatDeliveredNothingAreGivenBackAtTheEndNotBounced() {
        // delivered through another relay: it says nothing of this one
        ledger.put(issueId, "elsewhere@example.org", DeliveryState.SENT, NOW.minus(Duration.ofDays(2)), "smtp://other.test:25");
        relay.script("gone@example.net", Reply.NO_SUCH_USER).script("left@example.net", Reply.NO_SUCH_USER);
        SendReport result = run(inOrder(0), "gone@example.net", "left@example.net");
        assertEquals(StopReason.Kind.ADDRESSES_REFUSED, result.stop().kind(), "nothing shows the relay delivers");
        assertEquals(List.of("gone@example.net", "left@example.net"), ledger.emails(issueId, DeliveryState.PENDING));
        assertFalse(suppressions.contains("gone@example.net") || suppressions.contains("left@example.net"));
        assertEquals(new SendCounters(0, 0, 2, 0, 0), result.counts());
    }

    @Test
    void anEarlierDeliveryOfTheIssueThroughThisRelayShowsItDeliversSoItsRefusalsAreBounces() {
        ledger.put(issueId, "earlier@example.org", DeliveryState.SENT, NOW.minus(Duration.ofDays(2)), relay.relay());
        relay.script("gone@example.net", Reply.NO_SUCH_USER);
        SendReport result = run(inOrder(0), "gone@example.net");
        assertNull(result.stop());
        assertEquals(List.of("gone@example.net"), ledger.emails(issueId, DeliveryState.FAILED));
        assertTrue(suppressions.contains("gone@example.net"));
    }

    @Test
    void messagesTheRelayLeavesUnansweredStopTheRunAtTheBreakersLimit() {
        String[] emails = readers(Outcomes.UnansweredBreaker.LIMIT + 3);
        for (String email : emails) {
            relay.script(email, Reply.NO_ANSWER);
        }
        SendReport result = run(inOrder(3), emails);
        assertEquals(StopReason.Kind.UNANSWERED, result.stop().kind());
        assertEquals(Outcomes.UnansweredBreaker.LIMIT, ledger.emails(issueId, DeliveryState.SENDING).size(),
                "uncertain, never retried (a retry could be a second copy)");
        assertEquals(Outcomes.UnansweredBreaker.LIMIT, relay.messageIds().size());
        assertEquals(0, result.counts().retries());
    }

    @Test
    void aDeliveryBetweenUnansweredMessagesStartsTheCountAgain() {
        String[] emails = readers(2 * Outcomes.UnansweredBreaker.LIMIT);
        for (int i = 0; i < emails.length; i++) {
            if (i != Outcomes.UnansweredBreaker.LIMIT - 1) {
                relay.script(emails[i], Reply.NO_ANSWER);
            }
        }
        SendReport result = run(inOrder(0), emails);
        assertEquals(StopReason.Kind.UNANSWERED, result.stop().kind());
        assertEquals(2 * Outcomes.UnansweredBreaker.LIMIT, relay.messageIds().size(), "the limit counts in a row");
    }

    @Test
    void theSameMessageRefusedTimeAfterTimeStopsTheRunAsAContentProblem() {
        String[] emails = readers(Outcomes.ContentBreaker.LIMIT + 2);
        for (String email : emails) {
            relay.script(email, Reply.CONTENT_REFUSED);
        }
        SendReport result = run(inOrder(0), emails);
        assertEquals(StopReason.Kind.CONTENT_REJECTED, result.stop().kind());
        assertEquals(Outcomes.ContentBreaker.LIMIT, ledger.emails(issueId, DeliveryState.FAILED).size());
    }
}
