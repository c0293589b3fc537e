package dev.tidings.cli;

import dev.tidings.digest.Issue;
import dev.tidings.digest.load.DigestLoader;
import dev.tidings.digest.load.LoadedDigest;
import dev.tidings.mail.smtp.FaultSmtpServer;
import dev.tidings.render.UnsubscribeToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidings init DIR} (issue 18, finding 6): a folder that works at once, through the real
 * command line: it validates with no warning, shows every feature of the format, keeps its secret
 * to its owner, and sends to a real SMTP server with that secret; and it overwrites nothing.
 */
class InitCommandIT {
    @TempDir
    Path scratch;

    @Test
    void theNewFolderValidatesWithItsListWarningOnlyThatNothingSignsTheMail() {
        Path dir = scratch.resolve("letter");
        CliRun init = CliRun.of("init", dir.toString());
        assertEquals(0, init.exitCode(), init.all());
        assertEquals("", init.err());
        assertTrue(init.out().contains("tidings validate issues/issue-1.yaml --subscribers subscribers.csv"), init.out());

        CliRun validate = CliRun.of("validate", dir.resolve("issues/issue-1.yaml").toString(),
                "--subscribers", dir.resolve("subscribers.csv").toString());
        assertEquals(0, validate.exitCode(), validate.all());
        // One warning, the one step init cannot take for you: a DKIM key whose record you publish in your DNS.
        assertEquals(dir.resolve("newsletter.yaml") + ":3:1: warning: newsletter: " + ValidateCommandTest.NO_DKIM + "\n"
                + dir.resolve("issues/issue-1.yaml") + ": valid (0 errors, 1 warning)\n"
                + dir.resolve("subscribers.csv") + ": valid (0 errors, 0 warnings): 3 rows, 3 subscribed, 0 invalid, 0 duplicate\n", validate.out());
    }

    @Test
    void theFirstIssueShowsEveryFeatureAndSharesTheNewsletterFile() throws IOException {
        Path dir = scratch.resolve("letter");
        assertEquals(0, CliRun.of("init", dir.toString()).exitCode());
        assertTrue(Files.readString(dir.resolve("issues/issue-1.yaml")).contains("newsletter: ../newsletter.yaml"));
        LoadedDigest loaded = new DigestLoader().load(dir.resolve("issues/issue-1.yaml"));
        assertFalse(loaded.hasErrors(), loaded.problems().toString());
        Issue issue = loaded.valid().issue();
        assertEquals("issue-1", issue.id());
        assertNotNull(issue.author().bio());
        assertFalse(issue.items().get(0).quotes().isEmpty(), "an item with quotes");
        assertFalse(issue.sections().isEmpty(), "a section");
        assertNotNull(issue.callouts().get(0).event(), "an event call-out");
        assertNotNull(issue.standfirst());
        assertNotNull(issue.closing());
    }

    @Test
    void secretsEnvHoldsAStrongSecretReadableOnlyByItsOwnerAndGitIgnoresIt() throws IOException {
        Path dir = scratch.resolve("letter");
        assertEquals(0, CliRun.of("init", dir.toString()).exitCode());
        Path secrets = dir.resolve("secrets.env");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)));
        String secret = secretIn(secrets);
        assertNull(UnsubscribeToken.weakness(secret));
        assertTrue(Files.readAllLines(dir.resolve(".gitignore")).containsAll(java.util.List.of(".tidings/", "secrets.env", "out/")));

        Path other = scratch.resolve("other");
        assertEquals(0, CliRun.of("init", other.toString()).exitCode());
        assertFalse(secret.equals(secretIn(other.resolve("secrets.env"))), "each folder its own secret");
    }

    @Test
    void theFolderSendsForRealWithItsOwnSecret() throws IOException {
        Path dir = scratch.resolve("letter");
        assertEquals(0, CliRun.of("init", dir.toString()).exitCode());
        try (FaultSmtpServer relay = FaultSmtpServer.accepting()) {
            CliRun send = CliRun.withEnv(Map.of("TIDINGS_SECRET", secretIn(dir.resolve("secrets.env"))), "send",
                    dir.resolve("issues/issue-1.yaml").toString(), "--subscribers", dir.resolve("subscribers.csv").toString(),
                    "--smtp", relay.url(), "--yes");
            assertEquals(0, send.exitCode(), send.all());
            assertEquals(3, relay.acceptedCount());
            assertFalse(relay.received().get(0).text().contains(UnsubscribeToken.PLACEHOLDER));
        }
        assertTrue(Files.exists(dir.resolve("issues/.tidings")), "the ledger beside the issue, where .gitignore expects it");
    }

    @Test
    void anExistingFileStopsItBeforeAnythingIsWritten() throws IOException {
        Path dir = Files.createDirectories(scratch.resolve("letter"));
        Files.writeString(dir.resolve("subscribers.csv"), "email\nmine@example.org\n");
        CliRun init = CliRun.of("init", dir.toString());
        assertEquals(1, init.exitCode(), init.all());
        assertEquals("tidings: " + dir.resolve("subscribers.csv") + " already exists; init overwrites nothing and wrote nothing:"
                + " give a new or empty folder\n", init.err());
        assertEquals("email\nmine@example.org\n", Files.readString(dir.resolve("subscribers.csv")));
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "nothing else was written");
        }
    }

    private static String secretIn(Path secretsEnv) throws IOException {
        return Files.readAllLines(secretsEnv).stream().filter(line -> line.startsWith("export TIDINGS_SECRET="))
                .map(line -> line.substring("export TIDINGS_SECRET=".length())).findFirst().orElseThrow();
    }

    @Test
    void languageWritesTheTagAndTheFirstIssueRendersInIt() throws IOException {
        Path dir = scratch.resolve("brief");
        CliRun init = CliRun.of("init", dir.toString(), "--language", "de");
        assertEquals(0, init.exitCode(), init.all());
        assertTrue(Files.readString(dir.resolve("newsletter.yaml")).endsWith("\nlanguage: de\n"));
        CliRun render = CliRun.withEnv(Map.of("TIDINGS_SECRET", secretIn(dir.resolve("secrets.env"))), "render",
                dir.resolve("issues/issue-1.yaml").toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, render.exitCode(), render.all());
        assertTrue(Files.readString(dir.resolve("out/issue-1.html")).contains("<html lang=\"de\" dir=\"ltr\">"));
    }

    @Test
    void anUnknownLanguageIsAUsageErrorNamingTheNearestAndWritesNothing() {
        Path dir = scratch.resolve("none");
        CliRun init = CliRun.of("init", dir.toString(), "--language", "deutsch");
        assertEquals(2, init.exitCode(), init.all());
        assertTrue(init.err().startsWith("tidings: --language: unknown language 'deutsch'; did you mean 'de'"), init.err());
        assertFalse(Files.exists(dir));
    }
}
