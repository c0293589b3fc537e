package dev.tidings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockFileTest {
    @TempDir
    Path dir;

    @Test
    void aHeldLockIsBusyForAnotherTakerAndItsFileIsGoneAfterClose() throws IOException {
        Path file = dir.resolve("list.csv.lock");
        try (LockFile held = LockFile.tryTake(file)) {
            assertNotNull(held);
            assertTrue(Files.exists(file));
            assertNull(LockFile.tryTake(file), "taken twice");
            assertNull(LockFile.take(file, Duration.ofMillis(50)), "a waiting taker gives up at its deadline");
        }
        assertFalse(Files.exists(file), "no empty lock file is left behind");
        try (LockFile again = LockFile.tryTake(file)) {
            assertNotNull(again);
        }
    }

    @Test
    void aWaitingTakerGetsTheLockWhenItsHolderLetsGo() throws Exception {
        Path file = dir.resolve("list.csv.lock");
        LockFile held = LockFile.tryTake(file);
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> taker = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try (LockFile taken = LockFile.take(file, Deadlines.seconds(60))) {
                return taken != null;
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(waiting.await(60, TimeUnit.SECONDS));
        assertFalse(taker.isDone(), "took a held lock");
        held.close();
        assertTrue(taker.get(60, TimeUnit.SECONDS));
    }

    @Test
    void aFileLeftByAKilledHolderIsTakenOverAndRemoved() throws IOException {
        Path file = Files.writeString(dir.resolve("list.csv.lock"), "");
        try (LockFile taken = LockFile.tryTake(file)) {
            assertNotNull(taken);
        }
        assertFalse(Files.exists(file));
    }
}
