package dev.tidings.subscribers;

import dev.tidings.TidingsException;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The durable side of {@code tidings serve}: every acknowledged signup and unsubscribe is appended
 * to a journal beside the list, {@code DIR/.tidings/LIST.csv.journal}, and fsynced before
 * {@link #record} returns; a background thread applies the journal to the CSV in batches
 * ({@link JournalApplier}), and {@code send} reads it as a suppression source
 * ({@link #lastEvents}), so an unsubscribe counts from the moment it was acknowledged.
 *
 * <p>Group commit: callers that arrive while an fsync is running add their records to the next
 * batch, and one of them writes and forces the whole batch while the others wait for it (the
 * leader/follower pattern of database logs, e.g. PostgreSQL's commit_delay-less group commit).
 * One fsync then acknowledges as many events as arrived during the previous one, so throughput
 * grows with concurrency instead of being one event per disk flush.
 *
 * <p>One process writes a journal at a time (an OS lock on the file). A write or fsync that
 * fails leaves the journal refusing every later event until it is reopened: after a failed fsync
 * the kernel may have dropped the dirty pages, so nothing later can be said durable (the
 * PostgreSQL "fsyncgate" lesson).
 */
public final class ListJournal implements ListEvents, Closeable {
    /** How often pending events are applied to the list, and after how many the applier is woken early. */
    public record Batching(Duration interval, int events) {
        public static final Batching DEFAULT = new Batching(Duration.ofSeconds(1), 1_000);
    }

    private final Path journal;
    private final FileChannel channel;
    private final FileLock lock;
    private final JournalApplier applier;
    private final Batching batching;
    private final ScheduledExecutorService applying;
    private final Consumer<RuntimeException> applyFailures;
    private final Object monitor = new Object();
    private ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private long appended;
    private long durable;
    private long durableEnd;
    private long unappliedEvents;
    private boolean flushing;
    private boolean wakeScheduled;
    private IOException failure;
    private long fsyncs;
    private long generation;
    private Runnable beforeFsync = () -> { };
    private Runnable beforeTruncate = () -> { };

    private ListJournal(Path list, FileChannel channel, FileLock lock, Batching batching, Consumer<RuntimeException> applyFailures) {
        this.journal = pathFor(list);
        this.channel = channel;
        this.lock = lock;
        this.batching = batching;
        this.applyFailures = applyFailures;
        this.applier = new JournalApplier(list, journal);
        this.applying = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tidings-journal-apply");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The journal of a list: in {@code .tidings/} beside it, where send keeps its ledgers, named after it. */
    public static Path pathFor(Path list) {
        Path absolute = list.toAbsolutePath();
        return absolute.getParent().resolve(".tidings").resolve(absolute.getFileName() + ".journal");
    }

    /**
     * Opens (or creates) the journal of a list for writing: cuts a torn tail, applies what the
     * list does not hold yet, then applies in the background every {@code batching.interval()}.
     *
     * @param applyFailures hears a background apply that failed (the list unreadable, a disk
     *                      full); nothing is lost, the next apply tries again
     */
    public static ListJournal open(Path list, Batching batching, Consumer<RuntimeException> applyFailures) {
        Path journal = pathFor(list);
        FileChannel channel = null;
        try {
            Files.createDirectories(journal.getParent());
            channel = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = lockOf(journal, channel);
            ListJournal opened = new ListJournal(list, channel, lock, batching, applyFailures);
            opened.recover();
            opened.applyPending();
            long period = Math.max(1, batching.interval().toMillis());
            opened.applying.scheduleWithFixedDelay(opened::applyQuietly, period, period, TimeUnit.MILLISECONDS);
            return opened;
        } catch (IOException e) {
            closeQuietly(channel);
            throw TidingsException.invalidInput(journal + ": cannot open the journal (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static FileLock lockOf(Path journal, FileChannel channel) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw TidingsException.temporary(journal + ": another tidings serve has this list's journal open; one serve per list",
                    null);
        }
        return lock;
    }

    /** Cuts a torn tail (never acknowledged), or writes the header of a new journal, and forces both. */
    private void recover() throws IOException {
        JournalScan.Result scan = JournalScan.read(journal, Long.MAX_VALUE, Long.MAX_VALUE, (event, end) -> { });
        if (scan.generation() < 0) {
            // After any checkpoint left by an earlier journal (deleted, or torn as it was made):
            // restarting at 1 beside a checkpoint "1 X" would skip the new journal's events below X.
            generation = applier.checkpointGeneration() + 1;
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(JournalRecord.header(generation)), 0);
            channel.force(true);
            forceDirectory(journal.getParent());
            durableEnd = JournalRecord.HEADER_LENGTH;
            return;
        }
        generation = scan.generation();
        durableEnd = scan.end();
        if (scan.torn() || channel.size() > scan.end()) {
            channel.truncate(scan.end());
            channel.force(true);
        }
        if (applier.checkpointed(generation) > scan.end()) {
            // The checkpoint says this generation was applied past the journal's end: the journal
            // was emptied and its new header lost (a power cut that kept the truncation only, or a
            // journal restored from a backup). Its records were never applied; a new generation
            // makes the next apply start from its first record instead of from the stale offset.
            generation++;
            channel.write(ByteBuffer.wrap(JournalRecord.header(generation)), 0);
            channel.force(true);
        }
    }

    /** Returns once the event is on disk; several callers at once share one fsync. */
    @Override
    public void record(ListEvent event) throws IOException {
        byte[] line = JournalRecord.encode(event);
        long mine;
        synchronized (monitor) {
            failIfBroken();
            pending.write(line, 0, line.length);
            mine = ++appended;
        }
        while (true) {
            byte[] batch;
            long batchLast;
            long position;
            synchronized (monitor) {
                while (flushing && durable < mine && failure == null) {
                    waitOn();
                }
                if (durable >= mine) {
                    return;
                }
                failIfBroken();
                flushing = true;
                batch = pending.toByteArray();
                pending = new ByteArrayOutputStream();
                batchLast = appended;
                position = durableEnd;
            }
            flush(batch, batchLast, position);
        }
    }

    private void flush(byte[] batch, long batchLast, long position) throws IOException {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(batch);
            while (buffer.hasRemaining()) {
                channel.write(buffer, position + buffer.position());
            }
            beforeFsync.run();
            channel.force(false);
        } catch (IOException | RuntimeException e) {
            synchronized (monitor) {
                failure = e instanceof IOException io ? io : new IOException(e);
                flushing = false;
                monitor.notifyAll();
            }
            throw failure(e);
        }
        boolean wake;
        synchronized (monitor) {
            unappliedEvents += batchLast - durable;
            durable = batchLast;
            durableEnd = position + batch.length;
            fsyncs++;
            flushing = false;
            wake = unappliedEvents >= batching.events() && !wakeScheduled;
            wakeScheduled |= wake;
            monitor.notifyAll();
        }
        if (wake) {
            applying.execute(this::applyQuietly);
        }
    }

    private void failIfBroken() throws IOException {
        if (failure != null) {
            throw new IOException(journal + ": an earlier write or fsync failed (" + failure.getMessage()
                    + "); no event can be acknowledged until serve is restarted", failure);
        }
    }

    private IOException failure(Exception e) {
        return new IOException(journal + ": cannot make the event durable (" + e.getMessage() + ")", e);
    }

    private void waitOn() throws IOException {
        try {
            monitor.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the journal's fsync", e);
        }
    }

    private void applyQuietly() {
        try {
            applyPending();
        } catch (RuntimeException e) {
            applyFailures.accept(e);
        }
    }

    /**
     * Applies every durable event the list does not hold yet, then, if no event arrived
     * meanwhile, empties the journal (a new generation) so that it does not grow for ever.
     */
    public void applyPending() {
        long end;
        long current;
        synchronized (monitor) {
            end = durableEnd;
            current = generation;
            wakeScheduled = false;
            unappliedEvents = 0;
        }
        synchronized (applier) {
            applier.applyTo(end, current);
            compactIfCaughtUp(end);
        }
    }

    private void compactIfCaughtUp(long applied) {
        long next;
        synchronized (monitor) {
            if (durableEnd != applied || flushing || pending.size() > 0 || failure != null
                    || applied == JournalRecord.HEADER_LENGTH) {
                return;
            }
            try {
                // The new header first, forced before the truncation: the file system may otherwise
                // persist the truncation and not the header, leaving the old generation empty under
                // a checkpoint past its end. A crash before the truncation leaves events of the old
                // checkpoint's generation under a new one, which the next start applies again, harmlessly.
                // A second new header after the truncation: a reader without our lock (send) that
                // began between the first header and the truncation sees the generation change too,
                // and reads again instead of taking the new records for damaged ones (JournalScan).
                channel.write(ByteBuffer.wrap(JournalRecord.header(generation + 1)), 0);
                channel.force(true);
                beforeTruncate.run();
                channel.truncate(JournalRecord.HEADER_LENGTH);
                channel.write(ByteBuffer.wrap(JournalRecord.header(generation + 2)), 0);
                channel.force(true);
                generation += 2;
                next = generation;
                durableEnd = JournalRecord.HEADER_LENGTH;
            } catch (IOException e) {
                failure = e;
                throw TidingsException.temporary(journal + ": cannot empty the applied journal (" + e.getMessage() + ")", e);
            }
        }
        applier.checkpoint(next, JournalRecord.HEADER_LENGTH);
    }

    /** How many fsyncs acknowledged events so far (group commit makes it fewer than the events). */
    public long fsyncs() {
        synchronized (monitor) {
            return fsyncs;
        }
    }

    /** How many events were acknowledged so far. */
    public long recorded() {
        synchronized (monitor) {
            return durable;
        }
    }

    /** Tests: runs in the leader just before each fsync, to hold it while followers queue up. */
    void beforeFsync(Runnable hook) {
        this.beforeFsync = hook;
    }

    /** Tests: runs while the journal is emptied, between its first new header and its truncation. */
    void beforeTruncate(Runnable hook) {
        this.beforeTruncate = hook;
    }

    /** Tests: how many events were handed to {@link #record}, durable or not yet. */
    long appended() {
        synchronized (monitor) {
            return appended;
        }
    }

    public Path path() {
        return journal;
    }

    /**
     * The last event of each address (lower-cased) among the journal's whole records: what
     * {@code send} adds to its suppressions. An absent journal has none; a torn tail is ignored
     * (it was never acknowledged); a damaged record in the middle is an error.
     */
    public static Map<String, ListEvent.Kind> lastEvents(Path list) {
        return lastEvents(list, () -> { });
    }

    /** Tests: {@code midScan} runs once, after the first record read, where serve may empty the journal. */
    static Map<String, ListEvent.Kind> lastEvents(Path list, Runnable midScan) {
        Path journal = pathFor(list);
        Map<String, ListEvent.Kind> last = new HashMap<>();
        Runnable[] hook = {midScan};
        if (Files.exists(journal)) {
            JournalScan.readWhileWritten(journal, last::clear, (event, end) -> {
                last.put(event.email().strip().toLowerCase(Locale.ROOT), event.kind());
                Runnable once = hook[0];
                hook[0] = () -> { };
                once.run();
            });
        }
        return last;
    }

    /** Stops the background applier, applies what is pending, and releases the journal. */
    @Override
    public void close() {
        applying.shutdown();
        try {
            applying.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            applyPending();
        } finally {
            try {
                lock.release();
            } catch (IOException e) {
                // closing the channel releases it too
            }
            closeQuietly(channel);
        }
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory; the file is there either way
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was pending
            }
        }
    }
}
