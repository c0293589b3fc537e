package dev.tidings.subscribers;

import dev.tidings.AtomicFile;
import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies a {@link ListJournal}'s events to the CSV list with the editor's atomic, byte-preserving
 * rewrite ({@link FileReplacement}), then records how far it got in a checkpoint
 * ({@code LIST.csv.journal.applied}: the journal's generation and the offset applied, written
 * atomically after the list is replaced).
 *
 * <p>Applying is idempotent: each address ends in the state of its last event, whatever state it
 * had, so a crash between the list's replacement and the checkpoint applies the same events again
 * with the same result. A list that changed while it was rewritten (a {@code subscribers add},
 * an {@code unsubscribes}, an editor's save) is not overwritten: {@link FileReplacement} refuses,
 * and the batch is applied again to the list as it now is, so neither side's edit is lost.
 */
final class JournalApplier {
    /** At most this many addresses per rewrite: the batch is held in memory, the list never is. */
    static final int MAX_ADDRESSES_PER_REWRITE = 100_000;
    /** Rewrites tried before giving up until the next round, when the list keeps changing under us. */
    private static final int ATTEMPTS = 20;

    private final Path list;
    private final Path journal;
    private final Path checkpoint;
    private Runnable beforeCommit = () -> { };

    JournalApplier(Path list, Path journal) {
        this.list = list;
        this.journal = journal;
        this.checkpoint = journal.resolveSibling(journal.getFileName() + ".applied");
    }

    /** Tests: runs between writing the new list and replacing the old, where another program's edit would be lost. */
    void beforeCommit(Runnable hook) {
        this.beforeCommit = hook;
    }

    /** Applies the events of the journal up to {@code end} that the checkpoint does not cover. */
    void applyTo(long end, long generation) {
        long from = checkpointed(generation);
        if (from >= end) {
            return;
        }
        Map<String, ListEvent> batch = new LinkedHashMap<>();
        long[] batchEnd = {from};
        JournalScan.read(journal, end, from, (event, recordEnd) -> {
            batch.put(SubscriberListEditor.key(event.email()), event);
            batchEnd[0] = recordEnd;
            if (batch.size() >= MAX_ADDRESSES_PER_REWRITE) {
                rewrite(batch);
                checkpoint(generation, recordEnd);
                batch.clear();
            }
        });
        if (!batch.isEmpty()) {
            rewrite(batch);
        }
        checkpoint(generation, batchEnd[0]);
    }

    /** The offset applied in this generation; the journal's start when the checkpoint is of another (or none). */
    long checkpointed(long generation) {
        long[] saved = saved();
        return saved != null && saved[0] == generation ? Math.max(JournalRecord.HEADER_LENGTH, saved[1]) : JournalRecord.HEADER_LENGTH;
    }

    /** The generation of the checkpoint, 0 when there is none (or it is damaged): a new journal starts after it. */
    long checkpointGeneration() {
        long[] saved = saved();
        return saved == null ? 0 : Math.max(0, saved[0]);
    }

    /** The checkpoint's generation and offset, or null when there is none or it is damaged. */
    private long[] saved() {
        try {
            String[] parts = Files.readString(checkpoint, StandardCharsets.US_ASCII).strip().split(" ");
            if (parts.length == 2) {
                return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
            }
        } catch (NoSuchFileException e) {
            // never applied: from the start
        } catch (IOException | NumberFormatException e) {
            // a damaged checkpoint costs only a harmless re-apply
        }
        return null;
    }

    void checkpoint(long generation, long offset) {
        try {
            AtomicFile.write(checkpoint, (generation + " " + offset + "\n").getBytes(StandardCharsets.US_ASCII),
                    AtomicFile.Permissions.ofAnyNewFile());
        } catch (IOException e) {
            throw TidingsException.invalidInput(checkpoint + ": cannot write the checkpoint (" + e.getMessage()
                    + "); the events will be applied again, harmlessly", e);
        }
    }

    /** The list with each address of the batch in the state of its last event; again from the top when the list changed meanwhile. */
    void rewrite(Map<String, ListEvent> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                rewriteOnce(batch);
                return;
            } catch (TidingsException e) {
                if (e.status() != ExitStatus.TEMPORARY_FAILURE || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void rewriteOnce(Map<String, ListEvent> batch) {
        FileReplacement.Snapshot snapshot = FileReplacement.Snapshot.of(list);
        requireReadable();
        JournalEdit plan = new JournalEdit(batch, null);
        scan(plan, null);
        JournalEdit edit = new JournalEdit(batch, plan.needs());
        try (FileReplacement replacement = FileReplacement.begin(list)) {
            scan(edit, replacement.out());
            if (edit.changed()) {
                beforeCommit.run();
                replacement.commit(snapshot);
            }
        }
    }

    /** The list must be one the reader (and so {@code send}) can read: nothing is written to one it cannot. */
    private void requireReadable() {
        try (SubscriberReader reader = new SubscriberReader(list)) {
            while (reader.next() != null) {
                // read to the end: a file that is not CSV fails here, before anything is written
            }
        }
    }

    private void scan(JournalEdit edit, OutputStream out) {
        try (InputStream in = Files.newInputStream(list); CsvRecordScanner scanner = new CsvRecordScanner(in)) {
            CsvRecord header = scanner.next();
            write(out, edit.header(header));
            boolean lineEnded = header.lineEnd().length > 0;
            for (CsvRecord record = scanner.next(); record != null; record = scanner.next()) {
                write(out, record.blank() ? record.bytes() : edit.row(record));
                lineEnded = record.lineEnd().length > 0;
            }
            byte[] end = edit.end();
            if (end.length > 0 && !lineEnded) {
                write(out, edit.lineEnd());
            }
            write(out, end);
        } catch (IOException e) {
            throw TidingsException.invalidInput(list + ": cannot read the list (" + e.getMessage() + ")", e);
        }
    }

    private static void write(OutputStream out, byte[] bytes) throws IOException {
        if (out != null) {
            out.write(bytes);
        }
    }
}
