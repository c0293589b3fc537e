package dev.tidings.cli;

import dev.tidings.render.UnsubscribeToken;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnsubscribeTokenCommandTest {
    private static final Map<String, String> SECRET = Map.of("TIDINGS_SECRET", "a test secret");

    @Test
    void makesTheTokenThatRenderedLinksCarry() {
        CliRun run = CliRun.withEnv(SECRET, "unsubscribe-token", "make", "Zoe@Example.org");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(UnsubscribeToken.withSecret("a test secret").tokenFor("zoe@example.org") + "\n", run.out());
    }

    @Test
    void verifyExitsZeroForTheGenuineTokenAndOneOtherwise() {
        String token = UnsubscribeToken.withSecret("a test secret").tokenFor("zoe@example.org");
        CliRun genuine = CliRun.withEnv(SECRET, "unsubscribe-token", "verify", "ZOE@example.org", token);
        assertEquals(0, genuine.exitCode(), genuine.all());
        assertEquals("valid\n", genuine.out());
        CliRun tampered = CliRun.withEnv(SECRET, "unsubscribe-token", "verify", "zoe@example.org", token.substring(1) + "A");
        assertEquals(1, tampered.exitCode());
        assertEquals("invalid\n", tampered.out());
        assertEquals(1, CliRun.withEnv(SECRET, "unsubscribe-token", "verify", "someone@example.org", token).exitCode());
        assertEquals(1, CliRun.withEnv(SECRET, "unsubscribe-token", "verify", "zoe@example.org", UnsubscribeToken.PLACEHOLDER).exitCode());
    }

    @Test
    void withoutTheSecretItIsAUsageErrorAndTheSecretNeverPrints() {
        CliRun run = CliRun.withEnv(Map.of(), "unsubscribe-token", "verify", "zoe@example.org", "x");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("TIDINGS_SECRET is not set"), run.err());
        CliRun made = CliRun.withEnv(SECRET, "unsubscribe-token", "make", "zoe@example.org");
        assertFalse(made.all().contains("a test secret"));
    }
}
