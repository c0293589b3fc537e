package dev.tidings.cli;

import dev.tidings.Deadlines;
import dev.tidings.mail.smtp.FaultSmtpServer;
import dev.tidings.mail.ledger.LedgerView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.tidings.cli.SendFixture.ISSUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A wrong command line, a missing input or an output path that is a file: each gives a clear
 * message of one line (plus, for usage mistakes, where help is), the documented exit code (2 usage,
 * 1 input), no stack trace, and nothing written. Unreadable files, read-only directories and a full
 * disk, which need a child JVM or a real file system, are {@link FileSystemErrorsIT}.
 */
class CommandLineErrorsTest {
    private static final Path MINIMAL = Path.of("src/test/resources/digests/good/minimal.yaml");

    @TempDir
    Path dir;

    // --- usage -----------------------------------------------------------------------------------

    @Test
    void unknownOptionsAreUsageErrorsNamingTheOptionAndWhereHelpIs() {
        for (String command : List.of("validate", "render", "send", "status")) {
            CliRun run = CliRun.of(command, MINIMAL.toString(), "--frobnicate");
            assertUsageError(run, "tidings: Unknown option: '--frobnicate'", "Run 'tidings help " + command + "' for usage.");
        }
        assertUsageError(CliRun.of("--frobnicate"), "tidings: Unknown option: '--frobnicate'", "Run 'tidings --help' for the commands.");
    }

    @Test
    void aMistypedCommandIsAUsageErrorWithASuggestion() {
        CliRun run = CliRun.of("sned", MINIMAL.toString());
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.err().startsWith("tidings: unknown command 'sned'; did you mean 'send'?\n"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void missingArgumentsAndBadValuesAreUsageErrors() {
        assertUsageError(CliRun.of("validate"), "tidings: Missing required parameter: 'DIGEST.yaml'", "Run 'tidings help validate' for usage.");
        assertUsageError(CliRun.of("validate", MINIMAL.toString(), "--format", "xml"),
                "tidings: Invalid value for option '--format': expected one of [text, json] (case-insensitive) but was 'xml'",
                "Run 'tidings help validate' for usage.");
        assertUsageError(send("--connections", "many"), "tidings: Invalid value for option '--connections': 'many' is not an int",
                "Run 'tidings help send' for usage.");
        assertOneLine(send("--connections", "0"), 2, "tidings: --connections must be between 1 and 32");
        assertOneLine(send("--rate", "fast"), 2, "tidings: --rate: expected a count per second, minute or hour, e.g. 10/s, 300/min or 5000/h");
        assertOneLine(send("--retries", "-1"), 2, "tidings: --retries must be 0 or more, not -1");
        assertOneLine(send("--timeout", "0"), 2, "tidings: --timeout must be at least 1, not 0");
        assertOneLine(send("--daily-limit", "-5"), 2, "tidings: --daily-limit must be 0 or more, not -5");
    }

    @Test
    void dryRunWithTestToIsRefusedBeforeAnythingHappens() throws Exception {
        try (FaultSmtpServer server = FaultSmtpServer.accepting()) {
            SendFixture project = new SendFixture(dir);
            CliRun run = project.send(SendFixture.SAMPLE_LIST, "--smtp", server.url(), "--dry-run", "--test-to", "editor@example.org");
            assertOneLine(run, 2, "tidings: --dry-run and --test-to do not go together: a dry run sends nothing");
            assertEquals(0, server.connections(), "no connection to the relay");
            assertFalse(project.ledger().exists(), "no ledger");
        }
    }

    // --- files -----------------------------------------------------------------------------------

    @Test
    void previewAsAnAddressThatIsNotOnTheListIsRefusedBeforeTheServerStarts() {
        // Before: the preview started and showed the sample reader, as if that were the subscriber asked for.
        // The guard is for that: without the check the preview starts and serves until stopped.
        assertOneLine(assertTimeoutPreemptively(Deadlines.seconds(30), () -> CliRun.of("preview", MINIMAL.toString(), "--subscribers",
                "samples/subscribers.csv", "--as", "nobody@example.org", "--port", "0")),
                1, "tidings: samples/subscribers.csv: no subscriber nobody@example.org in the list");
    }

    @Test
    void aMissingDigestOrADirectoryIsOneLocatedLine() {
        Path missing = dir.resolve("nope.yaml");
        CliRun run = CliRun.of("validate", missing.toString());
        assertEquals(1, run.exitCode());
        assertEquals(missing + ": file not found\n" + missing + ": invalid (1 error, 0 warnings)\n", run.out());
        assertEquals("", run.err());

        CliRun directory = CliRun.of("validate", dir.toString());
        assertEquals(1, directory.exitCode());
        assertEquals(dir + ": is a directory, not a YAML file\n" + dir + ": invalid (1 error, 0 warnings)\n", directory.out());

        CliRun list = CliRun.of("validate", MINIMAL.toString(), "--subscribers", dir.toString());
        assertEquals(1, list.exitCode());
        assertTrue(list.out().startsWith(dir + ": is a directory, not a subscriber list\n"), list.out());
    }

    @Test
    void anOutputDirectoryThatIsOrIsUnderARegularFileIsOneLineAndNothingIsWritten() throws IOException {
        Path file = Files.writeString(dir.resolve("regular"), "a file, not a directory");
        CliRun under = CliRun.of("render", MINIMAL.toString(), "-o", file.resolve("out").toString());
        assertOneLine(under, 1, "tidings: " + file + ": is a file, not a directory; give -o a directory (it would be made inside this file),"
                + " or - for standard output");
        CliRun itself = CliRun.of("render", MINIMAL.toString(), "-o", file.toString());
        assertOneLine(itself, 1, "tidings: " + file + ": is a file, not a directory; give -o a directory, or - for standard output");
        assertEquals("a file, not a directory", Files.readString(file), "the file is left as it was");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no temporary or partial files");
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    private CliRun send(String... more) {
        List<String> args = new ArrayList<>(List.of("send", MINIMAL.toString(), "--subscribers", SendFixture.SAMPLE_LIST.toString(),
                "--smtp", "smtp://127.0.0.1:9", "--yes"));
        args.addAll(List.of(more));
        return CliRun.withEnv(SendFixture.env(), args.toArray(String[]::new));
    }

    private static void assertUsageError(CliRun run, String first, String second) {
        assertEquals(2, run.exitCode(), run.all());
        assertEquals("", run.out());
        assertEquals(first + "\n" + second + "\n", run.err());
    }

    /** Exit code, and exactly one line on stderr (that line too, when given); nothing on stdout. */
    static void assertOneLine(CliRun run, int exitCode, String line) {
        assertEquals(exitCode, run.exitCode(), run.all());
        assertNoStackTrace(run);
        List<String> lines = run.err().lines().filter(l -> l.startsWith("tidings: ")).toList();
        assertEquals(1, lines.size(), run.err());
        if (line != null) {
            assertEquals(line, lines.get(0));
        }
    }

    static void assertNoStackTrace(CliRun run) {
        assertFalse(run.all().contains("\tat ") || run.all().contains("Exception in thread") || run.all().contains("Caused by:")
                || run.all().contains("internal error"), "no stack trace, no internal error: " + run.all());
    }
}
