package dev.tidings.cli;

import dev.tidings.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import static dev.tidings.cli.SendFixture.ISSUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A relay that is not there at all: nothing listens on the port, so every connection is refused.
 * The run retries the connection with back-off, then stops with exit 4 (temporary: run it again
 * later), says why in one line, and records nobody as sent, so the next run sends to everyone.
 */
class SendUnreachableIT {
    @TempDir
    Path dir;

    @Test
    void connectionRefusedStopsWithExitFourQuicklyAndNobodyIsRecordedAsSent() throws IOException {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 50);
        int port = freePort();
        // Bounded by an event-free guard ten times shorter than --timeout: a refusal is not waited out.
        Duration guard = Deadlines.seconds(30);
        String timeout = String.valueOf(10 * guard.toSeconds());
        CliRun run = assertTimeoutPreemptively(guard, () -> project.send(list, "--smtp", "smtp://127.0.0.1:" + port, "--yes",
                "--connections", "4", "--retries", "3", "--retry-delay", "50", "--timeout", timeout));

        assertEquals(4, run.exitCode(), run.all());
        CommandLineErrorsTest.assertNoStackTrace(run);
        long stopped = CliRun.unstamped(run.out()).lines().filter(line -> line.startsWith("stopped: ")).count();
        assertEquals(1, stopped, run.all());
        String said = run.all();
        assertTrue(run.out().contains("stopped: cannot connect to smtp://127.0.0.1:" + port + ": "), said);
        assertTrue(said.toLowerCase(java.util.Locale.ROOT).contains("refused") || said.toLowerCase(java.util.Locale.ROOT).contains("connect"), said);
        assertEquals(0, project.ledger().count(ISSUE, "sent"), "nobody is recorded as sent");
        assertEquals(0, project.ledger().count(ISSUE, "sending"), "nobody is uncertain: nothing was handed over");
        assertEquals("ok", project.ledger().integrity());
    }

    /** A loopback port that was free a moment ago and has nothing listening now. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}
