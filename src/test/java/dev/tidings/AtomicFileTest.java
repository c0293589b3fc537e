package dev.tidings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file written through AtomicFile is the old one or the new one, and no temporary file outlives a write. */
class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void aWriteThatFailsHalfWayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = Files.writeString(dir.resolve("page.html"), "old");
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> {
            try (AtomicFile atomic = AtomicFile.begin(file, AtomicFile.Permissions.ofAnyNewFile())) {
                atomic.out().write("new, but only half of it".getBytes(StandardCharsets.UTF_8));
                atomic.finish();
                assertEquals(List.of(".page.html.tidings-" + ProcessHandle.current().pid() + ".tmp", "page.html"), names(),
                        "the new content is beside the file, under the process's temporary name");
                throw new IllegalStateException("the writer fails");
            }
        });
        assertEquals("the writer fails", failure.getMessage());
        assertEquals("old", Files.readString(file));
        assertEquals(List.of("page.html"), names());
    }

    @Test
    void aRenameThatFailsLeavesNoTemporaryFile() throws IOException {
        Path occupied = Files.createDirectories(dir.resolve("page.html").resolve("inside"));
        assertThrows(IOException.class, () -> AtomicFile.write(occupied.getParent(), new byte[] {1}, AtomicFile.Permissions.ofAnyNewFile()));
        assertEquals(List.of("page.html"), names());
        assertTrue(Files.isDirectory(occupied));
    }

    @Test
    void aCommittedWriteReplacesTheFileWholeWithTheAskedPermissions() throws IOException {
        Path reference = Files.writeString(dir.resolve("reference"), "");
        Path plain = dir.resolve("plain.txt");
        AtomicFile.write(plain, "new".getBytes(StandardCharsets.UTF_8), AtomicFile.Permissions.ofAnyNewFile());
        assertEquals("new", Files.readString(plain));
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(plain), "the umask's, not 0600");

        Path published = dir.resolve("published.html");
        AtomicFile.write(published, new byte[0], AtomicFile.Permissions.exactly("rw-r-----"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(published)), "whatever the umask");

        Path list = Files.writeString(dir.resolve("list.csv"), "old");
        Files.setPosixFilePermissions(list, PosixFilePermissions.fromString("rw-------"));
        AtomicFile.write(list, "new".getBytes(StandardCharsets.UTF_8), AtomicFile.Permissions.sameAs(list));
        assertEquals("new", Files.readString(list));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(list)));
        assertEquals(List.of("list.csv", "plain.txt", "published.html", "reference"), names());
    }

    @Test
    void nothingReachesTheFileBeforeTheCommit() throws IOException {
        Path file = Files.writeString(dir.resolve("list.csv"), "old");
        try (AtomicFile atomic = AtomicFile.begin(file, AtomicFile.Permissions.sameAs(file))) {
            atomic.out().write("new".getBytes(StandardCharsets.UTF_8));
            atomic.finish();
            assertEquals("old", Files.readString(file));
            atomic.commit();
        }
        assertEquals("new", Files.readString(file));
    }

    @Test
    void theTemporaryFileOfADeadProcessIsRemovedButNotThatOfALiveOneNorAnotherFiles() throws IOException {
        Path dead = Files.writeString(dir.resolve(".page.html.tidings-" + deadPid() + ".tmp"), "x");
        Path live = Files.writeString(dir.resolve(".page.html.tidings-" + ProcessHandle.current().parent().orElseThrow().pid() + ".tmp"), "x");
        Path other = Files.writeString(dir.resolve(".other.html.tidings-" + deadPid() + ".tmp"), "x");
        AtomicFile.write(dir.resolve("page.html"), new byte[0], AtomicFile.Permissions.ofAnyNewFile());
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(live), "a running process's file is its own");
        assertTrue(Files.exists(other), "another file's leftovers are removed when that file is written");
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A process id no process has now. */
    private static long deadPid() {
        long pid = 999_999;
        while (ProcessHandle.of(pid).isPresent()) {
            pid--;
        }
        return pid;
    }
}
