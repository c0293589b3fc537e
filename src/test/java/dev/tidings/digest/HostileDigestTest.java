package dev.tidings.digest;

import dev.tidings.Deadlines;
import dev.tidings.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Files no editor writes but a validator meets anyway, generated here rather than committed: each
 * is refused with one located line and exit code 1, quickly, without a stack trace. The timeout is
 * only a guard against a hang; these run in milliseconds.
 */
class HostileDigestTest {
    private static final Duration HANG_GUARD = Deadlines.seconds(10);

    @TempDir
    Path dir;

    @Test
    void aFiftyMegabyteFileIsRefusedWithoutReadingIt() throws IOException {
        Path file = dir.resolve("huge.yaml");
        byte[] comment = ("# " + "x".repeat(1024 * 1024 - 3) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(Files.readAllBytes(TestDigests.MINIMAL));
            for (int i = 0; i < 50; i++) {
                out.write(comment);
            }
        }
        assertRefused(file, file + ": the file is too large (over 2 MiB); a YAML file for tidings is at most 2 MiB");
    }

    @Test
    void aBillionLaughsAliasBombIsRefusedAtItsFirstAnchorAndAlias() throws IOException {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char level = 'b'; level <= 'j'; level++) {
            String previous = "*" + (char) (level - 1);
            bomb.append(level).append(": &").append(level).append(" [")
                    .append(String.join(",", java.util.Collections.nCopies(9, previous))).append("]\n");
        }
        Path file = write("bomb.yaml", bomb.toString());
        CliRun run = assertTimeoutPreemptively(HANG_GUARD, () -> CliRun.of("validate", file.toString()));
        assertEquals(1, run.exitCode(), run.all());
        assertEquals("", run.err(), "nothing on stderr, least of all a stack trace");
        assertEquals(file + ":1:4: a: '&a' starts a YAML anchor; a digest uses none: remove it\n"
                + file + ":2:4: b: '&b' starts a YAML anchor; a digest uses none: remove it\n"
                + file + ":2:8: b[0]: YAML aliases (*a) are not supported; write the value out in full"
                + " (if the '*' starts Markdown emphasis, put the value in quotes)\n"
                + file + ": invalid (3 errors, 0 warnings)\n", run.out());
    }

    @Test
    void deeplyNestedBlockMappingsAreRefused() throws IOException {
        StringBuilder deep = new StringBuilder();
        for (int depth = 0; depth < 100; depth++) {
            deep.append("  ".repeat(depth)).append("k").append(depth).append(":\n");
        }
        deep.append("  ".repeat(100)).append("x: 1\n");
        Path file = write("deep.yaml", deep.toString());
        // The value of k32, a mapping that starts with k33 (line 34, after 66 spaces), is level 33.
        assertRefused(file, file + ":34:67: nested more than 32 levels deep; a digest never is");
    }

    @Test
    void aHundredThousandOpenBracketsAreRefused() throws IOException {
        Path file = write("brackets.yaml", "issue: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n");
        // "issue: " is 7 characters; the first '[' (column 8) is level 1, so level 33 is column 40.
        assertRefused(file, file + ":1:40: nested more than 32 levels deep; a digest never is");
    }

    @Test
    void utf16WithAByteOrderMarkIsRefused() throws IOException {
        Path file = writeBytes("utf16.yaml", Files.readString(TestDigests.MINIMAL).getBytes(StandardCharsets.UTF_16));
        assertRefused(file, file + ": the file is UTF-16; save it as UTF-8");
    }

    @Test
    void utf16WithoutAByteOrderMarkIsRefused() throws IOException {
        Path file = writeBytes("utf16le.yaml", Files.readString(TestDigests.MINIMAL).getBytes(StandardCharsets.UTF_16LE));
        assertRefused(file, file + ": the file is UTF-16 (without a byte-order mark); save it as UTF-8");
    }

    @Test
    void invalidUtf8IsRefusedAtItsLineAndColumn() throws IOException {
        // "Café" saved as Latin-1: the é is a lone 0xE9 byte, the 13th character of line 2.
        Path file = writeBytes("latin1.yaml", "issue:\n  title: Café au lait\n".getBytes(StandardCharsets.ISO_8859_1));
        assertRefused(file, file + ":2:13: invalid UTF-8 byte sequence; save the file as UTF-8");
    }

    @Test
    void aBinaryFileIsRefusedAtItsFirstNulByte() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R', 0, 0, 1, 0};
        Path file = writeBytes("image.yaml", png);
        // The PNG signature holds two line feeds, so the first NUL starts line 3.
        assertRefused(file, file + ":3:1: the file contains a NUL byte: it is binary or UTF-16, not UTF-8 YAML text");
    }

    @Test
    void binaryWithoutNulBytesIsRefusedAsInvalidUtf8() throws IOException {
        byte[] noise = new byte[4096];
        Arrays.fill(noise, (byte) 0xFF);
        Path file = writeBytes("noise.yaml", noise);
        assertRefused(file, file + ":1:1: invalid UTF-8 byte sequence; save the file as UTF-8");
    }

    @Test
    void aUtf8ByteOrderMarkIsAcceptedWithAWarning() throws IOException {
        byte[] digest = Files.readAllBytes(TestDigests.MINIMAL);
        byte[] withBom = new byte[digest.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(digest, 0, withBom, 3, digest.length);
        Path file = writeBytes("bom.yaml", withBom);

        CliRun run = CliRun.of("validate", file.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(file + ":1:1: warning: the file starts with a byte-order mark, which tidings ignores (UTF-8 needs none)\n"
                + file + ": valid (0 errors, 1 warning)\n", run.out());
        assertEquals(1, CliRun.of("validate", "--strict", file.toString()).exitCode());
    }

    /** One problem line, the verdict, exit code 1, nothing on stderr. */
    private static void assertRefused(Path file, String problemLine) {
        CliRun run = assertTimeoutPreemptively(HANG_GUARD, () -> CliRun.of("validate", file.toString()));
        assertEquals(1, run.exitCode(), run.all());
        assertEquals("", run.err(), "nothing on stderr, least of all a stack trace");
        assertEquals(problemLine + "\n" + file + ": invalid (1 error, 0 warnings)\n", run.out());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private Path writeBytes(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
