package dev.tidings.subscribers;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a CSV file into {@link CsvRecord}s without decoding it, so that an edited list can be
 * written back with every untouched byte as it was. Quoting is RFC 4180's (a quoted field may
 * hold commas, doubled quotes and line breaks), as {@link SubscriberReader} reads it; a list is
 * checked with that reader before it is edited, so the two agree on where records begin.
 * Working on bytes is safe in UTF-8: comma, quote, CR and LF never occur inside a multi-byte character.
 */
final class CsvRecordScanner implements Closeable {
    private static final int END = -1;

    private final InputStream in;
    private int line = 1;
    /** Characters read on the current line: UTF-8 lead bytes, not continuation bytes. */
    private int column;
    private int pending = -2;
    private boolean first = true;
    private int quoteLine;
    private int quoteColumn;
    private boolean endedInQuote;

    CsvRecordScanner(InputStream in) {
        this.in = new BufferedInputStream(in, 1 << 16);
    }

    /** The next record, or null at the end of the file. */
    CsvRecord next() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        int startLine = line;
        int fieldStart = first ? skipByteOrderMark(bytes) : 0;
        first = false;
        starts.add(fieldStart);
        boolean quoted = false;
        boolean fieldHasText = false;
        while (true) {
            int b = read();
            if (b == END) {
                endedInQuote |= quoted; // the next call, at the end again, starts outside any quote
                if (bytes.size() == 0) {
                    return null;
                }
                ends.add(bytes.size());
                return record(startLine, bytes, bytes.size(), starts, ends);
            }
            bytes.write(b);
            if ((b & 0xC0) != 0x80) {
                column++;
            }
            if (quoted) {
                if (b == '"') {
                    if (peek() == '"') {
                        bytes.write(read());
                    } else {
                        quoted = false;
                    }
                } else if (b == '\n' || b == '\r' && peek() != '\n') {
                    line++;
                    column = 0;
                }
            } else if (b == '"' && !fieldHasText) {
                quoted = true;
                fieldHasText = true;
                quoteLine = line;
                quoteColumn = column;
            } else if (b == ',') {
                ends.add(bytes.size() - 1);
                starts.add(bytes.size());
                fieldHasText = false;
            } else if (b == '\n' || b == '\r') {
                int contentEnd = bytes.size() - 1;
                if (b == '\r' && peek() == '\n') {
                    bytes.write(read());
                }
                line++;
                column = 0;
                ends.add(contentEnd);
                return record(startLine, bytes, contentEnd, starts, ends);
            } else if (b > ' ') {
                // Spaces, tabs and other control characters before a quote leave it opening the
                // field: the reader trims them (Jackson's TRIM_SPACES skips everything up to U+0020).
                fieldHasText = true;
            }
        }
    }

    /**
     * Where the quote opened that the file ended inside, as {line, column} (1-based, column in
     * characters), once {@link #next} has returned null; null when every quote closed.
     */
    int[] unclosedQuote() {
        return endedInQuote ? new int[] {quoteLine, quoteColumn} : null;
    }

    /** A record from bytes already in memory (an edited record, read again to know its fields). */
    static CsvRecord parse(int line, byte[] bytes) {
        try (CsvRecordScanner scanner = new CsvRecordScanner(new ByteArrayInputStream(bytes))) {
            scanner.first = false;
            CsvRecord record = scanner.next();
            return new CsvRecord(line, record.bytes(), record.contentEnd(), record.starts(), record.ends());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A UTF-8 byte-order mark opening the file belongs to the first record's bytes, not to its first field. */
    private int skipByteOrderMark(ByteArrayOutputStream bytes) throws IOException {
        int[] bom = {0xEF, 0xBB, 0xBF};
        in.mark(3);
        for (int expected : bom) {
            if (in.read() != expected) {
                in.reset();
                return 0;
            }
        }
        for (int b : bom) {
            bytes.write(b);
        }
        return 3;
    }

    private int read() throws IOException {
        if (pending != -2) {
            int b = pending;
            pending = -2;
            return b;
        }
        return in.read();
    }

    private int peek() throws IOException {
        if (pending == -2) {
            pending = in.read();
        }
        return pending;
    }

    private static CsvRecord record(int line, ByteArrayOutputStream bytes, int contentEnd, List<Integer> starts, List<Integer> ends) {
        return new CsvRecord(line, bytes.toByteArray(), contentEnd,
                starts.stream().mapToInt(Integer::intValue).toArray(), ends.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
