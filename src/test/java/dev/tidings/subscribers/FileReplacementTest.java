package dev.tidings.subscribers;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
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
}
