package dev.tidings.cli;

import dev.tidings.Deadlines;
import dev.tidings.mail.smtp.FaultSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.tidings.cli.SendFixture.ISSUE;
import static dev.tidings.cli.SendFixture.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A relay that offers PIPELINING gets each message as one batch (MAIL FROM, RCPT TO and DATA in
 * one write, then the data in one write), written by tidings itself; one that does not gets
 * Angus Mail's exchange. The recipients must not be able to tell: the same bytes arrive.
 */
class SendPipeliningIT {
    @TempDir
    Path dir;

    private static CliRun send(SendFixture project, FaultSmtpServer server, Path list, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--yes", "--retry-delay", "10", "--timeout", Deadlines.secondsOption(5),
                "--smtp", server.url()));
        args.addAll(List.of(more));
        return assertTimeoutPreemptively(Deadlines.seconds(60), () -> project.send(list, args.toArray(String[]::new)));
    }

    /** Each received message with what differs between any two sends masked: date, message ID, MIME boundary. */
    private static Map<String, String> receivedByAddress(FaultSmtpServer server) {
        Map<String, String> messages = new TreeMap<>();
        for (FaultSmtpServer.Received received : server.received()) {
            messages.put(received.address(), received.text()
                    .replaceAll("(?m)^Date: .*\r\n", "Date: (masked)\r\n")
                    .replaceAll("(?m)^Message-ID: .*\r\n", "Message-ID: (masked)\r\n")
                    .replaceAll("=_tidings_[0-9a-z]+", "=_tidings_(masked)"));
        }
        return messages;
    }

    private Path directory(String name) {
        try {
            return java.nio.file.Files.createDirectories(dir.resolve(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void pipelinedAndOneCommandAtATimeDeliverTheSameBytes() {
        SendFixture pipelinedProject = new SendFixture(directory("pipelined"));
        SendFixture plainProject = new SendFixture(directory("plain"));
        try (FaultSmtpServer pipelining = FaultSmtpServer.accepting();
             FaultSmtpServer oneAtATime = new FaultSmtpServer(new FaultSmtpServer.Script() {
             }).pipelining(false).start()) {
            CliRun first = send(pipelinedProject, pipelining, pipelinedProject.generatedList("list.csv", 30), "--connections", "2");
            CliRun second = send(plainProject, oneAtATime, plainProject.generatedList("list.csv", 30), "--connections", "2");
            assertEquals(0, first.exitCode(), first.all());
            assertEquals(0, second.exitCode(), second.all());
            assertEquals(30, pipelining.pipelinedTransactions(), "every message went as one batch");
            assertEquals(0, oneAtATime.pipelinedTransactions(), "no batch to a relay that did not offer PIPELINING");
            Map<String, String> pipelined = receivedByAddress(pipelining);
            assertEquals(30, pipelined.size());
            assertEquals(receivedByAddress(oneAtATime), pipelined);
        }
    }

    /** A refused recipient in a batch: the DATA that follows is refused too, RSET clears it, the session carries on. */
    @Test
    void aRecipientRefusedInABatchFailsAloneAndTheConnectionCarriesOn() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 10);
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
            @Override
            public String rcpt(String address, int attempt) {
                return address.equals(address(3)) ? "550 5.1.1 No such user" : address.equals(address(6)) && attempt == 1 ? "451 4.3.0 Try later" : null;
            }

            @Override
            public String data(String address, int attempt, int connection) {
                return address.equals(address(8)) ? "554 5.7.1 Message refused" : null;
            }
        }).start()) {
            CliRun run = send(project, server, list, "--connections", "1");
            Map<String, String> states = project.ledger().states(ISSUE);
            assertEquals("failed", states.get(address(3)), run.all());
            assertEquals("failed", states.get(address(8)), run.all());
            assertEquals("sent", states.get(address(6)), "delivered when retried: " + run.all());
            assertEquals(8, server.acceptedCount());
            assertEquals(1, server.connections(), "refusals do not cost the connection");
            assertEquals(server.pipelinedTransactions(), server.acceptedCount() + 3, "every attempt was a batch, the refused ones too");
        }
    }

    /** A relay that answers DATA with 354 though it refused the recipient: the empty DATA is ended at once, then RSET. */
    @Test
    void aDataAcceptedWithoutRecipientsIsEndedEmptyAndTheSessionGoesOn() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 6);
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
            @Override
            public String rcpt(String address, int attempt) {
                return address.equals(address(2)) ? "550 5.1.1 No such user" : null;
            }

            @Override
            public boolean dataWithoutRecipients() {
                return true;
            }
        }).start()) {
            CliRun run = send(project, server, list, "--connections", "1");
            Map<String, String> states = project.ledger().states(ISSUE);
            assertEquals("failed", states.get(address(2)), run.all());
            assertEquals(5, server.acceptedCount(), run.all());
            assertEquals(0, server.acceptedFor(address(2)));
            assertEquals(1, server.connections(), "the session survives the refused transaction");
            assertEquals(java.util.Set.of(address(2)), server.refused().keySet());
        }
    }
}
