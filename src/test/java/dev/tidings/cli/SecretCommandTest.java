package dev.tidings.cli;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidings secret} (issue 18, finding 6): one line on stdout that {@code $(...)} can take,
 * 256 random bits, and a secret that the commands which refuse weak ones accept.
 */
class SecretCommandTest {
    @Test
    void printsOneLineOf256BitsInBase64urlAndNothingElse() {
        CliRun run = CliRun.of("secret");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals("", run.err());
        assertTrue(run.out().matches("[A-Za-z0-9_-]{43}\n"), run.out());
        assertEquals(32, Base64.getUrlDecoder().decode(run.out().strip()).length);
    }

    @Test
    void eachRunDrawsANewOne() {
        assertNotEquals(CliRun.of("secret").out(), CliRun.of("secret").out());
    }

    /** unsubscribe-token make refuses a weak secret as a real send does: what secret makes, it takes. */
    @Test
    void whatItPrintsIsAcceptedWhereAStrongSecretIsRequired() {
        String secret = CliRun.of("secret").out().strip();
        CliRun make = CliRun.withEnv(Map.of("TIDINGS_SECRET", secret), "unsubscribe-token", "make", "zoe.martin@example.org");
        assertEquals(0, make.exitCode(), make.all());
        assertTrue(make.out().matches("[A-Za-z0-9_-]{43}\n"), make.out());
    }
}
