package dev.tidings.subscribers;

import dev.tidings.AtomicFile;
import dev.tidings.ExitStatus;
import dev.tidings.LockFile;
import dev.tidings.TidingsException;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;

/**
 * Replaces the subscriber list so that it is never lost nor half-written, and keeps its previous
 * version: the new content is written through {@link AtomicFile} (a temporary file in the same
 * directory, forced to disk, renamed over the list, the directory forced), the previous version is
 * kept as {@code NAME.bak} (written the same way, so it is never half a file either), and the new
 * file gets the list's permissions.
 *
 * <p>On any failure before the rename the original stays as it was and the temporary file is
 * removed. A run killed with -9 may leave its temporary file ({@code .NAME.tidings-PID.tmp});
 * the next replacement removes those whose process is gone. If the file changed since it was
 * read (a person saved it in the meantime), nothing is replaced: their edit is not overwritten.
 */
final class FileReplacement implements Closeable {
    /** A rename takes moments; a holder this slow is stuck (a disk failing), and the run says so rather than hang. */
    private static final Duration LOCK_PATIENCE = Duration.ofSeconds(30);
    private final Path shown;
    private final Path file;
    private final AtomicFile replacement;

    /** What a file was when it was read: a later difference means someone else wrote it. */
    record Snapshot(long size, long modified, Object key) {
        static Snapshot of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new Snapshot(attributes.size(), attributes.lastModifiedTime().toMillis(), attributes.fileKey());
            } catch (java.nio.file.NoSuchFileException e) {
                throw TidingsException.invalidInput(file + ": file not found");
            } catch (IOException e) {
                throw TidingsException.invalidInput(file + ": cannot read the list (" + e.getMessage() + ")");
            }
        }
    }

    private FileReplacement(Path shown, Path file) throws IOException {
        this.shown = shown;
        this.file = file;
        this.replacement = AtomicFile.begin(file, AtomicFile.Permissions.sameAs(file));
    }

    /**
     * Starts replacing a file (a symbolic link is followed: the file it points to is replaced, the
     * link stays). {@code shown} is the name used in messages.
     */
    static FileReplacement begin(Path shown) {
        try {
            return new FileReplacement(shown, shown.toRealPath());
        } catch (IOException e) {
            throw cannotWrite(shown, e);
        }
    }

    /** Where the new content goes; nothing reaches the file before {@link #commit}. */
    OutputStream out() {
        return replacement.out();
    }

    /**
     * Forces the new content to disk, keeps the previous version as NAME.bak, and renames the new
     * one over the file, unless the file is no longer what {@code expected} says.
     *
     * @return the backup
     */
    Path commit(Snapshot expected) {
        try {
            replacement.finish();
            try (LockFile lock = LockFile.take(lockPath(file), LOCK_PATIENCE)) {
                if (lock == null) {
                    throw new TidingsException(ExitStatus.TEMPORARY_FAILURE, shown + ": another tidings command kept the list locked for "
                            + LOCK_PATIENCE.toSeconds() + " s; nothing was written, run the command again");
                }
                requireUnchanged(expected);
                Path backup = keepBackup();
                requireUnchanged(expected);
                replacement.commit();
                return shown.resolveSibling(backup.getFileName());
            }
        } catch (IOException e) {
            throw cannotWrite(shown, e);
        }
    }

    /**
     * The lock that every writer of a list holds from its last "unchanged?" look to its rename.
     * Without it, two writers (serve's journal applier and {@code subscribers add}, say) could both
     * pass the look within microseconds and the second rename would drop the first one's edit.
     * Hidden beside the list's real file, as the temporary file is, and removed when let go.
     */
    static Path lockPath(Path realList) {
        return realList.resolveSibling("." + realList.getFileName() + ".tidings.lock");
    }

    private void requireUnchanged(Snapshot expected) {
        if (!Snapshot.of(file).equals(expected)) {
            throw new TidingsException(ExitStatus.TEMPORARY_FAILURE, shown + ": the list changed while tidings was updating it"
                    + " (saved by another program?); nothing was written, run the command again");
        }
    }

    /** The previous version, with its permissions and modification time (it is the list as it was). */
    private Path keepBackup() throws IOException {
        Path backup = file.resolveSibling(file.getFileName() + ".bak");
        FileTime modified = Files.getLastModifiedTime(file);
        try (AtomicFile copy = AtomicFile.begin(backup, AtomicFile.Permissions.sameAs(file))) {
            Files.copy(file, copy.out());
            copy.finish();
            if (Files.isDirectory(backup)) {
                throw new FileSystemException(backup.toString(), null, "is a directory, where the previous version of the list goes");
            }
            copy.commit();
        }
        Files.setLastModifiedTime(backup, modified);
        return backup;
    }

    private static TidingsException cannotWrite(Path shown, IOException e) {
        String reason = e instanceof FileSystemException fs && fs.getReason() != null
                ? (fs.getFile() == null ? "" : fs.getFile() + ": ") + fs.getReason()
                : Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
        return TidingsException.invalidInput(shown + ": cannot write the updated list (" + reason + "); the list is unchanged", e);
    }

    @Override
    public void close() {
        replacement.close();
    }
}
