package dev.tidings.cli;

import dev.tidings.Deadlines;
import dev.tidings.mail.smtp.FaultSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every address refused (issue 16, finding 4): a relay that answers "550 5.1.1" to every recipient
 * put the whole list in the suppression file, and the next issue reported "done", exit 0, 0 sent.
 * Now refusals in a row across several domains stop the run without suppressing anyone, and a
 * send that finds nobody to send to says so instead of exiting 0.
 */
class SendAddressRefusalsIT {
    private static final Duration DEADLINE = Deadlines.seconds(180);
    private static final String[] DOMAINS = {"alpha.example", "beta.example", "gamma.example", "delta.example"};

    @TempDir
    Path dir;

    @Test
    void aRelayThatRefusesEveryAddressStopsTheRunAndSuppressesNobody() throws IOException {
        SendFixture project = new SendFixture(dir);
        List<String> addresses = spreadOverDomains(30);
        Path list = list(project, addresses);
        try (FaultSmtpServer misconfigured = new FaultSmtpServer(new FaultSmtpServer.Script() {
            @Override
            public String rcpt(String address, int attempt) {
                return "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown in virtual mailbox table";
            }
        }).start()) {
            CliRun run = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", misconfigured.url(), "--yes"));
            assertEquals(4, run.exitCode(), run.all());
            assertTrue(run.out().contains("stopped: the relay refused 5 addresses in a row across 3 or more domains"), run.out());
            assertTrue(run.out().contains("None of them was suppressed or marked failed"), run.out());
            assertEquals("", project.suppressed(), "nobody suppressed");
            assertEquals(0, project.ledger().count(SendFixture.ISSUE, "failed"));
            assertTrue(misconfigured.refused().size() < 30, "the run stopped early: " + misconfigured.refused().size());
        }
        // The relay fixed, the same command reaches everyone.
        try (FaultSmtpServer fixed = FaultSmtpServer.accepting()) {
            CliRun run = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", fixed.url(), "--yes"));
            assertEquals(0, run.exitCode(), run.all());
            assertEquals(30, fixed.acceptedCount());
        }
    }

    /**
     * The breaker needs three domains, which a company's own newsletter (everyone at corp.example)
     * or a small list never has: there the refusals were released as bounces at the end of the
     * run, and the whole list was suppressed for every later issue, though nothing showed that
     * the relay delivers anything at all.
     */
    @Test
    void aRelayThatRefusesEveryAddressOfAListOfTwoDomainsSuppressesNobody() throws IOException {
        SendFixture project = new SendFixture(dir);
        List<String> addresses = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            addresses.add(String.format(Locale.ROOT, "staff%02d@%s", i, i % 2 == 0 ? "corp.example" : "corp-mail.example"));
        }
        Path list = list(project, addresses);
        try (FaultSmtpServer misconfigured = new FaultSmtpServer(new FaultSmtpServer.Script() {
            @Override
            public String rcpt(String address, int attempt) {
                return "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown";
            }
        }).start()) {
            CliRun run = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", misconfigured.url(), "--yes"));
            assertEquals(4, run.exitCode(), run.all());
            assertTrue(run.out().contains("stopped: the relay refused all 12 addresses it was given and delivered nothing"), run.out());
            assertEquals("", project.suppressed(), "nobody suppressed");
            assertEquals(0, project.ledger().count(SendFixture.ISSUE, "failed"));
            assertEquals(12, project.ledger().count(SendFixture.ISSUE, "pending"));
        }
        try (FaultSmtpServer fixed = FaultSmtpServer.accepting()) {
            CliRun run = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", fixed.url(), "--yes"));
            assertEquals(0, run.exitCode(), run.all());
            assertEquals(12, fixed.acceptedCount());
        }
    }

    /** A run with only a bad address left: the issue's earlier deliveries through this relay show that it delivers. */
    @Test
    void aBadAddressLeftAloneForALaterRunIsABounceWhenThisRelayDeliveredTheIssueBefore() throws IOException {
        SendFixture project = new SendFixture(dir);
        List<String> addresses = spreadOverDomains(6);
        String gone = addresses.get(2);
        Path list = list(project, addresses);
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
            @Override
            public String rcpt(String address, int attempt) {
                if (!address.equals(gone)) {
                    return null;
                }
                return attempt == 1 ? "451 4.3.0 Try again later" : "550 5.1.1 <" + address + ">: User unknown";
            }
        }).start()) {
            CliRun first = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", server.url(), "--yes", "--retries", "0"));
            assertEquals(4, first.exitCode(), first.all());
            assertEquals(5, server.acceptedCount());

            CliRun second = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", server.url(), "--yes"));
            assertEquals(3, second.exitCode(), second.all());
            assertTrue(project.suppressed().contains(gone), project.suppressed());
            assertEquals(1, project.ledger().count(SendFixture.ISSUE, "failed"));
        }
    }

    @Test
    void manyRefusalsInOneDomainAreRealBouncesAndTheRestIsSent() throws IOException {
        SendFixture project = new SendFixture(dir);
        List<String> addresses = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            addresses.add(String.format(Locale.ROOT, "former%02d@defunct.example", i)); // a list sorted by domain
        }
        addresses.addAll(spreadOverDomains(12));
        Path list = list(project, addresses);
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
            @Override
            public String rcpt(String address, int attempt) {
                return address.endsWith("@defunct.example") ? "550 5.1.1 No such user" : null;
            }
        }).start()) {
            CliRun run = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", server.url(), "--yes", "--connections", "1"));
            assertEquals(3, run.exitCode(), run.all());
            assertEquals(12, server.acceptedCount());
            assertEquals(8, project.ledger().count(SendFixture.ISSUE, "failed"));
            for (int i = 1; i <= 8; i++) {
                assertTrue(project.suppressed().contains(String.format(Locale.ROOT, "former%02d@defunct.example", i)), project.suppressed());
            }
        }
    }

    @Test
    void aSendThatFindsEverySubscriberSuppressedSaysSoAndDoesNotExitZero() throws IOException {
        SendFixture project = new SendFixture(dir);
        List<String> addresses = spreadOverDomains(6);
        Path list = list(project, addresses);
        Files.createDirectories(project.suppressionFile().getParent());
        Files.write(project.suppressionFile(), addresses);
        try (FaultSmtpServer server = FaultSmtpServer.accepting()) {
            CliRun run = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", server.url(), "--yes"));
            assertEquals(3, run.exitCode(), run.all());
            assertTrue(run.out().contains("nobody received this issue: of 6 rows, 6 suppressed"), run.out());
            assertFalse(run.out().contains("done"), run.out());
            assertEquals(0, server.connections(), "nothing to send, no connection");
        }
    }

    private static List<String> spreadOverDomains(int n) {
        List<String> addresses = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            addresses.add(String.format(Locale.ROOT, "reader%03d@%s", i, DOMAINS[i % DOMAINS.length]));
        }
        return addresses;
    }

    private static Path list(SendFixture project, List<String> addresses) {
        StringBuilder csv = new StringBuilder("email,name,status\n");
        addresses.forEach(address -> csv.append(address).append(",,subscribed\n"));
        return project.file("list.csv", csv.toString());
    }
}
