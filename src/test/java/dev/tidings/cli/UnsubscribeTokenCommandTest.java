package dev.tidings.cli;

import dev.tidings.render.UnsubscribeToken;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnsubscribeTokenCommandTest {
    private static final String TEST_SECRET = "a test secret, long enough to sign real links";
    private static final Map<String, String> SECRET = Map.of("TIDINGS_SECRET", TEST_SECRET);

    @Test
    void makesTheTokenThatRenderedLinksCarry() {
        CliRun run = CliRun.withEnv(SECRET, "unsubscribe-token", "make", "Zoe@Example.org");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(UnsubscribeToken.withSecret(TEST_SECRET).tokenFor("zoe@example.org") + "\n", run.out());
    }

    @Test
    void verifyExitsZeroForTheGenuineTokenAndOneOtherwise() {
        String token = UnsubscribeToken.withSecret(TEST_SECRET).tokenFor("zoe@example.org");
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
    void aWeakSecretMakesNoTokenButStillVerifiesTheLinksAlreadySentWithAWarning() {
        Map<String, String> weak = Map.of("TIDINGS_SECRET", "hunter2");
        CliRun made = CliRun.withEnv(weak, "unsubscribe-token", "make", "zoe@example.org");
        assertEquals(1, made.exitCode(), made.all());
        assertEquals("", made.out());
        assertEquals("tidings: TIDINGS_SECRET is shorter than 32 characters: a secret that signs unsubscribe links needs 128 bits,"
                + " or whoever has one link can work it out and forge links for every address; make one with 'tidings secret'"
                + " and give your unsubscribe page the same (links already sent with the old secret stop verifying); no token was made\n",
                made.err());

        String token = UnsubscribeToken.withSecret("hunter2").tokenFor("zoe@example.org");
        CliRun verified = CliRun.withEnv(weak, "unsubscribe-token", "verify", "zoe@example.org", token);
        assertEquals(0, verified.exitCode(), verified.all());
        assertEquals("valid\n", verified.out());
        assertTrue(verified.err().startsWith("warning: TIDINGS_SECRET is shorter than 32 characters"), verified.err());
        assertFalse(made.all().contains("hunter2") || verified.all().contains("hunter2"), "the secret is never printed");

        CliRun pattern = CliRun.withEnv(Map.of("TIDINGS_SECRET", "changeme".repeat(5)), "unsubscribe-token", "make", "zoe@example.org");
        assertEquals(1, pattern.exitCode(), pattern.all());
        assertTrue(pattern.err().startsWith("tidings: TIDINGS_SECRET has fewer than 8 different characters: "), pattern.err());
        assertEquals(0, CliRun.withEnv(Map.of("TIDINGS_SECRET", "0123456789abcdef".repeat(2)), "unsubscribe-token", "make",
                "zoe@example.org").exitCode(), "32 hex digits (openssl rand -hex 16) are enough");
    }

    @Test
    void withoutTheSecretItIsAUsageErrorAndTheSecretNeverPrints() {
        CliRun run = CliRun.withEnv(Map.of(), "unsubscribe-token", "verify", "zoe@example.org", "x");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("TIDINGS_SECRET is not set"), run.err());
        CliRun made = CliRun.withEnv(SECRET, "unsubscribe-token", "make", "zoe@example.org");
        assertFalse(made.all().contains(TEST_SECRET));
    }
}
