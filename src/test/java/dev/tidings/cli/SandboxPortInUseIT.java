package dev.tidings.cli;

import dev.tidings.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A second {@code tidings sandbox} on a port another process holds says so in one line and exits 2,
 * as {@code preview} does; before, a taken SMTP port printed GreenMail's server thread's stack trace
 * and its advice to raise a start-up timeout (issue 18, item 8). The real command in a child JVM:
 * the stack trace came from the JVM's handler of an uncaught exception in another thread, which
 * only a real process shows; the port is held by a real socket of this test.
 */
class SandboxPortInUseIT {
    @TempDir
    Path dir;

    @Test
    void aTakenSmtpPortIsOneLineAndAUsageError() throws Exception {
        try (ServerSocket taken = holdAPort()) {
            int port = taken.getLocalPort();
            Result result = run("sandbox", "--smtp-port", String.valueOf(port), "--http-port", "0");
            assertEquals(2, result.exitCode(), result.err());
            assertEquals("tidings: cannot listen on 127.0.0.1:" + port + " (Address already in use); is another sandbox running?"
                    + " Choose another with --smtp-port\n", result.err());
            assertNoStackTrace(result);
        }
    }

    @Test
    void aTakenWebPortIsOneLineAndAUsageError() throws Exception {
        try (ServerSocket taken = holdAPort()) {
            int port = taken.getLocalPort();
            Result result = run("sandbox", "--smtp-port", "0", "--http-port", String.valueOf(port));
            assertEquals(2, result.exitCode(), result.err());
            assertEquals("tidings: cannot listen on 127.0.0.1:" + port + " (Address already in use); is another sandbox running?"
                    + " Choose another with --http-port\n", result.err());
            assertNoStackTrace(result);
        }
    }

    private static ServerSocket holdAPort() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    private static void assertNoStackTrace(Result result) {
        String all = result.out() + result.err();
        assertFalse(all.contains("\tat ") || all.contains("at dev.") || all.contains("Exception"), all);
        assertFalse(all.contains("startup timeout"), all);
        assertEquals("", result.out());
    }

    private record Result(int exitCode, String out, String err) {
    }

    /** Runs tidings in a child JVM to its end (a sandbox that could not listen must exit, not serve). */
    private Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.tidings.Main"));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            Deadlines.awaitExit(process, Duration.ofSeconds(30), stderr);
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }
}
