package dev.tidings.cli;

import dev.tidings.Deadlines;
import dev.tidings.mail.smtp.FaultSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Relays that attack the client instead of serving it (issue 16, finding 1 and 5): replies that
 * never end, lines of a megabyte, replies trickled a byte at a time. Before the limits, the first
 * two filled the heap until both sending threads died and {@code send} printed "done" with exit 0;
 * the trickle kept {@code send} alive for ever, holding the ledger's lock. Now each is a dropped
 * connection, retried within {@code --retries}, and the run stops with exit 4 and says why.
 *
 * <p>Every wait is bounded by {@code assertTimeoutPreemptively} with a deadline many times what
 * the run needs, so that a regression fails instead of hanging the build.
 */
class SendHostileRelayIT {
    private static final Duration DEADLINE = Deadlines.seconds(180);
    /** --timeout: what a legitimate reply needs on a slow machine; the hostile ones never complete. */
    private static final String TIMEOUT = Deadlines.secondsOption(2);

    @TempDir
    Path dir;

    @Test
    void anEndlessGreetingIsDroppedAndTheRunStopsWithoutClaimingSuccess() {
        assertStopsOnHostileRelay(FaultSmtpServer.Hostile.ENDLESS_GREETING, "runs on past 200 lines");
    }

    @Test
    void anEndlessEhloReplyIsDroppedAndTheRunStopsWithoutClaimingSuccess() {
        assertStopsOnHostileRelay(FaultSmtpServer.Hostile.ENDLESS_EHLO, "runs on past 200 lines");
    }

    @Test
    void aGreetingLineOfAMegabyteIsDropped() {
        assertStopsOnHostileRelay(FaultSmtpServer.Hostile.HUGE_GREETING_LINE, "a line longer than 2048 octets");
    }

    @Test
    void aRelayThatTricklesOneByteAtATimeMeetsTheDeadlinePerReplyNotATimeoutPerRead() {
        // A byte every 200 ms: every read is answered long before --timeout, so a timeout per read
        // never fires; a deadline per reply does, --timeout after the connection.
        assertStopsOnHostileRelay(FaultSmtpServer.Hostile.TRICKLE, "no complete reply within " + TIMEOUT + " s");
    }

    @Test
    void aFinalReplyTrickledForEverLeavesThatRecipientUncertainAndTheRestAreSent() {
        String slow = SendFixture.address(3);
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
            @Override
            public String data(String address, int attempt, int connection) {
                return address.equals(slow) ? FaultSmtpServer.ACCEPT_THEN_TRICKLE : null;
            }
        }).start()) {
            SendFixture project = new SendFixture(dir);
            Path list = project.generatedList("list.csv", 6);
            CliRun run = assertTimeoutPreemptively(DEADLINE,
                    () -> project.send(list, "--smtp", server.url(), "--yes", "--timeout", TIMEOUT, "--connections", "1"));
            assertEquals(3, run.exitCode(), run.all()); // not done: the uncertain one needs the editor's decision
            assertEquals("sending", project.ledger().states(SendFixture.ISSUE).get(slow), "the relay may have it: uncertain, not resent");
            assertEquals(5, project.ledger().count(SendFixture.ISSUE, "sent"));
            assertEquals(1, server.acceptedFor(slow), "sent once, never twice");
            assertTrue(run.out().contains("--resend-uncertain"), run.out());
        }
    }

    @Test
    void aRelayThatNeverAnswersAMessageStopsTheRunInsteadOfLeavingEveryoneUncertain() {
        // Takes part of each message and then says nothing (a relay whose content filter hangs:
        // Postfix keeps no message whose client left before its 250). Each recipient is rightly
        // uncertain, but the run went on through the whole list, marked everyone uncertain, never to
        // be resent, and ended "done, except the uncertain recipients", exit 0, with 0 sent.
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
            @Override
            public String data(String address, int attempt, int connection) {
                return FaultSmtpServer.STALL;
            }
        }).start()) {
            SendFixture project = new SendFixture(dir);
            Path list = project.generatedList("list.csv", 12);
            CliRun run = assertTimeoutPreemptively(DEADLINE,
                    () -> project.send(list, "--smtp", server.url(), "--yes", "--timeout", TIMEOUT, "--connections", "1"));
            assertEquals(4, run.exitCode(), run.all());
            assertTrue(run.out().contains("stopped: the relay answered none of the last 3 messages in time"), run.out());
            assertFalse(run.out().contains("done"), run.out());
            assertEquals(3, project.ledger().count(SendFixture.ISSUE, "sending"), "only the three it stopped on are uncertain");
            assertEquals(0, project.ledger().count(SendFixture.ISSUE, "sent"));
        }
    }

    @Test
    void aRelayThatAnswersAheadAndThenReadsNothingCannotBlockAWriteForEver() {
        // The replies to a thousand pipelined transactions come at once, and then the relay reads
        // nothing: the message data fills the socket buffers and the next write blocks. Java has no
        // write timeout; the data of a pipelined batch went straight to the socket, around Angus's
        // WriteTimeoutSocket, so the send blocked for ever, holding the ledger's lock.
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
        }).hostile(FaultSmtpServer.Hostile.ANSWERS_AHEAD_THEN_READS_NOTHING).start()) {
            SendFixture project = new SendFixture(dir);
            Path list = project.generatedList("list.csv", 40);
            CliRun run = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", server.url(), "--yes",
                    "--timeout", TIMEOUT, "--connections", "1", "--retry-delay", "10"));
            assertEquals(0, run.exitCode(), run.all());
            assertTrue(server.connections() >= 2, "the stalled connection was dropped and another opened");
            assertEquals(0, project.ledger().count(SendFixture.ISSUE, "sending"),
                    "the message whose data could not be written is retried, not left uncertain");
            assertEquals(40, project.ledger().count(SendFixture.ISSUE, "sent"));
            assertTrue(server.acceptedCount() > 0 && server.acceptedCount() < 40,
                    "the first connection's replies were lies, the rest really accepted: " + server.acceptedCount());
        }
    }

    private void assertStopsOnHostileRelay(FaultSmtpServer.Hostile mode, String why) {
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
        }).hostile(mode).start()) {
            SendFixture project = new SendFixture(dir);
            Path list = project.generatedList("list.csv", 100);
            CliRun run = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", server.url(), "--yes",
                    "--timeout", TIMEOUT, "--retries", "1", "--retry-delay", "10", "--connections", "2"));
            assertEquals(4, run.exitCode(), run.all());
            assertTrue(run.out().contains("stopped: "), run.out());
            assertTrue(run.all().contains(why), run.all());
            assertFalse(run.out().contains("done"), "nothing was delivered: " + run.out());
            assertEquals(0, server.acceptedCount());
            assertEquals(0, project.ledger().count(SendFixture.ISSUE, "sent"));
            // The client hung up on every attempt (the first connection and its one retry), having read a bounded amount.
            assertEquals(2, server.connections(), "one login attempt per run: the first connection, retried once");
            assertTrue(server.hostileBytes() < 64L << 20, "read " + server.hostileBytes() + " bytes");
            assertEquals("", run.err().lines().filter(line -> line.contains("\tat ")).findAny().orElse(""), "no stack trace");
        }
    }
}
