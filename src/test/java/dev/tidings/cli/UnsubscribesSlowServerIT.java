package dev.tidings.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An IMAP server that answers a byte at a time never trips a per-read timeout: before the fix such
 * a server kept {@code tidings unsubscribes --timeout 1} waiting for ever. Each command now has
 * {@code --timeout} to be answered, and connecting with logging in has it as a whole; past it the
 * connection is dropped and the run stops with one line, exit 4.
 *
 * <p>Nothing here measures speed: each run must end (the event), and is given a minute to, far more
 * than its few seconds of deadline on a machine many times slower than any.
 */
class UnsubscribesSlowServerIT {
    /** The event's deadline: the runs end after 1-3 s of the servers' slowness; without the fix they never end. */
    private static final Duration ENDS_WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aGreetingThatTricklesStopsTheRunAtTheLoginDeadline() throws Exception {
        try (TrickleImapServer server = new TrickleImapServer(TrickleImapServer.Slow.GREETING, Duration.ZERO)) {
            CliRun run = unsubscribes(server, "1");
            assertStopped(run, server.url() + ": connecting and logging in took longer than 1 s (--timeout), so the connection was dropped;"
                    + " running again is safe");
            assertTrue(server.commands.isEmpty(), "nothing was sent after a greeting that never ended: " + server.commands);
            assertDropped(server);
        }
    }

    @Test
    void aCommandWhoseAnswerTricklesStopsTheRunAtItsDeadline() throws Exception {
        for (TrickleImapServer.Slow slow : List.of(TrickleImapServer.Slow.SELECT, TrickleImapServer.Slow.SEARCH)) {
            try (TrickleImapServer server = new TrickleImapServer(slow, Duration.ZERO)) {
                CliRun run = unsubscribes(server, "1");
                assertStopped(run, server.url() + ": the server did not complete a command within 1 s (--timeout), so the connection was dropped;"
                        + " running again is safe");
                assertTrue(server.commands.stream().anyMatch(c -> c.contains(" " + slow.name() + " ")), slow + ": " + server.commands);
                assertDropped(server);
            }
        }
    }

    @Test
    void loggingInHasOneDeadlineHoweverManyStepsItTakes() throws Exception {
        // Three exchanges (greeting, CAPABILITY, LOGIN) of 0.9 s each: each well within 2 s, together over it.
        try (TrickleImapServer server = new TrickleImapServer(TrickleImapServer.Slow.EACH_LOGIN_STEP, Duration.ofMillis(900))) {
            CliRun run = unsubscribes(server, "2");
            assertStopped(run, server.url() + ": connecting and logging in took longer than 2 s (--timeout), so the connection was dropped;"
                    + " running again is safe");
            assertFalse(server.commands.stream().anyMatch(c -> c.contains(" SELECT ")), "it never got past logging in: " + server.commands);
        }
    }

    private void assertStopped(CliRun run, String message) throws Exception {
        assertEquals(4, run.exitCode(), run.all());
        assertEquals("", run.out());
        assertEquals("tidings: " + message + "\n", run.err(), "one line, no stack trace");
        assertEquals("email,status\na@example.org,subscribed\n", Files.readString(dir.resolve("list.csv")), "the list is untouched");
    }

    /** The server sees its client go: the dropped connection, not one left open behind the stop. */
    private static void assertDropped(TrickleImapServer server) throws InterruptedException {
        long end = System.nanoTime() + ENDS_WITHIN.toNanos();
        while (!server.clientsGone() && System.nanoTime() - end < 0) {
            Thread.sleep(50);
        }
        assertTrue(server.clientsGone(), "the connection was dropped");
    }

    private CliRun unsubscribes(TrickleImapServer server, String timeout) throws Exception {
        Path list = Files.writeString(dir.resolve("list.csv"), "email,status\na@example.org,subscribed\n");
        return assertTimeoutPreemptively(ENDS_WITHIN, () -> CliRun.withEnv(UnsubscribeMailbox.env(), "unsubscribes", "--imap", server.url(),
                "--subscribers", list.toString(), "--timeout", timeout), "the run ends");
    }
}
