package dev.tidings.digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a small text input file (a digest, a newsletter file) as strict UTF-8, refusing what is
 * not: oversized files, binary files, UTF-16/32 and malformed byte sequences, each with the place
 * and the fix. Reading is capped at {@link #MAX_BYTES}, so a 50 MB file costs nothing to refuse.
 */
public final class TextFileDecoder {
    /** A digest renders to an email that Gmail clips past 102 KB; 2 MiB of YAML is far beyond any real one. */
    public static final int MAX_BYTES = 2 * 1024 * 1024;

    public record Decoded(String text, List<Problem> problems) {
    }

    private TextFileDecoder() {
    }

    public static Decoded decode(Path file, String displayName, String kind) {
        List<Problem> problems = new ArrayList<>();
        SourcePosition whole = SourcePosition.wholeFile(displayName);
        String special = RegularFile.problem(file);
        if (special != null) {
            return failed(problems, whole, special);
        }
        byte[] bytes;
        try {
            bytes = readCapped(file);
        } catch (NoSuchFileException e) {
            return failed(problems, whole, "file not found");
        } catch (AccessDeniedException e) {
            return failed(problems, whole, "cannot read the file (permission denied)");
        } catch (IOException e) {
            String reason = Files.isDirectory(file) ? "is a directory, not a " + kind + " file" : "cannot read the file: " + e.getMessage();
            return failed(problems, whole, reason);
        }
        if (bytes.length > MAX_BYTES) {
            return failed(problems, whole, String.format(Locale.ROOT,
                    "the file is too large (over %d MiB); a %s file for tidings is at most %d MiB",
                    MAX_BYTES / (1024 * 1024), kind, MAX_BYTES / (1024 * 1024)));
        }
        String encoding = otherUnicodeEncoding(bytes);
        if (encoding != null) {
            return failed(problems, whole, "the file is " + encoding + "; save it as UTF-8");
        }
        int offset = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            problems.add(Problem.warning(new SourcePosition(displayName, 1, 1), "",
                    "the file starts with a byte-order mark, which tidings ignores (UTF-8 needs none)"));
            offset = 3;
        }
        int nul = indexOf(bytes, (byte) 0, offset);
        if (nul >= 0) {
            return failed(problems, at(displayName, bytes, offset, nul),
                    "the file contains a NUL byte: it is binary or UTF-16, not UTF-8 " + kind + " text");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            return failed(problems, at(displayName, bytes, offset, in.position()),
                    "invalid UTF-8 byte sequence; save the file as UTF-8");
        }
        decoder.flush(out);
        out.flip();
        return new Decoded(out.toString(), problems);
    }

    private static byte[] readCapped(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MAX_BYTES + 1);
        }
    }

    private static Decoded failed(List<Problem> problems, SourcePosition at, String message) {
        problems.add(Problem.error(at, "", message));
        return new Decoded(null, problems);
    }

    /** Recognises UTF-16 and UTF-32 by their byte-order marks, or by the NULs of ASCII text in them. */
    public static String otherUnicodeEncoding(byte[] b) {
        if (b.length >= 4 && b[0] == 0 && b[1] == 0 && (b[2] & 0xFF) == 0xFE && (b[3] & 0xFF) == 0xFF) {
            return "UTF-32";
        }
        if (b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE && b[2] == 0 && b[3] == 0) {
            return "UTF-32";
        }
        if (b.length >= 2 && ((b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF || (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE)) {
            return "UTF-16";
        }
        if (b.length >= 4 && (b[0] == 0 && b[1] != 0 && b[2] == 0 || b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0)) {
            return "UTF-16 (without a byte-order mark)";
        }
        return null;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** The 1-based line and column (in characters) of a byte offset. */
    private static SourcePosition at(String file, byte[] bytes, int start, int offset) {
        int line = 1;
        int lineStart = start;
        for (int i = start; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = 1;
        for (int i = lineStart; i < offset; i++) {
            if ((bytes[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return new SourcePosition(file, line, column);
    }
}
