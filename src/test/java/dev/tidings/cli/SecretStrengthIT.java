package dev.tidings.cli;

import dev.tidings.mail.smtp.FaultSmtpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TIDINGS_SECRET signs every unsubscribe link; whoever holds one link can try keys offline, so a
 * real send needs a secret of 128 bits (32 characters or more, not a short pattern repeated).
 * Rehearsals (--dry-run) send no link anywhere and stay lenient.
 */
class SecretStrengthIT {
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

    @Test
    void aShortSecretIsRefusedForARealRelaySayingHowToMakeOneAndNothingIsSent() {
        CliRun run = project.sendWith(Map.of("TIDINGS_SECRET", "x"), SendFixture.SAMPLE_LIST, "--smtp", server.url(), "--yes");
        assertEquals(1, run.exitCode(), run.all());
        assertEquals("tidings: TIDINGS_SECRET is shorter than 32 characters: a secret that signs unsubscribe links needs 128 bits,"
                + " or whoever has one link can work it out and forge links for every address; make one with 'tidings secret'"
                + " and give your unsubscribe page the same (links already sent with the old secret stop verifying); nothing was sent\n",
                run.err());
        assertEquals(0, server.connections(), "not even a connection");
        assertFalse(project.ledger().exists());
    }

    @Test
    void aLongPatternIsRefusedAndTheSecretIsNeverPrinted() {
        String pattern = "hunter2".repeat(6); // 42 characters, 7 different
        CliRun run = project.sendWith(Map.of("TIDINGS_SECRET", pattern), SendFixture.SAMPLE_LIST, "--smtp", server.url(), "--yes");
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().startsWith("tidings: TIDINGS_SECRET has fewer than 8 different characters: "), run.err());
        assertFalse(run.all().contains("hunter2"), run.all());
        assertEquals(0, server.connections());
    }

    @Test
    void aDryRunStaysLenientAndAStrongSecretSends() {
        CliRun rehearsal = project.sendWith(Map.of("TIDINGS_SECRET", "x"), SendFixture.SAMPLE_LIST, "--dry-run");
        assertEquals(0, rehearsal.exitCode(), rehearsal.all());
        assertEquals(0, server.connections());

        // What the README's command makes: 32 random bytes in base64, 44 characters.
        String generated = java.util.Base64.getEncoder().encodeToString(new java.security.SecureRandom().generateSeed(32));
        CliRun real = project.sendWith(Map.of("TIDINGS_SECRET", generated), SendFixture.SAMPLE_LIST, "--smtp", server.url(), "--yes");
        assertEquals(0, real.exitCode(), real.all());
        assertEquals(21, server.received().size());
    }
}
