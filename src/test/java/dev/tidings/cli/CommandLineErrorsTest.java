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
 * A wrong command line and an environment that gets in the way: each gives a clear message of one
 * line (plus, for usage mistakes, where help is), the documented exit code (2 usage, 1 input, 4
 * temporary), no stack trace, nothing written half-way, and a send ledger left intact (SQLite's
 * own integrity check, and the same rows as before).
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

    @ParameterizedTest(name = "unreadable {0}")
    @ValueSource(strings = {"digest", "list", "password"})
    void anUnreadableFileIsOneLineAndExitOne(String which) throws IOException {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 3);
        Path password = project.file("password", "secret\n");
        Path unreadable = switch (which) {
            case "digest" -> project.digest();
            case "list" -> list;
            default -> password;
        };
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        try {
            CliRun run = which.equals("password")
                    ? AsFileOwner.run(SendFixture.env(), dir, project.sendArgs(list, "--smtp", "smtp://user@127.0.0.1:9",
                            "--password-file", password.toString(), "--yes"))
                    : AsFileOwner.run(SendFixture.env(), dir, "validate", project.digest().toString(), "--subscribers", list.toString());
            assertEquals(1, run.exitCode(), run.all());
            assertTrue(run.all().contains(unreadable + ": cannot read the"), run.all());
            assertNoStackTrace(run);
        } finally {
            Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("rw-------"));
        }
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

    @Test
    void anUnwritableOutputDirectoryIsOneLineAndLeavesNoPartialFile() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            CliRun run = AsFileOwner.run(SendFixture.env(), dir, "render", MINIMAL.toString(), "-o", out.toString());
            assertOneLine(run, 1, "tidings: " + out.resolve("minimal.html") + ": cannot write here (permission denied); choose another directory with -o DIR");
            try (Stream<Path> left = Files.list(out)) {
                assertEquals(0, left.count());
            }
        } finally {
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    // --- the ledger ------------------------------------------------------------------------------

    @Test
    void aLedgerInAReadOnlyDirectoryStopsTheSendAndStaysIntact() throws IOException {
        try (FaultSmtpServer server = FaultSmtpServer.accepting()) {
            SendFixture project = new SendFixture(dir);
            Path first = project.generatedList("first.csv", 5);
            assertEquals(0, project.send(first, "--smtp", server.url(), "--yes").exitCode());
            Path ledgerDir = project.ledgerFile().getParent();
            Files.setPosixFilePermissions(project.ledgerFile(), PosixFilePermissions.fromString("r--r--r--"));
            Files.setPosixFilePermissions(ledgerDir, PosixFilePermissions.fromString("r-xr-xr-x"));
            try {
                Path more = project.generatedList("more.csv", 30);
                CliRun run = assertTimeoutPreemptively(Deadlines.seconds(60), () -> AsFileOwner.run(SendFixture.env(), dir,
                        project.sendArgs(more, "--smtp", server.url(), "--yes", "--retry-delay", "10")));
                assertOneLine(run, 4, null);
                assertTrue(run.err().contains(project.ledgerFile().toString()), run.err());
                assertTrue(run.err().contains("read-only") || run.err().contains("cannot"), run.err());
            } finally {
                Files.setPosixFilePermissions(ledgerDir, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.setPosixFilePermissions(project.ledgerFile(), PosixFilePermissions.fromString("rw-r--r--"));
            }
            assertEquals("ok", project.ledger().integrity());
            assertEquals(5, project.ledger().rows());
            assertEquals(5, server.acceptedCount(), "nothing sent that could not be recorded");
        }
    }

    /**
     * The disk fills up under the ledger in the middle of a send: an 8 MB tmpfs (room for the ledger and its write-ahead log), filled to the
     * last block once a first send has made the ledger. Needs root and a kernel that lets us
     * mount (skipped otherwise; CI runs as root on a machine that allows it).
     */
    @Test
    void aFullDiskUnderTheLedgerStopsTheSendWithOneLineAndLosesNothing() throws Exception {
        Path disk = Files.createDirectories(dir.resolve("disk"));
        assumeTrue(isRoot() && run("mount", "-t", "tmpfs", "-o", "size=8m", "tidings-test", disk.toString()) == 0,
                "mounting a tmpfs needs root and a kernel that allows it");
        try (FaultSmtpServer server = FaultSmtpServer.accepting()) {
            SendFixture project = new SendFixture(dir);
            Path ledger = disk.resolve("ledger.db");
            LedgerView view = new LedgerView(ledger);
            Path list = project.generatedList("list.csv", 300);
            Path firstFive = project.generatedList("first.csv", 5);
            assertEquals(0, project.send(firstFive, "--smtp", server.url(), "--yes", "--ledger", ledger.toString()).exitCode());
            assertEquals("ok", view.integrity());
            assertEquals(5, view.count(ISSUE, "sent"));

            // Full but for 96 KB: room to open the ledger (its 32 KB shared-memory file) and a few commits, not for 300.
            fillAllBut(disk.resolve("filler"), 96 * 1024);
            CliRun full = assertTimeoutPreemptively(Deadlines.seconds(60), () -> project.send(list, "--smtp", server.url(),
                    "--yes", "--ledger", ledger.toString(), "--retry-delay", "10"));
            assertEquals(4, full.exitCode(), full.all());
            assertNoStackTrace(full);
            // The summary says why the run stopped, in one line, and that a re-run is safe: the disk is
            // full (SQLite says so as SQLITE_FULL, or as an I/O error on its shared-memory file).
            List<String> stopped = full.out().lines().filter(line -> line.startsWith("stopped: ")).toList();
            assertEquals(1, stopped.size(), full.all());
            assertTrue(stopped.get(0).startsWith("stopped: " + ledger + ": cannot write the send ledger: "), full.all());
            assertTrue(stopped.get(0).endsWith("; nothing recorded so far is lost, and re-running after fixing it is safe"), full.all());
            assertTrue(stopped.get(0).contains(": the disk is full;") || stopped.get(0).contains("(is the disk full?)"), full.all());

            // Intact: the five recorded before are still there; every message the server took is recorded (sent or uncertain).
            assertEquals("ok", view.integrity());
            Map<String, String> states = view.states(ISSUE);
            SendFixture.addresses(5).forEach(a -> assertEquals("sent", states.get(a), a));
            server.accepted().forEach((address, count) -> {
                assertEquals(1, count, address);
                assertTrue(List.of("sent", "sending").contains(states.get(address)), address + " accepted but " + states.get(address));
            });

            // Space again: a re-run completes the list, nobody twice except those left uncertain.
            Files.delete(disk.resolve("filler"));
            CliRun again = assertTimeoutPreemptively(Deadlines.seconds(120), () -> project.send(list, "--smtp", server.url(),
                    "--yes", "--ledger", ledger.toString(), "--resend-uncertain"));
            assertEquals(0, again.exitCode(), again.all());
            assertEquals("ok", view.integrity());
            assertEquals(300, view.count(ISSUE, "sent"));
            for (String address : SendFixture.addresses(300)) {
                int received = server.acceptedFor(address);
                assertTrue(received == 1 || received == 2 && "sending".equals(states.get(address)), address + " received " + received);
            }
        } finally {
            run("umount", "--lazy", disk.toString());
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
    private static void assertOneLine(CliRun run, int exitCode, String line) {
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

    /** Fills the file system with one file, then gives back {@code free} bytes of it. */
    private static void fillAllBut(Path file, long free) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - free);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().transferTo(OutputStream.nullOutputStream());
            return process.waitFor(Deadlines.seconds(30).toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
