package dev.tidings;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a file so that a reader, and the file after a crash or power cut, holds the old content
 * or the new one, never half of it: the one place tidings writes a file in place (rendered
 * output, archive pages, the subscriber list and its backup).
 *
 * <p>The new content goes to a temporary file in the same directory ({@code .NAME.tidings-PID.tmp}:
 * the same directory keeps the rename within one file system, where rename(2) is atomic), is
 * forced to disk, and is renamed over the target; the directory is then forced so that the rename
 * itself survives a power cut (ext4, XFS). Without the first fsync a crash soon after the rename
 * can leave an empty file under the new name on file systems that delay allocation.
 *
 * <p>On any failure before the rename the target is untouched and the temporary file is removed.
 * A process killed with -9 leaves its temporary file; the next write of the same name removes
 * those whose process is gone (they may hold a subscriber list's data), never a live one's.
 * One process writes a given file from one thread at a time.
 *
 * <p>Errors are left as {@link IOException}s: each caller words them for its own file.
 */
public final class AtomicFile implements Closeable {
    private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.tidings-(\\d+)\\.tmp");

    /** The permissions a new file gets; POSIX permissions are left alone where the file system has none. */
    public static final class Permissions {
        private final Set<PosixFilePermission> fixed;

        private Permissions(Set<PosixFilePermission> fixed) {
            this.fixed = fixed;
        }

        /**
         * Those the user's umask gives any new file. Not those of {@code Files.createTempFile}: it
         * makes the file owner-only (0600), which the rename would keep.
         */
        public static Permissions ofAnyNewFile() {
            return new Permissions(null);
        }

        /** Exactly these, whatever the umask, e.g. {@code "rw-r--r--"}. */
        public static Permissions exactly(String permissions) {
            return new Permissions(PosixFilePermissions.fromString(permissions));
        }

        /** Those {@code file} has now (a list readable only by its owner stays so). */
        public static Permissions sameAs(Path file) throws IOException {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            return new Permissions(view == null ? null : view.readAttributes().permissions());
        }

        private void apply(Path file) throws IOException {
            if (fixed != null && Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(file, fixed);
            }
        }
    }

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final OutputStream out;
    private boolean finished;
    private boolean committed;

    private AtomicFile(Path target, Path temporary, FileChannel channel) {
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    }

    /**
     * Starts writing {@code target}, whose directory must exist. Nothing reaches the target before
     * {@link #commit}; {@link #close} without a commit removes what was written.
     */
    public static AtomicFile begin(Path target, Permissions permissions) throws IOException {
        Path absolute = target.toAbsolutePath();
        removeLeftovers(absolute);
        Path temporary = temporaryFor(absolute);
        // A leftover under our own name is one of a dead process that had our id.
        Files.deleteIfExists(temporary);
        FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        AtomicFile file = new AtomicFile(absolute, temporary, channel);
        try {
            permissions.apply(temporary);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        return file;
    }

    /** Writes {@code content} to {@code target} in one go. */
    public static void write(Path target, byte[] content, Permissions permissions) throws IOException {
        try (AtomicFile file = begin(target, permissions)) {
            file.out().write(content);
            file.commit();
        }
    }

    /** The temporary file a write of {@code target} by this process uses. */
    static Path temporaryFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tidings-" + ProcessHandle.current().pid() + ".tmp");
    }

    /** Where the new content goes. */
    public OutputStream out() {
        return out;
    }

    /**
     * Flushes the new content and forces it to disk, without renaming it yet: a caller that must
     * check something just before the rename (has the file changed?) does it after this, so that
     * the check and the rename are as close together as they can be. Called again, does nothing.
     */
    public void finish() throws IOException {
        if (!finished) {
            out.flush();
            channel.force(true);
            channel.close();
            finished = true;
        }
    }

    /** Finishes, renames the new content over the target, and forces the directory. */
    public void commit() throws IOException {
        finish();
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed = true;
        forceDirectory(target.getParent());
    }

    /** fsync of the directory makes a rename durable (ext4, XFS); file systems that cannot do it need not. */
    private static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Not possible everywhere (some file systems refuse to open a directory); the rename is done either way.
        }
    }

    /** Temporary files of writes of this name whose process was killed: nobody will use them. */
    private static void removeLeftovers(Path target) throws IOException {
        String name = target.getFileName().toString();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target.getParent(), ".*.tidings-*.tmp")) {
            for (Path entry : entries) {
                Matcher matcher = TEMPORARY.matcher(entry.getFileName().toString());
                if (matcher.matches() && matcher.group(1).equals(name) && ProcessHandle.of(Long.parseLong(matcher.group(2))).isEmpty()) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    /** Without a commit, removes the temporary file: the target stays as it was. */
    @Override
    public void close() {
        if (!committed) {
            try {
                channel.close();
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // The target is untouched; a temporary file left behind is removed by the next write.
            }
        }
    }
}
