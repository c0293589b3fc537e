package dev.tidings.cli;

import dev.tidings.Deadlines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
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
 * Subscriber lists through the real {@code tidings validate --subscribers}, for what the reader's
 * unit tests (SubscriberReaderTest, SubscriberListCheckTest) do not cover: byte-order marks where
 * they do not belong, invisible characters, a file that is text but not CSV, and a million rows
 * streamed in the test JVM and in a child JVM with a 64 MB heap.
 */
class SubscriberListHardeningTest {
    private static final Path DIGEST = Path.of("src/test/resources/digests/good/minimal.yaml");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
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
    void aByteOrderMarkAtTheEndOfTheFileIsIgnoredNotAnInvisibleBadAddress() throws IOException {
        Path list = bytes("end.csv", "email,name\na@example.org,A\n", BOM);
        assertValid(list, 1);
        Path withNewline = bytes("end-newline.csv", "email,name\na@example.org,A\n", BOM, "\n".getBytes(StandardCharsets.UTF_8));
        assertValid(withNewline, 1);
    }

    @Test
    void aByteOrderMarkAtTheStartOrWhereTwoListsWereJoinedIsIgnored() throws IOException {
        assertValid(bytes("start.csv", "", BOM, "email,name\na@example.org,A\n".getBytes(StandardCharsets.UTF_8)), 1);
        // cat a.csv b-without-header.csv, where the second was saved by a spreadsheet: its BOM is mid-file.
        assertValid(bytes("joined.csv", "email,name\na@example.org,A\n", BOM, "b@example.org,B\n".getBytes(StandardCharsets.UTF_8)), 2);
    }

    @Test
    void anInvisibleCharacterInAnAddressIsShownInTheMessage() throws IOException {
        Path list = Files.writeString(dir.resolve("zero-width.csv"), "email,name\na\u200B@example.org,A\n");
        CliRun run = CliRun.of("validate", DIGEST.toString(), "--subscribers", list.toString());
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.out().startsWith(list + ":2: email: 'a\\u200B@example.org' is not a valid email address"), run.out());
    }

    @Test
    void aFileThatIsTextButNotCsvIsOneLineAtLineOne() {
        CliRun run = CliRun.of("validate", DIGEST.toString(), "--subscribers", DIGEST.toString());
        assertEquals(1, run.exitCode(), run.all());
        assertEquals("", run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith(DIGEST + ":1: the header has no 'email' column (found: "), run.out());
        assertEquals(DIGEST + ": invalid (1 error, 0 warnings): 0 rows, 0 subscribed, 0 invalid, 0 duplicate", lines.get(lines.size() - 1));
        assertEquals(3, lines.size(), run.out());
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

    // --- helpers ---------------------------------------------------------------------------------

    private void assertValid(Path list, int rows) {
        CliRun run = CliRun.of("validate", DIGEST.toString(), "--subscribers", list.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertEquals("", run.err());
        assertTrue(run.out().endsWith(list + ": valid (0 errors, 0 warnings): " + rows + (rows == 1 ? " row, " : " rows, ") + rows + " subscribed, 0 invalid, 0 duplicate\n"),
                run.out());
    }

    private Path bytes(String name, String text, byte[]... more) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            for (byte[] bytes : more) {
                out.write(bytes);
            }
        }
        return file;
    }
}
