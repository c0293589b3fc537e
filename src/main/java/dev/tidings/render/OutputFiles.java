package dev.tidings.render;

import dev.tidings.AtomicFile;
import dev.tidings.TidingsException;
import dev.tidings.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a rendered issue as {@code <id>.html}, {@code <id>.txt} and {@code <id>.eml}. Each file
 * is written through {@link AtomicFile}, so a reader never sees half a file and a failed run
 * leaves the previous files intact; the files get the permissions of any file the user creates.
 */
public final class OutputFiles {
    private final CompleteMessage message;

    public OutputFiles(CompleteMessage message) {
        this.message = message;
    }

    /** The complete message as RFC 5322 text with CRLF line ends (it is 7-bit: QP bodies, encoded headers). */
    public String emlText(Digest digest, RenderedEmail email) {
        return new String(emlBytes(digest, email), StandardCharsets.US_ASCII);
    }

    public byte[] emlBytes(Digest digest, RenderedEmail email) {
        return message.bytes(digest, email);
    }

    /** Writes the three files and returns one line per file: its path and size. */
    public List<String> write(Path dir, Digest digest, RenderedEmail email) {
        String id = digest.issue().id();
        List<String> written = new ArrayList<>();
        written.add(write(dir.resolve(id + ".html"), email.html().getBytes(StandardCharsets.UTF_8)));
        written.add(write(dir.resolve(id + ".txt"), email.text().getBytes(StandardCharsets.UTF_8)));
        written.add(write(dir.resolve(id + ".eml"), emlBytes(digest, email)));
        return written;
    }

    private static String write(Path file, byte[] content) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            AtomicFile.write(file, content, AtomicFile.Permissions.ofAnyNewFile());
        } catch (AccessDeniedException e) {
            throw TidingsException.invalidInput(file + ": cannot write here (permission denied); choose another directory with -o DIR");
        } catch (IOException e) {
            throw TidingsException.invalidInput(file + ": cannot write the file: " + e.getMessage());
        }
        return String.format(Locale.ROOT, "%-40s %8s", file, size(content.length));
    }

    static String size(long bytes) {
        return bytes < 1024 ? bytes + " B" : String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
}
