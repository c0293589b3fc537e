package dev.tidings.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.Deadlines;
import dev.tidings.mail.smtp.FaultSmtpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.tidings.cli.SendFixture.ISSUE;
import static dev.tidings.cli.SendFixture.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What keeps {@code tidings send} from mailing the wrong people, or twice: confirmation, list
 * checks, proofs, dry runs, the daily limit, the unsubscribe secret. Each checks with the
 * server what really went out.
 */
class SendSafetyIT {
    @TempDir
    Path dir;

    private FaultSmtpServer server;
    private SendFixture project;

    @BeforeEach
    void start() {
        server = FaultSmtpServer.accepting();
        project = new SendFixture(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // --- confirmation ----------------------------------------------------------------------------

    @Test
    void withoutATerminalAndWithoutYesItRefusesAndSendsNothing() {
        CliRun run = project.send(SendFixture.SAMPLE_LIST, "--smtp", server.url());
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.err().contains("not sending without confirmation") && run.err().contains("--yes"), run.err());
        assertTrue(run.err().contains("21 to send"), "the survey is shown first: " + run.err());
        assertEquals(0, server.connections(), "not even a connection");
        assertEquals(0, project.ledger().rows());
    }

    @Test
    void onATerminalItAsksAndOnlyYesSends() {
        List<String> prompts = new ArrayList<>();
        CliRun declined = project.sendAnswering("n", prompts, SendFixture.SAMPLE_LIST, "--smtp", server.url());
        assertEquals(0, declined.exitCode(), declined.all());
        assertTrue(declined.err().contains("not sent."), declined.err());
        assertEquals(1, prompts.size());
        assertTrue(prompts.get(0).contains("to 21 subscriber(s) through " + server.url()), prompts.get(0));
        assertEquals(0, server.connections());

        CliRun endOfInput = project.sendAnswering(null, prompts, SendFixture.SAMPLE_LIST, "--smtp", server.url());
        assertEquals(0, endOfInput.exitCode(), endOfInput.all());
        assertEquals(0, server.connections());

        CliRun accepted = project.sendAnswering("y", prompts, SendFixture.SAMPLE_LIST, "--smtp", server.url());
        assertEquals(0, accepted.exitCode(), accepted.all());
        assertEquals(21, server.acceptedCount());
    }

    // --- the list ----------------------------------------------------------------------------------

    private Path listWithProblems() {
        return project.file("list.csv", String.join("\n",
                "email,name,status",                            // 1
                "good1@example.org,Good One,subscribed",        // 2
                "not-an-address,No At,subscribed",              // 3
                "good2@example.org,Good Two,subscribed",        // 4
                "Good Three <good3@example.org>,,subscribed",   // 5
                "good4@example.org,Good Four,sometimes",        // 6
                "good5@example.org,Good Five,subscribed",       // 7
                "GOOD1@Example.ORG,Good One Again,subscribed",  // 8
                "good6@example.org,Good Six,subscribed",        // 9
                "good2@example.org,Good Two Again,subscribed",  // 10
                ""));
    }

    @Test
    void aListWithInvalidRowsIsRefusedBeforeAnythingIsSentNamingEveryBadLine() {
        Path list = listWithProblems();
        CliRun run = project.send(list, "--smtp", server.url(), "--yes");
        assertEquals(1, run.exitCode(), run.all());
        for (int line : new int[] {3, 5, 6}) {
            assertTrue(run.err().contains(list + ":" + line + ": "), "line " + line + " is named: " + run.err());
        }
        assertEquals(3, run.err().lines().filter(l -> l.startsWith(list + ":") && !l.contains("warning")).count(), run.err());
        assertTrue(run.err().contains("3 invalid row(s)") && run.err().contains("--skip-invalid"), run.err());
        assertEquals(0, server.connections());
        assertEquals(0, project.ledger().rows());
    }

    @Test
    void skipInvalidSendsToTheValidRowsAndDuplicatesGetOneCopy() {
        Path list = listWithProblems();
        CliRun run = project.send(list, "--smtp", server.url(), "--yes", "--skip-invalid");
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.err().contains(list + ":8: warning: duplicate of an earlier row (GOOD1@Example.ORG)"), run.err());
        assertTrue(run.err().contains(list + ":10: warning: duplicate of an earlier row (good2@example.org)"), run.err());
        assertTrue(run.err().contains("list: 9 rows: 4 to send, 2 duplicate, 3 invalid (invalid rows skipped: --skip-invalid)"), run.err());
        assertEquals(Map.of("good1@example.org", 1, "good2@example.org", 1, "good5@example.org", 1, "good6@example.org", 1),
                server.accepted());
        assertEquals(4, project.ledger().count(ISSUE, "sent"));
        // The first row of a repeated address decides its name.
        String toGood1 = server.received().stream().filter(r -> r.address().equals("good1@example.org")).findFirst().orElseThrow().text();
        assertTrue(toGood1.contains("To: Good One <good1@example.org>"), toGood1.lines().filter(l -> l.startsWith("To:")).toList().toString());
    }

    // --- proofs and dry runs ----------------------------------------------------------------------

    @Test
    void testToSendsOneProofPerAddressAndRecordsNothing() {
        CliRun run = project.send(SendFixture.SAMPLE_LIST, "--smtp", server.url(), "--yes",
                "--test-to", "editor@trainingzone.example,Zoe.Martin@example.org");
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().contains("proof: sent 2, failed 0, deferred 0"), run.out());
        assertEquals(Map.of("editor@trainingzone.example", 1, "zoe.martin@example.org", 1), server.accepted());
        String toZoe = server.received().stream().filter(r -> r.address().equals("zoe.martin@example.org")).findFirst().orElseThrow().text();
        assertTrue(toZoe.contains("Zo=C3=AB"), "a subscriber's proof is personalised as theirs");
        assertEquals(0, project.ledger().rows(), "a proof is not a delivery");

        // The real send still reaches Zoë.
        CliRun real = project.send(SendFixture.SAMPLE_LIST, "--smtp", server.url(), "--yes");
        assertEquals(0, real.exitCode(), real.all());
        assertEquals(2, server.acceptedFor("zoe.martin@example.org"));
        assertEquals(21, project.ledger().count(ISSUE, "sent"));
    }

    @Test
    void aProofToAnInvalidAddressIsRefusedInsteadOfHangingTheRun() {
        CliRun run = assertTimeoutPreemptively(Deadlines.seconds(30), () ->
                project.send(null, "--smtp", server.url(), "--yes", "--test-to", "not-an-address"));
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.err().contains("--test-to 'not-an-address' is not a valid email address"), run.err());
        assertEquals(0, server.acceptedCount());
    }

    @Test
    void aDryRunSendsNothingAndWritesNoLedgerRows() {
        CliRun run = project.send(SendFixture.SAMPLE_LIST, "--smtp", server.url(), "--dry-run");
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(CliRun.unstamped(run.out()).startsWith("dry run: would send 21 messages"), run.out());
        assertEquals(0, server.connections());
        assertFalse(project.ledger().exists(), "no ledger is created");

        // After part of the list was sent, a dry run counts only the rest, and leaves the ledger alone.
        project.send(SendFixture.SAMPLE_LIST, "--smtp", server.url(), "--yes", "--daily-limit", "5");
        Map<String, String> before = project.ledger().states(ISSUE);
        CliRun rest = project.send(SendFixture.SAMPLE_LIST, "--dry-run", "--json");
        assertEquals(0, rest.exitCode(), rest.all());
        JsonNode json = json(rest.out());
        assertEquals(16, json.get("would_send").asLong());
        assertEquals(5, json.get("list").get("already_sent").asLong());
        assertEquals(before, project.ledger().states(ISSUE));
        assertEquals(5, server.acceptedCount());
    }

    // --- the daily limit ---------------------------------------------------------------------------

    @Test
    void theDailyLimitStopsTheRunAndTheNextDayContinues() {
        Path list = project.generatedList("list.csv", 12);
        CliRun first = project.send(list, "--smtp", server.url(), "--yes", "--daily-limit", "5");
        assertEquals(4, first.exitCode(), first.all());
        assertTrue(first.out().contains("this run: sent 5"), first.out());
        assertTrue(first.out().contains("the daily limit of 5 messages per 24 hours is reached"), first.out());
        assertEquals(5, server.acceptedCount());

        CliRun sameDay = project.send(list, "--smtp", server.url(), "--yes", "--daily-limit", "5");
        assertEquals(4, sameDay.exitCode(), sameDay.all());
        assertEquals(5, server.acceptedCount(), "the limit is per rolling 24 hours, across runs");

        project.ledger().age(Duration.ofHours(25));
        CliRun nextDay = project.send(list, "--smtp", server.url(), "--yes", "--daily-limit", "5");
        assertEquals(4, nextDay.exitCode(), nextDay.all());
        assertEquals(10, server.acceptedCount());

        project.ledger().age(Duration.ofHours(25));
        CliRun last = project.send(list, "--smtp", server.url(), "--yes", "--daily-limit", "5");
        assertEquals(0, last.exitCode(), last.all());
        assertEquals(12, server.acceptedCount());
        server.accepted().forEach((address, count) -> assertEquals(1, count, address));
        assertEquals(12, project.ledger().count(ISSUE, "sent"));
    }

    // --- JSON ------------------------------------------------------------------------------------

    @Test
    void jsonOutputParsesAndCarriesTheCounts() throws Exception {
        Path list = project.generatedList("list.csv", 6);
        try (FaultSmtpServer refusing = new FaultSmtpServer(new FaultSmtpServer.Script() {
            @Override
            public String rcpt(String address, int attempt) {
                return address.equals(address(2)) ? "550 5.1.1 No such user" : null;
            }
        }).start()) {
            CliRun run = project.send(list, "--smtp", refusing.url(), "--yes", "--json");
            assertEquals(3, run.exitCode(), run.all());
            JsonNode json = json(run.out());
            assertEquals(ISSUE, json.get("issue").asText());
            assertEquals(5, json.get("run").get("sent").asLong());
            assertEquals(1, json.get("run").get("failed").asLong());
            assertEquals(0, json.get("run").get("deferred").asLong());
            assertTrue(json.get("run").get("stopped").isNull());
            assertEquals(6, json.get("list").get("rows").asLong());
            assertEquals(6, json.get("list").get("send").asLong());
            assertEquals(5, json.get("ledger").get("sent").asLong());
            assertEquals(1, json.get("ledger").get("failed").asLong());
            assertEquals(0, json.get("ledger").get("uncertain").asLong());
            assertEquals(address(2), json.get("failures").get(0).get("email").asText());
            assertTrue(json.get("failures").get(0).get("reply").asText().startsWith("550 5.1.1"));
            assertEquals(3, json.get("exit_code").asInt());
        }
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    // --- the unsubscribe secret ----------------------------------------------------------------------

    @Test
    void withoutTidingsSecretARealRelayIsRefused() {
        CliRun run = project.sendWith(Map.of(), SendFixture.SAMPLE_LIST, "--smtp", server.url(), "--yes");
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains("TIDINGS_SECRET is not set") && run.err().contains("nothing was sent"), run.err());
        assertEquals(1, server.connections(), "one look at the greeting: a mail catcher would take a rehearsal");
        assertEquals(0, server.acceptedCount());
        assertFalse(project.ledger().exists());
    }

    /** In a child JVM: the sandbox saves its mail under out/sandbox of the working directory. */
    @Test
    void withoutTidingsSecretTheSandboxSendsAndWarns() throws Exception {
        Process process = project.childJvm(List.of("-Xmx256m"), Map.of(), "send", "digest.yaml",
                "--subscribers", SendFixture.SAMPLE_LIST.toAbsolutePath().toString(), "--smtp", "sandbox", "--yes").start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        Deadlines.awaitExit(process, Duration.ofSeconds(120), null);
        assertEquals(0, process.exitValue(), out + err);
        assertTrue(err.contains("warning: TIDINGS_SECRET is not set; unsubscribe links carry the placeholder token"), err);
        assertTrue(err.contains("sandbox: 21 messages received in 21 mailboxes"), err);
        try (Stream<Path> saved = Files.list(dir.resolve("out").resolve("sandbox"))) {
            assertEquals(21, saved.filter(p -> p.toString().endsWith(".eml")).count());
        }
        assertFalse(project.ledger().exists(), "the sandbox keeps its own ledger, not the project's");
    }
}
