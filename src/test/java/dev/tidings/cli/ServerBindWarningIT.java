package dev.tidings.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code preview} and {@code sandbox} bound beyond loopback on purpose say plainly, on stderr and
 * before they announce their address, what anyone who can reach the port can read. The real
 * command in a child JVM: the warning is printed once the server listens, before the address, and the
 * process then serves until stopped, so the test stops it once the address is announced and reads
 * stderr whole.
 */
class ServerBindWarningIT {
    @TempDir
    Path dir;

    @Test
    void aSandboxOnEveryInterfaceWarnsThatEveryCaughtMessageIsReadable() throws Exception {
        String err = stderrOnceStarted("sandbox:", "sandbox", "--smtp-port", "0", "--http-port", "0", "--bind", "0.0.0.0");
        assertTrue(err.matches("(?s)warning: the inbox listens on 0\\.0\\.0\\.0 \\(every network interface\\): anyone who can reach"
                + " port \\d+ can read every message the sandbox catches.*"), err);
    }

    @Test
    void aPreviewOnEveryInterfaceWarnsThatTheListAndItsTokensAreReadable() throws Exception {
        String err = stderrOnceStarted("preview:", "preview", "samples/social-learning-2.yaml", "--subscribers", "samples/subscribers.csv",
                "--port", "0", "--bind", "0.0.0.0");
        assertTrue(err.contains("warning: the preview listens on 0.0.0.0 (every network interface): anyone who can reach port "), err);
        assertTrue(err.contains("the subscriber list (samples/subscribers.csv: names and addresses)"), err);
        assertTrue(err.contains("unsubscribe link with its real token"), err);
    }

    @Test
    void onLoopbackNeitherWarns() throws Exception {
        assertFalse(stderrOnceStarted("sandbox:", "sandbox", "--smtp-port", "0", "--http-port", "0").contains("warning"));
        assertFalse(stderrOnceStarted("preview:", "preview", "samples/social-learning-2.yaml", "--port", "0").contains("warning"));
    }

    /** Starts tidings with TIDINGS_SECRET set, waits for the stdout line that announces the server, stops it; returns all of stderr. */
    private String stderrOnceStarted(String announcement, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.tidings.Main"));
        command.addAll(List.of(args));
        // stderr to a file: Process.destroy closes the pipes, so it could not be read afterwards
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().put("TIDINGS_SECRET", "bind-warning-test-secret-0123456789");
        Process process = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            while (line != null && !line.startsWith(announcement)) {
                line = out.readLine();
            }
            if (line == null) {
                process.waitFor();
                throw new AssertionError("the command never announced its server: " + Files.readString(stderr));
            }
        } finally {
            process.destroy();
            process.waitFor();
        }
        return Files.readString(stderr);
    }
}
