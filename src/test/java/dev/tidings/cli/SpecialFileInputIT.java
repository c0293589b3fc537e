package dev.tidings.cli;

import dev.tidings.mail.smtp.FaultSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A named pipe given as an input file: opening one waits until some other process opens it for
 * writing, so {@code validate pipe.yaml} hung for good. Each command runs on its own thread with a
 * deadline generous for a slow machine; one that blocks is released by opening the pipe's other end,
 * and fails the test instead of hanging it.
 */
class SpecialFileInputIT {
    private static final String NOT_REGULAR = "is a named pipe (FIFO), not a regular file; tidings reads its inputs only from"
            + " regular files (a pipe would wait for a writer that may never come)";
    private static final ThreadFactory DAEMONS = runnable -> {
        Thread thread = new Thread(runnable, "special-file-input");
        thread.setDaemon(true);
        return thread;
    };

    @TempDir
    Path dir;

    private Path fifo(String name) throws IOException, InterruptedException {
        Path fifo = dir.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(60, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        return fifo;
    }

    /** The run, or a failure if it has not returned by the deadline (the pipe then gets a writer, so no thread stays stuck). */
    private static CliRun returning(Path fifo, Supplier<CliRun> command) throws Exception {
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(command, Executors.newSingleThreadExecutor(DAEMONS));
        try {
            return run.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            CompletableFuture.runAsync(() -> {
                try (OutputStream release = Files.newOutputStream(fifo)) {
                    release.flush();
                } catch (IOException ignored) {
                    // the reader is gone already
                }
            }, Executors.newSingleThreadExecutor(DAEMONS));
            return fail("the command was still waiting on the pipe " + fifo + " after 60 s");
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    @Test
    void aPipeAsTheDigestIsRefusedInOneLine() throws Exception {
        Path pipe = fifo("issue.yaml");
        CliRun run = returning(pipe, () -> CliRun.of("validate", pipe.toString()));
        assertEquals(1, run.exitCode(), run.all());
        assertEquals(pipe + ": " + NOT_REGULAR + "\n" + pipe + ": invalid (1 error, 0 warnings)\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void aPipeAsTheNewsletterFileIsRefusedNamingIt() throws Exception {
        Path pipe = fifo("newsletter.yaml");
        String minimal = Files.readString(Path.of("src/test/resources/digests/good/minimal.yaml"));
        Path digest = Files.writeString(dir.resolve("issue.yaml"), "newsletter: newsletter.yaml\n"
                + minimal.substring(minimal.indexOf("issue:")));
        CliRun run = returning(pipe, () -> CliRun.of("validate", digest.toString()));
        assertEquals(1, run.exitCode(), run.all());
        assertEquals(pipe + ": newsletter: " + NOT_REGULAR + " (named by " + digest + ":1)\n"
                + digest + ": invalid (1 error, 0 warnings)\n", run.out());
    }

    @Test
    void aPipeAsTheSubscriberListIsRefusedInOneLine() throws Exception {
        Path pipe = fifo("list.csv");
        CliRun run = returning(pipe, () -> CliRun.of("validate", "samples/social-learning-2.yaml", "--subscribers", pipe.toString()));
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.out().contains(pipe + ": " + NOT_REGULAR + "\n"), run.out());
        CliRun add = returning(pipe, () -> CliRun.of("subscribers", "add", "ann@example.org", "--subscribers", pipe.toString()));
        assertEquals(1, add.exitCode(), add.all());
        assertEquals("tidings: " + pipe + ": " + NOT_REGULAR + "\n", add.err());
    }

    /**
     * A password through the shell's process substitution, {@code --password-file <(command)}, the
     * way to hand over a secret manager's password without writing it to disk: the path is an
     * anonymous pipe whose writer exists, so it is read, where a named pipe is refused.
     */
    @Test
    void aPasswordThroughProcessSubstitutionIsRead() throws Exception {
        SendFixture project = new SendFixture(dir);
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
        }).auth("news", "pw-from-a-secret-manager").start()) {
            ProcessBuilder child = project.childJvm(java.util.List.of(), SendFixture.env("PW", "pw-from-a-secret-manager"),
                    project.sendArgs(SendFixture.SAMPLE_LIST.toAbsolutePath(), "--smtp", server.url().replace("smtp://", "smtp://news@"), "--yes"));
            String command = String.join(" ", child.command().stream().map(SpecialFileInputIT::quoted).toList())
                    + " --password-file <(printf %s \"$PW\")";
            child.command("bash", "-c", command).redirectErrorStream(true);
            Process process = child.start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(process.waitFor(dev.tidings.Deadlines.wholeSeconds(60), TimeUnit.SECONDS), output);
            assertEquals(0, process.exitValue(), output);
            assertTrue(server.authAttempts() >= 1, output);
            assertEquals(21, server.acceptedCount(), output);
        }
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** A --suppress file is read under the ledger's lock: a pipe there held the lock for good, and every later cron run refused to start. */
    @Test
    void aPipeAsASuppressionFileIsRefusedBeforeAnyConnection() throws Exception {
        Path pipe = fifo("do-not-mail.txt");
        SendFixture project = new SendFixture(dir);
        try (FaultSmtpServer server = FaultSmtpServer.accepting()) {
            CliRun run = returning(pipe, () -> project.send(SendFixture.SAMPLE_LIST, "--smtp", server.url(), "--suppress", pipe.toString(), "--yes"));
            assertEquals(1, run.exitCode(), run.all());
            assertEquals("tidings: " + pipe + ": the suppression file " + NOT_REGULAR + "\n", run.err());
            assertEquals(0, server.connections());
        }
    }

    @Test
    void aPipeAsThePasswordFileIsRefusedBeforeAnyConnection() throws Exception {
        Path pipe = fifo("smtp-password");
        SendFixture project = new SendFixture(dir);
        try (FaultSmtpServer server = FaultSmtpServer.accepting()) {
            String relay = server.url().replace("smtp://", "smtp://news@");
            CliRun run = returning(pipe, () -> project.send(SendFixture.SAMPLE_LIST, "--smtp", relay, "--password-file", pipe.toString(), "--yes"));
            assertEquals(1, run.exitCode(), run.all());
            assertEquals("tidings: " + pipe + ": the password file " + NOT_REGULAR + "\n", run.err());
            assertEquals(0, server.connections());
        }
    }
}
