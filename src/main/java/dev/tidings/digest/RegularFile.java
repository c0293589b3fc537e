package dev.tidings.digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Inputs (a digest, a newsletter file, a subscriber list, a password file) are read only from
 * regular files. Opening a named pipe blocks until another process opens it for writing, so
 * {@code validate} given a FIFO waited for good; a device such as /dev/zero never ends. The check
 * comes before the open, the only place Java can make it (it has no non-blocking open); a file
 * swapped for a pipe in between could still stall a run, but only by someone who can write there.
 */
public final class RegularFile {
    private RegularFile() {
    }

    /**
     * What the file is when it is neither a regular file nor a directory, as the middle of a
     * sentence ("is a named pipe (FIFO), not a regular file ..."), or null. A missing or
     * unreadable file, or a directory, is left to the reader, which names it in its own words.
     */
    public static String problem(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class); // follows symbolic links
        } catch (IOException e) {
            return null;
        }
        if (attributes.isRegularFile() || attributes.isDirectory()) {
            return null;
        }
        return "is " + kind(file) + ", not a regular file; tidings reads its inputs only from regular files"
                + " (a pipe would wait for a writer that may never come)";
    }

    /** The kind of special file, from the POSIX mode where the platform gives it (st_mode's S_IFMT bits). */
    private static String kind(Path file) {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            switch (mode & 0170000) {
                case 0010000:
                    return "a named pipe (FIFO)";
                case 0140000:
                    return "a socket";
                case 0020000:
                    return "a character device";
                case 0060000:
                    return "a block device";
                default:
                    return "a special file";
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }
}
