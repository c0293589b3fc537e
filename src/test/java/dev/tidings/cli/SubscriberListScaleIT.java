package dev.tidings.cli;

import dev.tidings.Deadlines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A million subscriber rows (100,000 of them duplicates differing in case) through the real
 * {@code tidings validate --subscribers}: streamed in the test JVM, and in a child JVM with a 64 MB
 * heap. The small malformed lists are {@link SubscriberListHardeningTest}.
 */
class SubscriberListScaleIT {
    private static final Path DIGEST = Path.of("src/test/resources/digests/good/minimal.yaml");
    private static final int MILLION = 1_000_000;

    @TempDir
    static Path shared;

    private static Path million;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeAMillionRows() throws IOException {
        million = shared.resolve("million.csv");
        try (Writer out = Files.newBufferedWriter(million, StandardCharsets.UTF_8)) {
            out.write("email,name,status,company\n");
            for (int i = 0; i < MILLION; i++) {
                // Every 10th row repeats an earlier address in capitals: duplicates must be found across the whole file.
                String address = i % 10 == 9 ? String.format(Locale.ROOT, "READER%07d@EXAMPLE.ORG", i - 9)
                        : String.format(Locale.ROOT, "reader%07d@example.org", i);
                out.write(address + ",Reader " + i + "," + (i % 3 == 0 ? "unsubscribed" : "subscribed") + ",Company " + (i % 97) + "\n");
            }
        }
    }

    @Test
    void aMillionRowsAreStreamedInBoundedTimeWithTheDuplicatesFound() {
        long start = System.nanoTime();
        CliRun run = assertTimeoutPreemptively(Deadlines.seconds(90),
                () -> CliRun.of("validate", DIGEST.toString(), "--subscribers", million.toString()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(0, run.exitCode(), run.all().substring(0, Math.min(2000, run.all().length())));
        String verdict = run.out().lines().reduce((a, b) -> b).orElseThrow();
        // 100,000 duplicates; of the 900,000 first occurrences, those with i % 3 != 0 are subscribed.
        long subscribed = 0;
        for (int i = 0; i < MILLION; i++) {
            subscribed += i % 10 != 9 && i % 3 != 0 ? 1 : 0;
        }
        // The warnings counted are those listed (1,000, and the line saying how many more); the duplicates are all counted.
        assertEquals(million + ": valid (0 errors, 1001 warnings): " + MILLION + " rows, " + subscribed + " subscribed, 0 invalid, 100000 duplicate",
                verdict);
        assertTrue(run.out().contains("... and 99000 more problems not listed"), "reports are capped at 1,000");
        System.out.printf("validate --subscribers with %,d rows in the test JVM: %d ms%n", MILLION, took.toMillis());
    }

    @Test
    void aMillionRowsValidateInASixtyFourMegabyteHeap() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-cp", SendFixture.testClassPath(), "dev.tidings.Main",
                "validate", DIGEST.toAbsolutePath().toString(), "--subscribers", million.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        child.getOutputStream().close();
        Deadlines.awaitExit(child, Duration.ofSeconds(120), dir.resolve("out.txt"));
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(0, child.exitValue(), out.substring(Math.max(0, out.length() - 2000)));
        assertTrue(out.contains(million + ": valid (0 errors, 1001 warnings): " + MILLION + " rows,"), out.substring(Math.max(0, out.length() - 500)));
    }
}
