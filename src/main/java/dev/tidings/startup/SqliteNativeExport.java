package dev.tidings.startup;

import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A build step ({@code make}): copies sqlite-jdbc's native library for this platform out of the
 * jar, once, so that runs load it from there ({@code -Dorg.sqlite.lib.path=DIR}, set by the
 * launcher, src/main/sh/tidings).
 *
 * <p>Without it, every process that opens the ledger extracts the 1 MiB library into the temporary
 * directory, reads it back byte by byte to compare it with the jar's copy, and deletes it at exit:
 * about 60 ms of a send's start-up, on the thread that prepares the schema and the theme meanwhile;
 * and a run killed before exit (a cron timeout, kill -9) leaves its copy behind for good. When the
 * directory lacks the library, sqlite-jdbc extracts it as before: nothing depends on this step.
 */
public final class SqliteNativeExport {
    private SqliteNativeExport() {
    }

    /** args: the directory to write the library into. */
    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        // The directory always exists afterwards: runs name it as sqlite-jdbc's temporary directory too.
        Files.createDirectories(directory);
        String name = LibraryLoaderUtil.getNativeLibName();
        String resource;
        try {
            resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
        } catch (RuntimeException e) { // an operating system or architecture sqlite-jdbc does not know
            resource = null;
        }
        try (InputStream library = resource == null ? null : SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (library == null) {
                // an unusual platform: sqlite-jdbc will look on java.library.path at run time, as it would anyway
                System.err.println("sqlite-jdbc has no native library for this platform; runs will search java.library.path");
                return;
            }
            Path partial = Files.createTempFile(directory, name, ".partial");
            try {
                Files.copy(library, partial, StandardCopyOption.REPLACE_EXISTING);
                // whole or absent: a run never maps a half-written library
                Files.move(partial, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }
}
