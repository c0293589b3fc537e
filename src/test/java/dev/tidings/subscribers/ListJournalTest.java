package dev.tidings.subscribers;

import dev.tidings.Deadlines;
import dev.tidings.TidingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.tidings.subscribers.ListEvent.Kind.SUBSCRIBED;
import static dev.tidings.subscribers.ListEvent.Kind.UNSUBSCRIBED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal against real files: durability on return, group commit, torn tails, damage, bounds. */
class ListJournalTest {
    /** Applies only when told (tests call applyPending or close). */
    static final ListJournal.Batching BY_HAND = new ListJournal.Batching(Duration.ofDays(1), Integer.MAX_VALUE);
    static final Instant AT = Instant.parse("2026-03-01T10:15:30.123Z");

    @TempDir
    Path dir;

    static ListEvent event(ListEvent.Kind kind, String email) {
        return new ListEvent(kind, email, null, AT, "one-click");
    }

    private Path list(String... lines) throws IOException {
        Path list = dir.resolve("list.csv");
        Files.writeString(list, String.join("\n", lines) + "\n");
        return list;
    }

    private static ListJournal open(Path list) {
        return ListJournal.open(list, BY_HAND, e -> {
            throw e;
        });
    }

    @Test
    void theJournalLiesBesideTheListInTidingsDirectory() throws IOException {
        Path list = list("email");
        try (ListJournal journal = open(list)) {
            assertEquals(dir.resolve(".tidings/list.csv.journal"), journal.path());
            assertTrue(Files.exists(journal.path()));
        }
    }

    @Test
    void eachRecordIsOneChecksummedLineWithoutTheToken() throws IOException {
        Path list = list("email");
        try (ListJournal journal = open(list)) {
            journal.record(new ListEvent(SUBSCRIBED, "ann@example.org", "Ann\tLee", AT, "form"));
            List<String> lines = Files.readAllLines(journal.path());
            assertEquals(2, lines.size());
            assertTrue(lines.get(0).startsWith("tidings-journal 1 generation "), lines.get(0));
            assertTrue(lines.get(1).matches("[0-9a-f]{8}\tS\t2026-03-01T10:15:30.123Z\tann@example.org\tAnn%09Lee\tform"), lines.get(1));
        }
    }

    /** N callers, the first held in its fsync until the others have queued: they all go in the second fsync. */
    @Test
    void callersWaitingOnAnFsyncShareTheNextOne() throws Exception {
        Path list = list("email");
        int callers = 8;
        try (ListJournal journal = open(list)) {
            AtomicBoolean first = new AtomicBoolean(true);
            journal.beforeFsync(() -> {
                if (first.getAndSet(false)) {
                    try {
                        Deadlines.await("the other callers to queue", () -> journal.appended() == callers, Duration.ofSeconds(10));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            List<Future<?>> done = new ArrayList<>();
            CountDownLatch firstStarted = new CountDownLatch(1);
            done.add(pool.submit(() -> {
                firstStarted.countDown();
                journal.record(event(UNSUBSCRIBED, "u0@example.org"));
                return null;
            }));
            firstStarted.await();
            Deadlines.await("the first caller to hold the fsync", () -> journal.appended() == 1, Duration.ofSeconds(10));
            for (int i = 1; i < callers; i++) {
                String email = "u" + i + "@example.org";
                done.add(pool.submit(() -> {
                    journal.record(event(UNSUBSCRIBED, email));
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertEquals(callers, journal.recorded());
            assertEquals(2, journal.fsyncs(), "one fsync for the first event, one shared by the " + (callers - 1) + " that queued");
        }
    }

    @Test
    void manyThreadsLoseNoEventAndNeverFsyncMoreThanOncePerEvent() throws Exception {
        Path list = list("email");
        int threads = 8;
        int each = 125;
        try (ListJournal journal = open(list)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        journal.record(event(i % 2 == 0 ? SUBSCRIBED : UNSUBSCRIBED, "t" + thread + "-" + i + "@example.org"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertEquals(threads * each, journal.recorded());
            assertTrue(journal.fsyncs() <= threads * each);
            assertEquals(threads * each, ListJournal.lastEvents(list).size());
        }
    }

    @Test
    void aTornTailIsCutOnOpenAndIgnoredByReaders() throws IOException {
        Path list = list("email");
        Path journal;
        try (ListJournal j = open(list)) {
            j.record(event(UNSUBSCRIBED, "a@example.org"));
            journal = j.path();
        }
        assertEquals(JournalRecord.HEADER_LENGTH, Files.size(journal), "applied on close, then emptied");
        byte[] half = java.util.Arrays.copyOf(JournalRecord.encode(event(UNSUBSCRIBED, "b@example.org")), 20);
        Files.write(journal, half, StandardOpenOption.APPEND);
        Files.write(journal, new byte[4096], StandardOpenOption.APPEND); // zeros: an extended file not yet written
        assertEquals(Map.of(), ListJournal.lastEvents(list), "a reader sees neither the torn record nor the one applied and emptied");
        try (ListJournal j = open(list)) {
            assertEquals(JournalRecord.HEADER_LENGTH, Files.size(journal), "cut, then emptied since the list holds everything");
            j.record(event(UNSUBSCRIBED, "c@example.org"));
            assertEquals(Map.of("c@example.org", UNSUBSCRIBED), ListJournal.lastEvents(list));
        }
    }

    @Test
    void aTornLastRecordIsCutAndTheWholeOnesKept() throws IOException {
        Path list = list("email,status", "a@example.org,subscribed", "b@example.org,subscribed");
        Path journal = ListJournal.pathFor(list);
        Files.createDirectories(journal.getParent());
        byte[] torn = JournalRecord.encode(event(UNSUBSCRIBED, "b@example.org"));
        Files.write(journal, concat(JournalRecord.header(1), JournalRecord.encode(event(UNSUBSCRIBED, "a@example.org")),
                java.util.Arrays.copyOf(torn, torn.length - 1)));
        assertEquals(Map.of("a@example.org", UNSUBSCRIBED), ListJournal.lastEvents(list));
        open(list).close();
        assertEquals("email,status\na@example.org,unsubscribed\nb@example.org,subscribed\n", Files.readString(list));
    }

    /**
     * A power cut while the journal was emptied that kept the truncation but not the new header:
     * the old generation's header over records written after it, and a checkpoint of that
     * generation past their end. Nothing may be skipped.
     */
    @Test
    void aJournalEndingBeforeItsCheckpointStartsANewGenerationAndLosesNothing() throws IOException {
        Path list = list("email,status", "a@example.org,subscribed", "b@example.org,subscribed");
        Path journal = ListJournal.pathFor(list);
        Files.createDirectories(journal.getParent());
        Files.write(journal, concat(JournalRecord.header(1), JournalRecord.encode(event(UNSUBSCRIBED, "a@example.org"))));
        Files.writeString(journal.resolveSibling("list.csv.journal.applied"), "1 5000\n");
        try (ListJournal j = open(list)) {
            assertTrue(Files.readString(list).contains("a@example.org,unsubscribed"), "the record applied on open");
            j.record(event(UNSUBSCRIBED, "b@example.org"));
        }
        assertEquals("email,status\na@example.org,unsubscribed\nb@example.org,unsubscribed\n", Files.readString(list));
    }

    /** The journal deleted (or torn as it was made) while its checkpoint stayed: the new one's events are all applied. */
    @Test
    void aJournalMadeAfreshBesideAnOldCheckpointSkipsNothing() throws IOException {
        Path list = list("email,status", "a@example.org,subscribed", "b@example.org,subscribed");
        Path journal = ListJournal.pathFor(list);
        Files.createDirectories(journal.getParent());
        Files.writeString(journal.resolveSibling("list.csv.journal.applied"), "1 5000\n");
        for (byte[] left : List.of(new byte[0], "tidings-jour".getBytes(StandardCharsets.US_ASCII))) {
            if (left.length > 0) {
                Files.write(journal, left);
            }
            try (ListJournal j = open(list)) {
                j.record(event(UNSUBSCRIBED, "a@example.org"));
                j.record(event(UNSUBSCRIBED, "b@example.org"));
            }
            assertEquals("email,status\na@example.org,unsubscribed\nb@example.org,unsubscribed\n", Files.readString(list));
            Files.writeString(list, "email,status\na@example.org,subscribed\nb@example.org,subscribed\n");
            Files.delete(journal);
            Files.writeString(journal.resolveSibling("list.csv.journal.applied"), "1 5000\n");
        }
    }

    @Test
    void aDamagedRecordBeforeWholeOnesIsAnErrorNamingItsLine() throws IOException {
        Path list = list("email");
        Path journal = ListJournal.pathFor(list);
        Files.createDirectories(journal.getParent());
        byte[] damaged = JournalRecord.encode(event(UNSUBSCRIBED, "b@example.org"));
        damaged[12] ^= 1;
        Files.write(journal, concat(JournalRecord.header(1), JournalRecord.encode(event(UNSUBSCRIBED, "a@example.org")),
                damaged, JournalRecord.encode(event(UNSUBSCRIBED, "c@example.org"))));
        byte[] before = Files.readAllBytes(journal);
        TidingsException read = assertThrows(TidingsException.class, () -> ListJournal.lastEvents(list));
        assertTrue(read.getMessage().startsWith(journal + ":3: a damaged record"), read.getMessage());
        TidingsException opened = assertThrows(TidingsException.class, () -> open(list));
        assertTrue(opened.getMessage().startsWith(journal + ":3: "), opened.getMessage());
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(journal), "nothing cut or rewritten");
    }

    /** More than the reader's 64 KB buffer of records, so that it reads the file again after the first record. */
    private static void recordPastTheReadersBuffer(ListJournal journal, String prefix, ListEvent.Kind kind,
                                                  Map<String, ListEvent.Kind> recorded) throws IOException {
        for (int i = 0; i < 1_500; i++) {
            String email = prefix + i + "@example.org";
            journal.record(event(kind, email));
            recorded.put(email, kind);
        }
    }

    /** send reads while serve applies, empties and refills the journal: it reads again, and sees the new records. */
    @Test
    void aReaderWhileTheJournalIsEmptiedAndRefilledReadsAgainInsteadOfCallingItDamaged() throws IOException {
        Path list = list("email");
        try (ListJournal journal = open(list)) {
            recordPastTheReadersBuffer(journal, "old", UNSUBSCRIBED, new HashMap<>());
            assertTrue(Files.size(journal.path()) > 1 << 16);
            Map<String, ListEvent.Kind> recorded = new HashMap<>();
            Map<String, ListEvent.Kind> read = ListJournal.lastEvents(list, () -> {
                try {
                    journal.applyPending();
                    recordPastTheReadersBuffer(journal, "new-reader-", SUBSCRIBED, recorded);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertEquals(recorded, read);
        }
    }

    /**
     * The narrowest case: the reader begins after the journal's first new header was written and
     * before the truncation, so the header it sees first is already the new generation's.
     */
    @Test
    void aReaderThatBeganBetweenTheNewHeaderAndTheTruncationReadsAgain() throws Exception {
        Path list = list("email");
        try (ListJournal journal = open(list)) {
            recordPastTheReadersBuffer(journal, "old", UNSUBSCRIBED, new HashMap<>());
            CountDownLatch readerStarted = new CountDownLatch(1);
            CountDownLatch refilled = new CountDownLatch(1);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            List<Future<Map<String, ListEvent.Kind>>> reader = new ArrayList<>();
            journal.beforeTruncate(() -> {
                reader.add(pool.submit(() -> ListJournal.lastEvents(list, () -> {
                    readerStarted.countDown();
                    await(refilled);
                })));
                await(readerStarted);
            });
            journal.applyPending();
            journal.beforeTruncate(() -> { });
            Map<String, ListEvent.Kind> recorded = new HashMap<>();
            recordPastTheReadersBuffer(journal, "new-reader-", SUBSCRIBED, recorded);
            refilled.countDown();
            assertEquals(recorded, reader.get(0).get(60, java.util.concurrent.TimeUnit.SECONDS));
            pool.shutdown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("waited a minute for the other thread");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aFileThatIsNoJournalIsRefusedNotOverwritten() throws IOException {
        Path list = list("email");
        Path journal = ListJournal.pathFor(list);
        Files.createDirectories(journal.getParent());
        Files.writeString(journal, "my notes\n");
        TidingsException e = assertThrows(TidingsException.class, () -> open(list));
        assertTrue(e.getMessage().contains(":1: not a tidings list journal"), e.getMessage());
        assertEquals("my notes\n", Files.readString(journal));
    }

    @Test
    void oneWriterPerJournal() throws IOException {
        Path list = list("email");
        try (ListJournal journal = open(list)) {
            TidingsException e = assertThrows(TidingsException.class, () -> open(list));
            assertTrue(e.getMessage().contains("another tidings serve"), e.getMessage());
        }
    }

    @Test
    void absurdOrUnsafeValuesAreRefusedBeforeAnythingIsWritten() throws IOException {
        Path list = list("email");
        try (ListJournal journal = open(list)) {
            long size = Files.size(journal.path());
            String longLocal = "a".repeat(300) + "@example.org";
            assertThrows(TidingsException.class, () -> journal.record(event(SUBSCRIBED, longLocal)));
            assertThrows(TidingsException.class, () -> journal.record(new ListEvent(SUBSCRIBED, "a@example.org", "x".repeat(201), AT, "form")));
            assertThrows(TidingsException.class, () -> journal.record(new ListEvent(SUBSCRIBED, "a@example.org", "=HYPERLINK(1)", AT, "form")));
            assertThrows(TidingsException.class, () -> journal.record(new ListEvent(SUBSCRIBED, "a@example.org", "Ann\nBcc: x", AT, "form")));
            assertThrows(TidingsException.class, () -> journal.record(event(SUBSCRIBED, "not an address")));
            assertEquals(size, Files.size(journal.path()));
            assertEquals(0, journal.recorded());
        }
    }

    @Test
    void theLastEventOfAnAddressWinsIgnoringCase() throws IOException {
        Path list = list("email");
        try (ListJournal journal = open(list)) {
            journal.record(event(UNSUBSCRIBED, "Ann@Example.org"));
            journal.record(event(SUBSCRIBED, "ann@example.org"));
            journal.record(event(SUBSCRIBED, "bob@example.org"));
            journal.record(event(UNSUBSCRIBED, "BOB@example.org"));
            assertEquals(Map.of("ann@example.org", SUBSCRIBED, "bob@example.org", UNSUBSCRIBED), ListJournal.lastEvents(list));
        }
        assertFalse(Files.readString(list).isEmpty());
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
