package dev.tidings.cli;

import dev.tidings.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The class-data-sharing training run that {@code make} performs, twice in the same scratch
 * directory, as a rebuild does: both runs must really send (the training fails when its send
 * delivers nothing). The second once found the first run's ledger, sent to nobody, and left the
 * archive without the SMTP classes.
 */
class CdsTrainingIT {
    @TempDir
    Path dir;

    @Test
    void aRebuildTrainsTheSendAgain() throws Exception {
        Path digest = Files.copy(SendFixture.SAMPLE_DIGEST, dir.resolve("issue.yaml"));
        Path list = Files.copy(SendFixture.SAMPLE_LIST, dir.resolve("list.csv"));
        Path scratch = dir.resolve("training");
        for (int build = 1; build <= 2; build++) {
            Path log = dir.resolve("training-" + build + ".log");
            Process training = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", SendFixture.testClassPath(), CdsTraining.class.getName(), digest.toString(), list.toString(), scratch.toString())
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Deadlines.awaitExit(training, Duration.ofSeconds(120), log);
            assertEquals(0, training.exitValue(), "training run " + build + ": " + Files.readString(log));
        }
        assertTrue(Files.exists(scratch.resolve("ledger.db")));
    }
}
