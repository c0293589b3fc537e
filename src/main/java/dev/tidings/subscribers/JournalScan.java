package dev.tidings.subscribers;

import dev.tidings.TidingsException;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a {@link ListJournal} record by record and says where its whole records end.
 *
 * <p>What follows the last whole record, when nothing whole follows it, is a torn tail: the part
 * of a group commit that {@code kill -9} or a power cut cut short (a line without its line feed,
 * a checksum that does not match, zeros where the file system had extended the file but not yet
 * written it). Such records were never acknowledged, since {@code record} returns only after the
 * fsync that covers them. A bad record with a whole one after it is another matter: something
 * damaged the file, and an event acknowledged to a reader may be lost in it, so the scan stops
 * with an error naming the file and line rather than skipping it.
 */
final class JournalScan {
    /** Hears each whole record, with the offset just after it. */
    @FunctionalInterface
    interface Sink {
        void accept(ListEvent event, long end);
    }

    /**
     * @param generation the header's generation, or -1 when the file is shorter than its header
     *                   (torn as it was created)
     * @param end        where the whole records end (the header's end when there are none)
     * @param scanned    how far the file was read (a torn tail lies between end and scanned)
     */
    record Result(long generation, long end, long scanned) {
        boolean torn() {
            return scanned > end;
        }
    }

    private JournalScan() {
    }

    /** Attempts of {@link #readWhileWritten} before giving up, when the journal is emptied under every one. */
    private static final int ATTEMPTS = 10;

    /**
     * Reads the whole journal without its writer's lock, as {@code send} does while {@code serve}
     * runs. The writer may empty the journal and append to it again during the read, and the read
     * would then go on mid-record in the new generation: a bad line, then whole ones, which looks
     * like damage. Every emptying changes the header's generation (twice, before and after the
     * truncation, {@link ListJournal}), so a read that saw the same generation before and after is
     * of one file state; any other is thrown away ({@code restart} clears what the sink gathered)
     * and done again.
     */
    static void readWhileWritten(Path journal, Runnable restart, Sink sink) {
        for (int attempt = 1; ; attempt++) {
            restart.run();
            long before = generation(journal);
            try {
                Result scan = read(journal, Long.MAX_VALUE, 0, sink);
                if (scan.generation() == before && generation(journal) == before) {
                    return;
                }
            } catch (TidingsException e) {
                if (generation(journal) == before) {
                    throw e;
                }
            }
            if (attempt == ATTEMPTS) {
                throw TidingsException.temporary(journal + ": tidings serve emptied the journal during each of " + ATTEMPTS
                        + " reads; try again", null);
            }
        }
    }

    /** The generation in the journal's header, or -1 when there is no whole header (or no file). */
    static long generation(Path journal) {
        byte[] header = new byte[JournalRecord.HEADER_LENGTH];
        try (InputStream in = Files.newInputStream(journal)) {
            int read = in.readNBytes(header, 0, header.length);
            if (read < header.length || header[header.length - 1] != '\n') {
                return -1;
            }
            return JournalRecord.generation(java.util.Arrays.copyOf(header, header.length - 1));
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw TidingsException.invalidInput(journal + ": cannot read the journal (" + e.getMessage() + ")", e);
        }
    }

    /** Reads the first {@code limit} bytes of the journal, handing each record that ends after {@code from} to the sink. */
    static Result read(Path journal, long limit, long from, Sink sink) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(journal), 1 << 16)) {
            return new JournalScan.Reader(journal, in, limit).read(from, sink);
        } catch (IOException e) {
            throw TidingsException.invalidInput(journal + ": cannot read the journal (" + e.getMessage() + ")", e);
        }
    }

    private static final class Reader {
        private final Path journal;
        private final InputStream in;
        private final long limit;
        private long offset;
        private int line;

        Reader(Path journal, InputStream in, long limit) {
            this.journal = journal;
            this.in = in;
            this.limit = limit;
        }

        Result read(long from, Sink sink) throws IOException {
            byte[] first = nextLine(JournalRecord.HEADER_LENGTH);
            if (first == null || first[first.length - 1] != '\n') {
                if (first != null && !isPrefixOfHeader(first)) {
                    throw notAJournal();
                }
                return new Result(-1, 0, offset);
            }
            long generation = JournalRecord.generation(java.util.Arrays.copyOf(first, first.length - 1));
            if (generation < 0) {
                throw notAJournal();
            }
            long end = offset;
            int badLine = 0;
            for (byte[] bytes = nextLine(JournalRecord.MAX_LINE_BYTES); bytes != null; bytes = nextLine(JournalRecord.MAX_LINE_BYTES)) {
                ListEvent event = bytes[bytes.length - 1] == '\n' ? JournalRecord.decode(java.util.Arrays.copyOf(bytes, bytes.length - 1)) : null;
                if (event == null) {
                    badLine = badLine == 0 ? line : badLine;
                    continue;
                }
                if (badLine != 0) {
                    throw TidingsException.invalidInput(journal + ":" + badLine + ": a damaged record (its checksum or format is"
                            + " wrong) with whole records after it; the journal was damaged, not torn by a crash, and an event"
                            + " it held may be lost: restore it from a backup, or remove that line by hand if you accept the loss");
                }
                end = offset;
                if (end > from) {
                    sink.accept(event, end);
                }
            }
            return new Result(generation, end, offset);
        }

        private boolean isPrefixOfHeader(byte[] bytes) {
            byte[] magic = JournalRecord.MAGIC.getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < bytes.length; i++) {
                if (i < magic.length ? bytes[i] != magic[i] : bytes[i] < '0' || bytes[i] > '9') {
                    return false;
                }
            }
            return true;
        }

        private TidingsException notAJournal() {
            return TidingsException.invalidInput(journal + ":1: not a tidings list journal (its first line should begin '"
                    + JournalRecord.MAGIC.strip() + "'); move it away if it is not one");
        }

        /**
         * The next line with its line feed, or what is left without one; a line longer than
         * {@code max} is cut there (it is no record). Null at the end.
         */
        private byte[] nextLine(int max) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            line++;
            while (offset < limit) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                offset++;
                bytes.write(b);
                if (b == '\n') {
                    return bytes.toByteArray();
                }
                if (bytes.size() >= max) {
                    skipLine();
                    return bytes.toByteArray();
                }
            }
            return bytes.size() == 0 ? null : bytes.toByteArray();
        }

        private void skipLine() throws IOException {
            while (offset < limit) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                offset++;
                if (b == '\n') {
                    return;
                }
            }
        }
    }
}
