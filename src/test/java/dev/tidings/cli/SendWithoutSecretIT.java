package dev.tidings.cli;

import dev.tidings.Deadlines;
import dev.tidings.mail.loop.PlaceholderTokens;
import dev.tidings.mail.smtp.FaultSmtpServer;
import dev.tidings.mail.smtp.SmtpSandbox;
import dev.tidings.render.UnsubscribeToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, finding 7: the README's rehearsal (tidings sandbox, then a send to it) failed without
 * TIDINGS_SECRET, though its links go nowhere. A send to a relay that greets as a mail catcher now
 * carries placeholder tokens with a warning, as render does; a real relay still needs the secret,
 * and the refusal says how to make one. All through the real command line, with no secret set.
 */
class SendWithoutSecretIT {
    private static final Duration DEADLINE = Deadlines.seconds(180);
    private static final String WARNING = "warning: TIDINGS_SECRET is not set; unsubscribe links carry the placeholder token "
            + UnsubscribeToken.PLACEHOLDER;

    @TempDir
    Path dir;

    @Test
    void theSandboxStartedSeparatelyTakesASendWithoutASecret() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 12);
        try (SmtpSandbox sandbox = SmtpSandbox.start(0)) {
            CliRun run = send(project, list, "--smtp", "smtp://127.0.0.1:" + sandbox.port(), "--yes");
            assertEquals(0, run.exitCode(), run.all());
            assertTrue(run.err().contains(WARNING), run.err());
            assertEquals(12, sandbox.received().size());
            assertTrue(run.out().contains("rehearsed through tidings sandbox"), run.out());
        }
        assertEquals(0, project.ledger().count(SendFixture.ISSUE, "sent"), "a rehearsal, not deliveries of the issue");
    }

    @Test
    void aCatcherGetsThePlaceholderTokenInEveryLink() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 3);
        try (FaultSmtpServer mailpit = FaultSmtpServer.accepting().greeting("220 localhost Mailpit ESMTP Service ready")) {
            CliRun run = send(project, list, "--smtp", mailpit.url(), "--yes");
            assertEquals(0, run.exitCode(), run.all());
            assertEquals(3, mailpit.received().size());
            mailpit.received().forEach(message -> assertTrue(message.text().contains(UnsubscribeToken.PLACEHOLDER), message.text()));
        }
    }

    @Test
    void aProofToTheSandboxNeedsNoSecret() {
        SendFixture project = new SendFixture(dir);
        try (SmtpSandbox sandbox = SmtpSandbox.start(0)) {
            CliRun run = send(project, null, "--smtp", "smtp://127.0.0.1:" + sandbox.port(), "--test-to", "editor@example.org");
            assertEquals(0, run.exitCode(), run.all());
            assertTrue(run.err().contains(WARNING), run.err());
            assertEquals(1, sandbox.received().size());
        }
    }

    @Test
    void aRealRelayIsRefusedBeforeTheLedgerIsOpenedSayingHowToMakeASecret() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 3);
        try (FaultSmtpServer relay = FaultSmtpServer.accepting()) {
            CliRun run = send(project, list, "--smtp", relay.url(), "--yes");
            assertEquals(1, run.exitCode(), run.all());
            assertTrue(run.err().endsWith("tidings: " + PlaceholderTokens.refusal(relay.url()) + "\n"), run.err());
            assertTrue(run.err().contains("make one with 'tidings secret'"), run.err());
            assertEquals(1, relay.connections(), "one look at the greeting");
            assertEquals(0, relay.acceptedCount());
            assertFalse(project.ledger().exists(), "refused before the ledger was made");

            CliRun proof = send(project, null, "--smtp", relay.url(), "--test-to", "editor@example.org");
            assertEquals(1, proof.exitCode(), proof.all());
            assertTrue(proof.err().contains(PlaceholderTokens.refusal(relay.url())), proof.err());
            assertEquals(0, relay.acceptedCount(), "nor a proof with a link that fails");
        }
    }

    /** The look at the greeting is not the only check: the connection the messages go through is checked again. */
    @Test
    void aRelayThatPassesForACatcherOnlyAtFirstStillGetsNothing() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 3);
        try (FaultSmtpServer relay = FaultSmtpServer.accepting().firstGreeting("220 localhost Mailpit ESMTP Service ready")) {
            CliRun run = send(project, list, "--smtp", relay.url(), "--yes");
            assertEquals(1, run.exitCode(), run.all());
            assertTrue(run.err().contains(PlaceholderTokens.refusal(relay.url())), run.err());
            assertEquals(0, relay.acceptedCount());
        }
    }

    private static CliRun send(SendFixture project, Path list, String... args) {
        return assertTimeoutPreemptively(DEADLINE, () -> project.sendWith(Map.of(), list, args));
    }
}
