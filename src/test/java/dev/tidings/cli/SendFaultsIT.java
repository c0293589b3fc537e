package dev.tidings.cli;

import dev.tidings.render.ThemeExport;
import dev.tidings.Deadlines;
import dev.tidings.mail.smtp.FaultSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static dev.tidings.cli.SendFixture.ISSUE;
import static dev.tidings.cli.SendFixture.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidings send} against a relay that misbehaves on cue ({@link FaultSmtpServer}): 4xx,
 * hard bounces, 5xx after DATA, 421 greetings, connections dropped or stalled mid-DATA. In every
 * case the ledger must say what the server really did: SENT for exactly the messages it accepted,
 * FAILED for exactly those it refused, and nobody accepted twice.
 */
class SendFaultsIT {
    private static final Duration BOUND = Deadlines.seconds(60);

    @TempDir
    Path dir;

    /**
     * Whether the relay offers PIPELINING: it does here, as real relays do, so tidings writes each
     * message as one batch on its own; {@link SendFaultsWithoutPipeliningIT} runs every test
     * again with Angus Mail's one-command-at-a-time exchange.
     */
    boolean pipelining() {
        return true;
    }

    FaultSmtpServer faultServer(FaultSmtpServer.Script script) {
        return new FaultSmtpServer(script).pipelining(pipelining());
    }

    /**
     * Fast retries and (unless the test sets one) a timeout, so every test is bounded. No test here
     * waits for this timeout: it is long enough for a relay on a busy machine, where a 2 s one could
     * fire on a reply that was merely late and leave a recipient uncertain.
     */
    private CliRun send(SendFixture project, FaultSmtpServer server, Path list, String... more) {
        List<String> args = new ArrayList<>(List.of("--yes", "--retry-delay", "10", "--smtp", server.url()));
        if (!List.of(more).contains("--timeout")) {
            args.addAll(List.of("--timeout", Deadlines.secondsOption(5)));
        }
        args.addAll(List.of(more));
        return assertTimeoutPreemptively(BOUND, () -> project.send(list, args.toArray(String[]::new)));
    }

    /** The ledger against the server's own count: SENT == accepted, FAILED == refused, no duplicates, nothing uncertain. */
    private static void assertLedgerMatchesServer(SendFixture project, FaultSmtpServer server) {
        assertLedgerMatchesServer(project, server, Set.of());
    }

    /** As above, with these recipients expected to be uncertain (SENDING) and not accepted by the server. */
    private static void assertLedgerMatchesServer(SendFixture project, FaultSmtpServer server, Set<String> uncertain) {
        Map<String, String> states = project.ledger().states(ISSUE);
        Map<String, Integer> accepted = server.accepted();
        accepted.forEach((address, count) -> assertEquals(1, count, address + " accepted " + count + " times"));
        Set<String> sent = withState(states, "sent");
        assertEquals(accepted.keySet(), sent, "SENT rows are exactly the messages the server accepted");
        assertEquals(server.refused().keySet(), withState(states, "failed"), "FAILED rows are exactly the refused");
        assertEquals(uncertain, withState(states, "sending"), "the uncertain recipients");
    }

    private static Set<String> withState(Map<String, String> states, String state) {
        return states.entrySet().stream().filter(e -> e.getValue().equals(state)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void fourHundredFiftyOneIsRetriedWithBackOffAndDeliveredOnALaterAttempt() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 20);
        Map<String, Integer> busyTimes = Map.of(address(3), 1, address(7), 1, address(11), 2);
        try (FaultSmtpServer server = faultServer(new FaultSmtpServer.Script() {
            @Override
            public String rcpt(String address, int attempt) {
                return attempt <= busyTimes.getOrDefault(address, 0) ? "451 4.3.0 Mailbox busy, try again later" : null;
            }
        }).start()) {
            CliRun run = send(project, server, list);
            assertEquals(0, run.exitCode(), run.all());
            assertTrue(run.out().contains("this run: sent 20, failed 0, deferred 0 (4 retries)"), run.out());
            assertEquals(2, server.rcptAttempts(address(3)));
            assertEquals(3, server.rcptAttempts(address(11)));
            assertEquals(20, server.acceptedCount());
            assertLedgerMatchesServer(project, server);
        }
    }

    @Test
    void aFourHundredFiftyOneThatOutlastsTheRetriesIsLeftPendingForTheNextRun() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 10);
        boolean[] relayRecovered = {false};
        try (FaultSmtpServer server = faultServer(new FaultSmtpServer.Script() {
            @Override
            public String rcpt(String address, int attempt) {
                return address.equals(address(4)) && !relayRecovered[0] ? "452 4.2.2 Mailbox full" : null;
            }
        }).start()) {
            CliRun first = send(project, server, list, "--retries", "2");
            assertEquals(4, first.exitCode(), "deferred recipients make it a temporary failure: " + first.all());
            assertTrue(first.out().contains("this run: sent 9, failed 0, deferred 1"), first.out());
            assertEquals(3, server.rcptAttempts(address(4)), "the first try and two retries");
            assertEquals("pending", project.ledger().states(ISSUE).get(address(4)));
            assertLedgerMatchesServer(project, server);

            relayRecovered[0] = true;
            CliRun second = send(project, server, list);
            assertEquals(0, second.exitCode(), second.all());
            assertTrue(second.out().contains("this run: sent 1, failed 0, deferred 0"), second.out());
            assertEquals(10, server.acceptedCount());
            assertLedgerMatchesServer(project, server);
        }
    }

    @Test
    void aHardBounceFailsThatRecipientIsSuppressedAndLaterSendsSkipIt() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 20);
        Set<String> unknown = Set.of(address(5), address(9));
        try (FaultSmtpServer server = faultServer(new FaultSmtpServer.Script() {
            @Override
            public String rcpt(String address, int attempt) {
                return unknown.contains(address) ? "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown" : null;
            }
        }).start()) {
            CliRun run = send(project, server, list);
            assertEquals(3, run.exitCode(), "permanent failures: " + run.all());
            assertTrue(run.out().contains("this run: sent 18, failed 2, deferred 0"), run.out());
            assertTrue(run.out().contains(address(5) + "  550 5.1.1"), run.out());
            assertTrue(run.out().contains(address(9) + "  550 5.1.1"), run.out());
            assertEquals(1, server.rcptAttempts(address(5)), "a 5xx is not retried");
            assertLedgerMatchesServer(project, server);
            String suppressed = project.suppressed();
            assertTrue(suppressed.contains(address(5) + "  # ") && suppressed.contains(address(9) + "  # "), suppressed);
            assertEquals(2, suppressed.lines().count(), suppressed);

            // The same issue again: nothing left, but the failures still count (exit 3) and are named.
            int connections = server.connections();
            CliRun again = send(project, server, list);
            assertEquals(3, again.exitCode(), again.all());
            assertTrue(again.err().contains("0 to send") && again.err().contains("2 suppressed"), again.err());
            assertTrue(again.out().contains(address(5)) && again.out().contains(address(9)), again.out());
            assertEquals(connections, server.connections(), "nothing to send opens no connection");

            // Another issue (a fresh ledger): the suppression file alone keeps the bounced addresses out.
            CliRun nextIssue = send(project, server, list, "--ledger", dir.resolve("other-ledger.db").toString());
            assertEquals(0, nextIssue.exitCode(), nextIssue.all());
            assertTrue(nextIssue.err().contains("18 to send, 2 suppressed"), nextIssue.err());
            assertEquals(1, server.rcptAttempts(address(5)), "the bounced address is never tried again");
            assertEquals(2, server.acceptedFor(address(1)), "the others got the second issue");
        }
    }

    @Test
    void fiveFiftyFourAfterDataFailsThatRecipientOnlyAndIsNotABounce() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 12);
        try (FaultSmtpServer server = faultServer(new FaultSmtpServer.Script() {
            @Override
            public String data(String address, int attempt, int connection) {
                return address.equals(address(4)) ? "554 5.6.0 Message content rejected" : null;
            }
        }).start()) {
            CliRun run = send(project, server, list);
            assertEquals(3, run.exitCode(), run.all());
            assertTrue(run.out().contains("this run: sent 11, failed 1, deferred 0"), run.out());
            assertEquals("failed", project.ledger().states(ISSUE).get(address(4)));
            assertTrue(project.ledger().replies(ISSUE).get(address(4)).startsWith("554 5.6.0"), project.ledger().replies(ISSUE).toString());
            assertLedgerMatchesServer(project, server);
            assertFalse(project.suppressed().contains(address(4)), "a content refusal says nothing about the address");
        }
    }

    @Test
    void fourTwentyOneAtTheGreetingIsRetriedThenTheRunCompletes() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 8);
        try (FaultSmtpServer server = faultServer(new FaultSmtpServer.Script() {
            @Override
            public String greeting(int connection) {
                return connection <= 2 ? "421 4.3.2 Service not available, closing transmission channel" : null;
            }
        }).start()) {
            CliRun run = send(project, server, list, "--connections", "1");
            assertEquals(0, run.exitCode(), run.all());
            assertEquals(3, server.connections());
            assertEquals(8, server.acceptedCount());
            assertLedgerMatchesServer(project, server);
        }
    }

    @Test
    void aRelayThatKeepsSayingFourTwentyOneStopsTheRunAfterTheRetriesWithExitFour() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 8);
        try (FaultSmtpServer server = faultServer(new FaultSmtpServer.Script() {
            @Override
            public String greeting(int connection) {
                return "421 4.3.2 Service not available";
            }
        }).start()) {
            CliRun run = send(project, server, list, "--connections", "2", "--retries", "2");
            assertEquals(4, run.exitCode(), run.all());
            assertTrue(run.out().contains("stopped: cannot connect to smtp://127.0.0.1:" + server.port()), run.out());
            // Counted, not timed: the run is bounded by BOUND, and the relay saw no more than the retries allow.
            assertTrue(server.connections() <= 2 * 3, "each connection is tried 1 + retries times, not more: " + server.connections());
            assertEquals(0, server.acceptedCount());
            assertEquals(0, project.ledger().rows(), "nobody was attempted");
            assertTrue(run.out().contains("run the same command again later"), run.out());
        }
    }

    @Test
    void aConnectionDroppedMidDataReconnectsAndTheMessageIsDeliveredOnce() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 10);
        try (FaultSmtpServer server = faultServer(new FaultSmtpServer.Script() {
            @Override
            public String data(String address, int attempt, int connection) {
                return address.equals(address(6)) && attempt == 1 ? FaultSmtpServer.DROP : null;
            }
        }).start()) {
            CliRun run = send(project, server, list, "--connections", "1");
            assertEquals(0, run.exitCode(), run.all());
            assertEquals(2, server.connections(), "one reconnect");
            assertEquals(10, server.acceptedCount());
            assertTrue(run.out().contains("(1 retries)"), run.out());
            assertLedgerMatchesServer(project, server);
        }
    }

    @Test
    void fourTwentyOneMidSessionReconnectsAndRetries() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 10);
        try (FaultSmtpServer server = faultServer(new FaultSmtpServer.Script() {
            @Override
            public String rcpt(String address, int attempt) {
                return address.equals(address(5)) && attempt == 1 ? "421 4.7.0 Too many messages on this connection, closing" : null;
            }
        }).start()) {
            CliRun run = send(project, server, list, "--connections", "1");
            assertEquals(0, run.exitCode(), run.all());
            assertEquals(2, server.connections());
            assertEquals(10, server.acceptedCount());
            assertLedgerMatchesServer(project, server);
        }
    }

    /**
     * The server takes the whole message and never answers: the read timeout fires after the final
     * dot, when the server may already have accepted it (RFC 1047). Resending could deliver a second
     * copy, so the recipient is left uncertain, named, and not retried. The timeout is the scaled
     * 1 s: it also applies to every other reply of the run, which a busy machine may delay.
     */
    @Test
    void aServerSilentAfterTheMessageTimesOutAndLeavesTheRecipientUncertain() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 10);
        try (FaultSmtpServer server = faultServer(new FaultSmtpServer.Script() {
            @Override
            public String data(String address, int attempt, int connection) {
                return address.equals(address(4)) ? FaultSmtpServer.STALL : null;
            }
        }).start()) {
            CliRun run = send(project, server, list, "--timeout", Deadlines.secondsOption(1), "--retries", "1");
            assertEquals(3, run.exitCode(), "the uncertain recipient is not proven sent: " + run.all());
            assertTrue(run.out().contains("this run: sent 9, failed 0, deferred 0, uncertain 1"), run.out());
            assertTrue(run.out().contains("uncertain (in flight when a run stopped"), run.out());
            assertEquals(1, server.rcptAttempts(address(4)), "not sent a second time");
            assertEquals("sending", project.ledger().states(ISSUE).get(address(4)));
            assertTrue(project.ledger().replies(ISSUE).get(address(4)).contains("no complete reply within " + Deadlines.secondsOption(1) + " s"),
                    project.ledger().replies(ISSUE).toString());
            assertLedgerMatchesServer(project, server, Set.of(address(4)));
        }
    }

    /**
     * A relay that accepts the message and then drops the connection without a reply is the one
     * case no SMTP client can get right: the drop looks like any other, so the message is sent
     * again (a duplicate), as Postfix would. Pinned here so that it stays a known, documented limit.
     */
    @Test
    void aRelayThatAcceptsAndDropsBeforeReplyingGetsASecondCopy() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 3);
        try (FaultSmtpServer server = faultServer(new FaultSmtpServer.Script() {
            @Override
            public String data(String address, int attempt, int connection) {
                return address.equals(address(2)) && attempt == 1 ? FaultSmtpServer.ACCEPT_THEN_DROP : null;
            }
        }).start()) {
            CliRun run = send(project, server, list, "--connections", "1");
            assertEquals(0, run.exitCode(), run.all());
            assertEquals(2, server.acceptedFor(address(2)), "accepted twice: the documented limit");
            assertEquals("sent", project.ledger().states(ISSUE).get(address(2)));
        }
    }

    /** A refused sender (SPF, a sender the relay does not allow) would fail every recipient alike: stop, fail nobody. */
    @Test
    void aRefusedSenderStopsTheRunWithoutFailingAnyRecipient() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 20);
        try (FaultSmtpServer server = faultServer(new FaultSmtpServer.Script() {
            @Override
            public String mail(String from, int connection) {
                return "550 5.7.1 Sender not allowed by SPF";
            }
        }).start()) {
            CliRun run = send(project, server, list, "--connections", "2");
            assertEquals(4, run.exitCode(), run.all());
            assertTrue(run.out().contains("stopped: the relay refused the sender (550 5.7.1 Sender not allowed by SPF)"), run.out());
            assertEquals(0, server.acceptedCount());
            assertTrue(project.ledger().states(ISSUE).values().stream().noneMatch("failed"::equals),
                    project.ledger().states(ISSUE).toString());
            assertTrue(project.ledger().states(ISSUE).size() <= 2, "at most one attempt per connection: " + project.ledger().states(ISSUE));
        }
    }

    /**
     * The relay refusing the message itself five times in a row (content, policy) stops the run;
     * once fixed, --retry-failed sends to those it had refused. Bounces stay suppressed.
     */
    @Test
    void repeatedContentRefusalsStopTheRunAndRetryFailedResumesIt() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 20);
        boolean[] fixed = {false};
        try (FaultSmtpServer server = faultServer(new FaultSmtpServer.Script() {
            @Override
            public String rcpt(String address, int attempt) {
                return address.equals(address(20)) ? "550 5.1.1 User unknown" : null;
            }

            @Override
            public String data(String address, int attempt, int connection) {
                return fixed[0] ? null : "554 5.7.1 Message content rejected";
            }
        }).start()) {
            CliRun first = send(project, server, list, "--connections", "1");
            assertEquals(4, first.exitCode(), first.all());
            assertTrue(first.out().contains("the relay refused the message itself 5 times in a row"), first.out());
            assertEquals(5L, project.ledger().states(ISSUE).values().stream().filter("failed"::equals).count());

            fixed[0] = true;
            CliRun plain = send(project, server, list, "--connections", "1");
            assertEquals(3, plain.exitCode(), "without --retry-failed the five stay failed: " + plain.all());
            CliRun retried = send(project, server, list, "--connections", "1", "--retry-failed");
            assertEquals(3, retried.exitCode(), retried.all());
            assertEquals(19, server.acceptedCount(), "everyone but the bounce");
            assertEquals(List.of(address(20)), project.ledger().states(ISSUE).entrySet().stream()
                    .filter(e -> e.getValue().equals("failed")).map(Map.Entry::getKey).toList());
        }
    }

    @Test
    void everyTenthConnectionDroppedStillDeliversEveryoneExactlyOnce() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 60);
        try (FaultSmtpServer server = faultServer(new FaultSmtpServer.Script() {
            @Override
            public String greeting(int connection) {
                return connection % 10 == 5 ? FaultSmtpServer.DROP : null;
            }

            @Override
            public String data(String address, int attempt, int connection) {
                return connection % 10 == 0 ? FaultSmtpServer.DROP : null;
            }
        }).start()) {
            CliRun run = send(project, server, list, "--connections", "3", "--max-per-connection", "3");
            assertEquals(0, run.exitCode(), run.all());
            assertTrue(server.connections() >= 20, "reconnects after every 3 messages: " + server.connections());
            assertEquals(60, server.acceptedCount());
            assertLedgerMatchesServer(project, server);
        }
    }

    @Test
    void aMixOfFaultsLeavesTheLedgerExactlyAsTheServerSawIt() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 40);
        try (FaultSmtpServer server = faultServer(new FaultSmtpServer.Script() {
            @Override
            public String rcpt(String address, int attempt) {
                int n = Integer.parseInt(address.substring(6, 10));
                if (n % 7 == 0) {
                    return "550 5.1.1 User unknown";
                }
                if (n % 5 == 0 && attempt == 1) {
                    return "450 4.2.1 Try again";
                }
                return null;
            }

            @Override
            public String data(String address, int attempt, int connection) {
                int n = Integer.parseInt(address.substring(6, 10));
                if (n % 11 == 0) {
                    return "554 5.7.1 Rejected by policy";
                }
                return n % 3 == 0 && attempt == 1 ? FaultSmtpServer.DROP : null;
            }
        }).start()) {
            CliRun run = send(project, server, list, "--connections", "4");
            assertEquals(3, run.exitCode(), run.all());
            Map<String, String> expectedFailed = new TreeMap<>();
            for (int n = 1; n <= 40; n++) {
                if (n % 7 == 0) {
                    expectedFailed.put(address(n), "550");
                } else if (n % 11 == 0) {
                    expectedFailed.put(address(n), "554");
                }
            }
            assertEquals(expectedFailed.keySet(), server.refused().keySet());
            assertEquals(40 - expectedFailed.size(), server.acceptedCount());
            assertLedgerMatchesServer(project, server);
            assertEquals(Set.of(address(7), address(14), address(21), address(28), address(35)),
                    project.suppressed().lines().map(l -> l.substring(0, l.indexOf(' '))).collect(Collectors.toSet()),
                    "only the 5.1.1 bounces are suppressed");
        }
    }

    @Test
    void aMessageThatCannotBeRenderedStopsTheRunWithTheTemplateErrorInsteadOfHanging() throws Exception {
        SendFixture project = new SendFixture(dir);
        Path theme = dir.resolve("theme");
        ThemeExport.defaultThemeTo(theme);
        Path text = theme.resolve("email.txt.ftl");
        String template = Files.readString(text);
        String failing = template.replace("${subscriber.greeting}",
                "${subscriber.greeting}<#if subscriber.fields.tier?has_content> (tier ${subscriber.fields.tier?number})</#if>");
        assertNotEquals(template, failing, "the default text template no longer prints ${subscriber.greeting}: patch another line");
        Files.writeString(text, failing);
        Files.writeString(project.digest(), Files.readString(project.digest()) + "\ntemplate: theme\n");
        StringBuilder csv = new StringBuilder("email,name,status,tier\n");
        for (int i = 1; i <= 12; i++) {
            csv.append(address(i)).append(",Reader ").append(i).append(",subscribed,").append(i == 6 ? "gold" : Integer.toString(i)).append('\n');
        }
        Path list = project.file("list.csv", csv.toString());
        try (FaultSmtpServer server = FaultSmtpServer.accepting()) {
            CliRun run = send(project, server, list, "--connections", "2");
            assertEquals(1, run.exitCode(), run.all());
            assertTrue(run.err().contains("email.txt.ftl") && run.err().contains("template error"), run.err());
            Map<String, String> states = project.ledger().states(ISSUE);
            assertFalse(states.containsKey(address(6)), "the unrenderable message never reached the ledger: " + states);
            assertLedgerMatchesServer(project, server);

            // With the template fixed, the same command finishes the list.
            Files.writeString(text, template);
            CliRun again = send(project, server, list);
            assertEquals(0, again.exitCode(), again.all());
            assertEquals(12, server.acceptedCount());
            assertLedgerMatchesServer(project, server);
        }
    }
}
