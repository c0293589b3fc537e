package dev.tidings.cli;

import dev.tidings.Deadlines;
import dev.tidings.mail.DeliveryState;
import dev.tidings.mail.ledger.SqliteLedger;
import dev.tidings.mail.smtp.FaultSmtpServer;
import dev.tidings.mail.Ledger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.tidings.cli.SendFixture.ISSUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A send killed with SIGKILL in the middle (a real child JVM, against a relay that takes ~20 ms per
 * message so the kill lands mid-run), then resumed: nobody delivered twice except, by request,
 * those the crash left uncertain. And two sends of one issue on one ledger: the second stops at the lock.
 */
class SendCrashResumeIT {
    private static final int SUBSCRIBERS = 300;
    private static final Duration SLOW_250 = Duration.ofMillis(20);

    @TempDir
    Path dir;

    @Test
    void aSendKilledMidRunResumesWithoutDuplicatesAndResendUncertainCompletesIt() throws Exception {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", SUBSCRIBERS);
        FaultSmtpServer.Holding relay = new FaultSmtpServer.Holding(40);
        try (FaultSmtpServer server = new FaultSmtpServer(relay).acceptDelay(SLOW_250).start()) {
            Process child = project.childJvm(List.of("-Xmx256m"), SendFixture.env(), project.sendArgs(list,
                    "--smtp", server.url(), "--yes", "--connections", "3", "--retry-delay", "10",
                    "--timeout", Deadlines.secondsOption(5)))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
            try {
                Deadlines.await("40 messages to be delivered", () -> relay.holding() || !child.isAlive(), Duration.ofSeconds(90));
                assertTrue(child.isAlive(), "the child finished before it could be killed: " + log());

                // A second send of the same issue on the same ledger, from another process: stopped by the lock.
                CliRun second = project.send(list, "--smtp", server.url(), "--yes");
                assertEquals(4, second.exitCode(), second.all());
                assertTrue(second.err().contains("another tidings send of issue " + ISSUE + " is running"), second.err());
                assertTrue(second.err().contains(project.ledgerFile() + "." + ISSUE + ".lock"), second.err());

                // Deliveries go on; the kill comes in the middle of them.
                int released = server.acceptedCount();
                relay.release();
                Deadlines.await("deliveries to resume", () -> server.acceptedCount() >= released + 5 || !child.isAlive(),
                        Duration.ofSeconds(60));
            } finally {
                relay.release();
                child.destroyForcibly();
                Deadlines.awaitExit(child, Duration.ofSeconds(30), dir.resolve("child.log"));
            }
            // The server has counted all it will from the killed run once the kill's connections have ended.
            Deadlines.await("the server to see the killed run's connections end", () -> server.openSessions() == 0,
                    Duration.ofSeconds(30));
            int acceptedAtKill = server.acceptedCount();
            assertTrue(acceptedAtKill < SUBSCRIBERS, "killed mid-run: " + acceptedAtKill);

            // The ledger opens cleanly after SIGKILL, and says no more than the server saw.
            assertEquals("ok", project.ledger().integrity());
            Map<DeliveryState, Long> counts;
            try (Ledger ledger = SqliteLedger.open(project.ledgerFile(), Clock.systemUTC())) {
                counts = ledger.counts(ISSUE);
            }
            Map<String, String> afterCrash = project.ledger().states(ISSUE);
            Set<String> uncertain = with(afterCrash, "sending");
            assertEquals(counts.get(DeliveryState.SENDING).longValue(), uncertain.size());
            assertTrue(uncertain.size() >= 1 && uncertain.size() <= 3, "at most one in flight per connection: " + uncertain);
            for (String sent : with(afterCrash, "sent")) {
                assertEquals(1, server.acceptedFor(sent), sent + " is SENT, so the server has it once");
            }
            for (String address : server.accepted().keySet()) {
                assertTrue(Set.of("sent", "sending").contains(afterCrash.get(address)),
                        address + " was accepted but the ledger says " + afterCrash.get(address));
            }

            System.out.printf("kill -9 after %d of %d accepted; %d SENT, %d uncertain (%d of them accepted by the server)%n",
                    acceptedAtKill, SUBSCRIBERS, with(afterCrash, "sent").size(), uncertain.size(),
                    uncertain.stream().filter(a -> server.acceptedFor(a) > 0).count());

            // status shows the uncertain recipients.
            CliRun status = project.status();
            assertEquals(0, status.exitCode(), status.all());
            assertTrue(status.out().contains(uncertain.size() + " uncertain"), status.out());
            assertTrue(status.out().contains(uncertain.iterator().next()), status.out());

            // Resume: everyone not yet sent, except the uncertain.
            CliRun resume = assertTimeoutPreemptively(Deadlines.seconds(120),
                    () -> project.send(list, "--smtp", server.url(), "--yes", "--connections", "3"));
            assertEquals(3, resume.exitCode(), "uncertain recipients are not proven sent: " + resume.all());
            assertTrue(resume.err().contains(uncertain.size() + " uncertain"), resume.err());
            assertTrue(resume.out().contains("--resend-uncertain"), "the hint says how to finish: " + resume.out());
            for (String address : SendFixture.addresses(SUBSCRIBERS)) {
                int received = server.acceptedFor(address);
                if (uncertain.contains(address)) {
                    assertTrue(received <= 1, address + " (uncertain) received " + received);
                } else {
                    assertEquals(1, received, address);
                }
            }
            assertEquals(SUBSCRIBERS - uncertain.size(), project.ledger().count(ISSUE, "sent"));

            // --resend-uncertain completes them, at the price the hint warns of: those the server had get a second copy.
            Map<String, Integer> before = server.accepted();
            CliRun finish = project.send(list, "--smtp", server.url(), "--yes", "--resend-uncertain");
            assertEquals(0, finish.exitCode(), finish.all());
            assertTrue(finish.out().contains("this run: sent " + uncertain.size() + ","), finish.out());
            for (String address : SendFixture.addresses(SUBSCRIBERS)) {
                int received = server.acceptedFor(address);
                if (uncertain.contains(address)) {
                    assertEquals(before.getOrDefault(address, 0) + 1, received, address);
                } else {
                    assertEquals(1, received, address);
                }
            }
            assertEquals(SUBSCRIBERS, project.ledger().count(ISSUE, "sent"));
        }
    }

    @Test
    void twoConcurrentSendsOfOneIssueOnOneLedgerSendOnce() throws Exception {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 60);
        FaultSmtpServer.Holding relay = new FaultSmtpServer.Holding(5);
        try (FaultSmtpServer server = new FaultSmtpServer(relay).acceptDelay(SLOW_250).start()) {
            CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(
                    () -> project.send(list, "--smtp", server.url(), "--yes", "--connections", "2"));
            Deadlines.await("5 messages of the first send", () -> relay.holding() || first.isDone(), Duration.ofSeconds(60));
            assertFalse(first.isDone(), "the first send is still running");
            CliRun second;
            try {
                second = project.send(list, "--smtp", server.url(), "--yes", "--connections", "2");
            } finally {
                relay.release();
            }
            assertEquals(4, second.exitCode(), second.all());
            assertTrue(second.err().contains("another tidings send of issue " + ISSUE + " is running on " + project.ledgerFile()
                    + " (lock " + project.ledgerFile() + "." + ISSUE + ".lock)"), second.err());
            assertTrue(second.err().contains("Run it again when the other has finished"), second.err());

            CliRun done = first.get(Deadlines.seconds(120).toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(0, done.exitCode(), done.all());
            assertEquals(60, server.acceptedCount());
            server.accepted().forEach((address, count) -> assertEquals(1, count, address));

            // Once the first has finished, the lock is free again.
            CliRun after = project.send(list, "--smtp", server.url(), "--yes");
            assertEquals(0, after.exitCode(), after.all());
            assertEquals(60, server.acceptedCount());
            // And no empty lock file is left beside the ledger (issue 18, finding 11).
            try (java.util.stream.Stream<Path> beside = Files.list(project.ledgerFile().getParent())) {
                assertEquals(List.of(), beside.map(Path::toString).filter(name -> name.endsWith(".lock")).toList());
            }
        }
    }

    private static Set<String> with(Map<String, String> states, String state) {
        Set<String> addresses = new TreeSet<>();
        states.forEach((address, s) -> {
            if (s.equals(state)) {
                addresses.add(address);
            }
        });
        return addresses;
    }

    private String log() throws IOException {
        File log = dir.resolve("child.log").toFile();
        return log.exists() ? Files.readString(log.toPath(), StandardCharsets.UTF_8) : "";
    }
}
