package dev.tidings.subscribers;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces a file so that it is never lost nor half-written: the new content goes to a temporary
 * file in the same directory (so the rename below stays within one file system), is forced to
 * disk, the previous version is kept as {@code NAME.bak}, and only then is the temporary file
 * renamed over the original (rename(2) is atomic: readers see the old file or the new one) and the
 * directory forced, so that the rename itself survives a power cut.
 *
 * <p>On any failure before the rename the original stays as it was and the temporary file is
 * removed. A run killed with -9 may leave its temporary file ({@code .NAME.tidings-PID.tmp});
 * the next replacement removes those whose process is gone. If the file changed since it was
 * read (a person saved it in the meantime), nothing is replaced: their edit is not overwritten.
 */
final class FileReplacement implements Closeable {
    private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.tidings-(\\d+)\\.tmp");

    private final Path shown;
    private final Path file;
    private final Path temporary;
    private final FileChannel channel;
    private final OutputStream out;
    private boolean committed;

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
        removeLeftovers(file);
        this.temporary = file.resolveSibling("." + file.getFileName() + ".tidings-" + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(temporary);
        this.channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        keepPermissions(file, temporary);
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
        return out;
    }

    /**
     * Forces the new content to disk, keeps the previous version as NAME.bak, and renames the new
     * one over the file, unless the file is no longer what {@code expected} says.
     *
     * @return the backup
     */
    Path commit(Snapshot expected) {
        try {
            out.flush();
            channel.force(true);
            channel.close();
            requireUnchanged(expected);
            Path backup = keepBackup();
            requireUnchanged(expected);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
            forceDirectory(file.getParent());
            return shown.resolveSibling(backup.getFileName());
        } catch (IOException e) {
            throw cannotWrite(shown, e);
        }
    }

    private void requireUnchanged(Snapshot expected) {
        if (!Snapshot.of(file).equals(expected)) {
            throw new TidingsException(ExitStatus.TEMPORARY_FAILURE, shown + ": the list changed while tidings was updating it"
                    + " (saved by another program?); nothing was written, run the command again");
        }
    }

    /** The previous version, written beside it under a temporary name first so that NAME.bak is never half a file. */
    private Path keepBackup() throws IOException {
        Path backup = file.resolveSibling(file.getFileName() + ".bak");
        Path partial = file.resolveSibling("." + file.getFileName() + ".bak.tidings-" + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            try (FileChannel copy = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                copy.force(true);
            }
            if (Files.isDirectory(backup)) {
                throw new FileSystemException(backup.toString(), null, "is a directory, where the previous version of the list goes");
            }
            Files.move(partial, backup, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return backup;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** A new file gets the original's permissions: a list readable only by its owner stays so. */
    private static void keepPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        if (view != null) {
            Files.setPosixFilePermissions(to, view.readAttributes().permissions());
        }
    }

    /** fsync of the directory makes a rename durable (ext4, XFS); file systems that cannot do it need not. */
    private static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Not possible everywhere (some file systems refuse to open a directory); the rename is done either way.
        }
    }

    /** Temporary files of replacements whose process was killed: they hold list data nobody will use. */
    private static void removeLeftovers(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(file.getParent(), ".*.tidings-*.tmp")) {
            for (Path entry : entries) {
                Matcher matcher = TEMPORARY.matcher(entry.getFileName().toString());
                if (matcher.matches() && (matcher.group(1).equals(name) || matcher.group(1).equals(name + ".bak"))
                        && ProcessHandle.of(Long.parseLong(matcher.group(2))).isEmpty()) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    private static TidingsException cannotWrite(Path shown, IOException e) {
        String reason = e instanceof FileSystemException fs && fs.getReason() != null
                ? (fs.getFile() == null ? "" : fs.getFile() + ": ") + fs.getReason()
                : Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
        return TidingsException.invalidInput(shown + ": cannot write the updated list (" + reason + "); the list is unchanged", e);
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                channel.close();
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // The original is untouched; a temporary file left behind is removed by the next run.
            }
        }
    }
}
