package dev.tidings.archive;

import dev.tidings.AtomicFile;
import dev.tidings.TidingsException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a site into a directory, touching only the files whose bytes changed: an unchanged file
 * keeps its modification time, so a sync to a static host (rsync, S3) uploads only what changed,
 * and caches stay valid. Each changed file is written through {@link AtomicFile}, so a reader (or
 * a web server) never sees half a page. Files the site no longer
 * has are left alone: the directory may hold what others put there.
 */
public final class SiteWriter {
    /** What a write did: the files written (new or changed) and how many were already up to date. */
    public record Report(List<Path> written, int unchanged) {
    }

    private SiteWriter() {
    }

    public static Report write(Path root, List<SiteFile> files) {
        List<Path> written = new ArrayList<>();
        int unchanged = 0;
        for (SiteFile file : files) {
            Path target = root.resolve(file.path());
            if (sameBytes(target, file.content())) {
                unchanged++;
            } else {
                replace(target, file.content());
                written.add(target);
            }
        }
        return new Report(List.copyOf(written), unchanged);
    }

    private static boolean sameBytes(Path target, byte[] content) {
        try {
            return Files.size(target) == content.length && Arrays.equals(Files.readAllBytes(target), content);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw failure(target, e);
        }
    }

    private static void replace(Path target, byte[] content) {
        try {
            Files.createDirectories(target.getParent());
            // A published page must be readable by the web server, whatever the umask.
            AtomicFile.write(target, content, AtomicFile.Permissions.exactly("rw-r--r--"));
        } catch (FileAlreadyExistsException e) {
            throw TidingsException.invalidInput(e.getFile() + ": a file stands where the archive needs a directory");
        } catch (IOException e) {
            throw failure(target, e);
        }
    }

    private static TidingsException failure(Path target, Exception e) {
        String reason = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        return TidingsException.invalidInput(target + ": cannot write: " + reason, e);
    }
}
