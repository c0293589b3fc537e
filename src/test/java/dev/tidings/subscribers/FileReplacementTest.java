package dev.tidings.subscribers;

import dev.tidings.ExitStatus;
import dev.tidings.LockFile;
import dev.tidings.TidingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A list saved by someone else while tidings was rewriting it is left as they saved it. */
class FileReplacementTest {
    @TempDir
    Path dir;

    @Test
    void aFileChangedSinceItWasReadIsNotReplaced() throws Exception {
        Path list = Files.writeString(dir.resolve("list.csv"), "email\na@example.org\n");
        FileReplacement.Snapshot read = FileReplacement.Snapshot.of(list);
        TidingsException refused;
        try (FileReplacement replacement = FileReplacement.begin(list)) {
            replacement.out().write("email,status\na@example.org,unsubscribed\n".getBytes(StandardCharsets.UTF_8));
            // an editor saves the list meanwhile (same size would do: the time differs)
            Files.writeString(list, "email\nb@example.org\n");
            Files.setLastModifiedTime(list, FileTime.from(Instant.now().plusSeconds(5)));
            refused = assertThrows(TidingsException.class, () -> replacement.commit(read));
        }
        assertEquals(ExitStatus.TEMPORARY_FAILURE, refused.status());
        assertTrue(refused.getMessage().contains("the list changed while tidings was updating it"), refused.getMessage());
        assertEquals("email\nb@example.org\n", Files.readString(list), "the other program's version stays");
        assertFalse(Files.exists(dir.resolve("list.csv.bak")), "no backup of a version tidings did not replace");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
    }

    @Test
    void anUnchangedFileIsReplacedAndItsPreviousVersionKept() throws Exception {
        Path list = Files.writeString(dir.resolve("list.csv"), "email\na@example.org\n");
        FileReplacement.Snapshot read = FileReplacement.Snapshot.of(list);
        try (FileReplacement replacement = FileReplacement.begin(list)) {
            replacement.out().write("email,status\na@example.org,unsubscribed\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(dir.resolve("list.csv.bak"), replacement.commit(read));
        }
        assertEquals("email,status\na@example.org,unsubscribed\n", Files.readString(list));
        assertEquals("email\na@example.org\n", Files.readString(dir.resolve("list.csv.bak")));
    }

    @Test
    void aWriterWaitsForTheListLockAndThenSeesTheEditMadeUnderIt() throws Exception {
        Path list = Files.writeString(dir.resolve("list.csv"), "email\na@example.org\n");
        FileReplacement.Snapshot read = FileReplacement.Snapshot.of(list);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (FileReplacement replacement = FileReplacement.begin(list)) {
            replacement.out().write("email,status\na@example.org,unsubscribed\n".getBytes(StandardCharsets.UTF_8));
            Future<Path> commit;
            try (LockFile other = LockFile.tryTake(FileReplacement.lockPath(list.toRealPath()))) {
                commit = thread.submit(() -> replacement.commit(read));
                // Without the lock the commit renames at once; with it, it waits for the other writer.
                assertThrows(TimeoutException.class, () -> commit.get(300, TimeUnit.MILLISECONDS), "renamed under another writer's lock");
                Files.writeString(list, "email\nb@example.org\n"); // the other writer's rename
            }
            ExecutionException refused = assertThrows(ExecutionException.class, () -> commit.get(60, TimeUnit.SECONDS));
            assertTrue(refused.getCause().getMessage().contains("the list changed while tidings was updating it"), refused.getCause().getMessage());
        } finally {
            thread.shutdownNow();
        }
        assertEquals("email\nb@example.org\n", Files.readString(list), "the other writer's edit stays");
        assertFalse(Files.exists(FileReplacement.lockPath(list.toRealPath())), "no lock file is left");
    }
}
