package dev.tidings.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.mail.smtp.FaultSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;

import static dev.tidings.cli.SendFixture.ISSUE;
import static dev.tidings.cli.SendFixture.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tidings status}, and the exit code of re-runs while permanent failures remain. */
class SendStatusIT {
    @TempDir
    Path dir;

    @Test
    void statusShowsCountsAndTheFailureRepliesAndReRunsExitThreeNamingThem() throws Exception {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 15);
        CliRun none = project.status();
        assertEquals(1, none.exitCode(), none.all());
        assertTrue(none.err().contains("no send ledger yet"), none.err());

        Set<String> refused = Set.of(address(3), address(12));
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
            @Override
            public String rcpt(String address, int attempt) {
                return address.equals(address(3)) ? "550 5.1.1 <" + address + ">: No such user here" : null;
            }

            @Override
            public String data(String address, int attempt, int connection) {
                return address.equals(address(12)) ? "552 5.3.4 Message size exceeds fixed limit" : null;
            }
        }).start()) {
            CliRun send = project.send(list, "--smtp", server.url(), "--yes", "--retry-delay", "10");
            assertEquals(3, send.exitCode(), send.all());
            assertEquals(13, server.acceptedCount());
            assertEquals(refused, server.refused().keySet());

            CliRun status = project.status();
            assertEquals(0, status.exitCode(), status.all());
            assertTrue(status.out().startsWith("ledger " + project.ledgerFile() + ", issue " + ISSUE + ":"), status.out());
            assertTrue(status.out().contains("13 sent, 2 failed, 0 pending, 0 uncertain"), status.out());
            assertTrue(status.out().contains("failed permanently:"), status.out());
            assertTrue(status.out().contains(address(3) + "  550 5.1.1 <" + address(3) + ">: No such user here"), status.out());
            assertTrue(status.out().contains(address(12) + "  552 5.3.4 Message size exceeds fixed limit"), status.out());

            CliRun statusJson = project.status("--json");
            JsonNode json = new ObjectMapper().readTree(statusJson.out());
            assertTrue(json.has("ledger") && json.get("ledger").isObject(), statusJson.all());
            assertEquals(13, json.get("ledger").get("sent").asLong());
            assertEquals(2, json.get("ledger").get("failed").asLong());
            assertEquals(2, json.get("failures").size());
            assertEquals(project.ledgerFile().toString(), json.get("ledger_file").asText());
            assertEquals(address(12), json.get("failures").get(1).get("email").asText());
            assertTrue(json.get("failures").get(1).get("reply").asText().startsWith("552 5.3.4"));
            assertFalse(json.has("exit_code"), "status itself exits 0; there is no run to give an exit code for");

            // Nothing left to send, but the run is not clean while those failures stand: exit 3, naming them.
            int connections = server.connections();
            CliRun again = project.send(list, "--smtp", server.url(), "--yes");
            assertEquals(3, again.exitCode(), again.all());
            assertTrue(again.out().contains("this run: sent 0, failed 0, deferred 0"), again.out());
            assertTrue(again.out().contains(address(3) + "  550 5.1.1") && again.out().contains(address(12) + "  552 5.3.4"), again.out());
            // issue 20: the hint names the command that marks the hard bounce in the list, and what to do with the other one
            assertTrue(again.out().contains("next: 2 address(es) above were refused permanently and are still subscribed in the list;"
                    + " mark the hard bounces bounced with tidings subscribers sync --subscribers " + list), again.out());
            assertTrue(again.out().contains("(any other: tidings subscribers bounce EMAIL, or fix or remove it;"), again.out());
            assertEquals(connections, server.connections());
        }
    }
}
