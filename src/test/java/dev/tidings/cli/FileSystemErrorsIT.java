package dev.tidings.cli;

import dev.tidings.Deadlines;
import dev.tidings.mail.ledger.LedgerView;
import dev.tidings.mail.smtp.FaultSmtpServer;
import dev.tidings.render.RenderFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.tidings.cli.CommandLineErrorsTest.assertNoStackTrace;
import static dev.tidings.cli.CommandLineErrorsTest.assertOneLine;
import static dev.tidings.cli.SendFixture.ISSUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A file system that gets in the way: unreadable inputs, read-only output and ledger directories,
 * a disk that fills up under the ledger mid-send. Each gives one line and the documented exit code
 * (1 input, 4 temporary), no stack trace, nothing written half-way, and a send ledger left intact
 * (SQLite's own integrity check, and the same rows as before). End to end: as root the command runs
 * in a child JVM held to the permission bits ({@link AsFileOwner}), the sends go to a real SMTP
 * server, and the full disk is a real tmpfs. The wrong command lines are {@link CommandLineErrorsTest}.
 */
class FileSystemErrorsIT {
    private static final Path MINIMAL = Path.of("src/test/resources/digests/good/minimal.yaml");

    @TempDir
    Path dir;

    // --- files -----------------------------------------------------------------------------------

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

    @Test
    void aDirectoryToMakeUnderAReadOnlyOneIsOneLineAndExitOne() throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // As root, in a child held to the permission bits (AsFileOwner).
            CliRun run = AsFileOwner.run(Map.of("TIDINGS_SECRET", RenderFixtures.TEST_SECRET), dir, "render", RenderFixtures.SAMPLE.toString(),
                    "-o", locked.resolve("out").toString());
            assertEquals(1, run.exitCode(), run.all());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("tidings: " + locked.resolve("out")), run.err());
            assertTrue(run.err().contains("permission denied"), run.err());
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
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
                // Its lock file cannot be made there (none is left beside a ledger since issue 18): the
                // ledger is the wrong place until someone fixes it, so exit 1, not "try again later".
                assertOneLine(run, 1, null);
                assertTrue(run.err().contains(project.ledgerFile().toString()), run.err());
                assertTrue(run.err().contains("permission denied"), run.err());
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
            List<String> stopped = CliRun.unstamped(full.out()).lines().filter(line -> line.startsWith("stopped: ")).toList();
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
