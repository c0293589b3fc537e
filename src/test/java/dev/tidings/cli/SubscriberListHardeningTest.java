package dev.tidings.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subscriber lists through the real {@code tidings validate --subscribers}, for what the reader's
 * unit tests (SubscriberReaderTest, SubscriberListCheckTest) do not cover: byte-order marks where
 * they do not belong, invisible characters, a file that is text but not CSV. A million rows, in
 * this JVM and in a child JVM with a 64 MB heap, are {@link SubscriberListScaleIT}.
 */
class SubscriberListHardeningTest {
    private static final Path DIGEST = Path.of("src/test/resources/digests/good/minimal.yaml");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    Path dir;

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
