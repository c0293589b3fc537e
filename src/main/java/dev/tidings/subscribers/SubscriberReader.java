package dev.tidings.subscribers;

import dev.tidings.digest.Problem;
import dev.tidings.digest.ProblemException;
import dev.tidings.digest.RegularFile;
import dev.tidings.digest.SourcePosition;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Streams a subscriber list (CSV, UTF-8, a header row) one row at a time, so lists of millions
 * cost constant memory. The header must name an {@code email} column; {@code name} and
 * {@code status} are optional; any other column becomes a template field. Column names are
 * matched ignoring case and surrounding spaces. Blank lines (and rows of empty values) are skipped.
 *
 * <p>A row with a bad value is returned with its problems, so callers can report every bad line;
 * a file that cannot be read as CSV at all throws {@link ProblemException}. What the columns mean
 * and when a row is valid is {@link SubscriberColumns}'s; this class reads the file and says why
 * one cannot be read.
 */
public final class SubscriberReader implements Closeable {
    private final Path path;
    private final String file;
    private final CsvParser parser;
    private final List<String> header;
    private final SubscriberColumns columns;

    public SubscriberReader(Path path) {
        this.path = path;
        this.file = path.toString();
        this.parser = open(path);
        try {
            this.header = readHeader();
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        this.columns = SubscriberColumns.of(header);
        if (columns == null) {
            closeQuietly();
            throw fail(1, SubscriberColumns.noEmailColumn(header));
        }
    }

    /** The first valid row whose address matches, ignoring case, or null. Streams; stops at the match. */
    public static Subscriber find(Path list, String email) {
        String wanted = email.toLowerCase(Locale.ROOT);
        try (SubscriberReader reader = new SubscriberReader(list)) {
            for (SubscriberRow row = reader.next(); row != null; row = reader.next()) {
                if (row.valid() && row.subscriber().key().equals(wanted)) {
                    return row.subscriber();
                }
            }
        }
        return null;
    }

    /** The column names, lower-cased, in file order. */
    public List<String> header() {
        return header;
    }

    /** The next data row, or null at the end of the file. */
    public SubscriberRow next() {
        try {
            while (parser.nextToken() != null) {
                List<String> values = new ArrayList<>(header.size());
                int line = 0;
                while (parser.nextToken() == JsonToken.VALUE_STRING) {
                    if (values.isEmpty()) {
                        // The row's own start token sits at the end of the previous row; its first value does not.
                        line = lineOfCurrentToken();
                    }
                    values.add(withoutByteOrderMarks(parser.getText()));
                }
                if (!isBlank(values)) {
                    return columns.row(line, values);
                }
            }
            return null;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private List<String> readHeader() {
        try {
            if (parser.nextToken() == null) {
                throw fail(0, "the file is empty; the first line must name the columns, e.g. email,name,status");
            }
            List<String> names = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            while (parser.nextToken() == JsonToken.VALUE_STRING) {
                String name = parser.getText().strip().toLowerCase(Locale.ROOT);
                Integer previous = seen.put(name, names.size() + 1);
                if (previous != null && !name.isEmpty()) {
                    throw fail(1, "the header names the column '" + name + "' twice (columns " + previous
                            + " and " + (names.size() + 1) + ")");
                }
                names.add(name);
            }
            return List.copyOf(names);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private int lineOfCurrentToken() {
        return (int) parser.currentTokenLocation().getLineNr();
    }

    private ProblemException unreadable(IOException e) {
        int line = e instanceof StreamReadException read && read.getLocation() != null
                ? read.getLocation().getLineNr() : lineOfCurrentToken();
        if (e instanceof CharacterCodingException || e.getCause() instanceof CharacterCodingException) {
            Problem where = NotUtf8.find(path, file);
            return where != null ? new ProblemException(where) : fail(line, "invalid UTF-8 byte sequence; save the list as UTF-8");
        }
        String detail = e instanceof StreamReadException read ? read.getOriginalMessage() : e.getMessage();
        if (detail != null && detail.startsWith("Missing closing quote")) {
            SourcePosition quote = UnclosedQuote.find(path);
            if (quote != null) {
                return new ProblemException(Problem.error(quote, "", "a value opens with this double quote and is never closed, so the rest"
                        + " of the file was read as that one value; add the closing quote (a quote that belongs to a value is"
                        + " written \"\" inside a quoted value)"));
            }
        }
        if (detail != null && detail.contains("Expected column separator") && e instanceof StreamReadException read
                && read.getLocation() != null) {
            // Jackson's column is the one after the character it stopped at.
            int column = Math.max(1, read.getLocation().getColumnNr() - 1);
            return new ProblemException(Problem.error(new SourcePosition(file, line, column), "", "text after a value's closing double"
                    + " quote; a value in quotes ends at its closing quote. To keep quotes inside a value, put the whole value in quotes"
                    + " and double the quotes inside it: \"\"\"Smith\"\" Jr\" is read as \"Smith\" Jr"));
        }
        return fail(line, "not readable as CSV: " + firstLine(detail));
    }

    private ProblemException fail(int line, String message) {
        return new ProblemException(Problem.error(new SourcePosition(file, line, 0), "", message));
    }

    private CsvParser open(Path path) {
        String special = RegularFile.problem(path);
        if (special != null) {
            throw fail(0, special);
        }
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
            skipUtf8ByteOrderMark(in);
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));
            // On the factory: the parser reads its decoder's settings when it is made, and enabling
            // TRIM_SPACES on the parser afterwards did nothing (then `a@example.org, "Lee, Ann"` was
            // three values, and CsvRecordScanner, which skips those spaces, disagreed with this reader).
            return new CsvFactory().enable(CsvParser.Feature.TRIM_SPACES).createParser(reader);
        } catch (NoSuchFileException e) {
            throw fail(0, "file not found");
        } catch (AccessDeniedException e) {
            throw fail(0, "cannot read the file (permission denied)");
        } catch (IOException e) {
            throw fail(0, Files.isDirectory(path) ? "is a directory, not a subscriber list" : "cannot read the file: " + e.getMessage());
        }
    }

    /** Spreadsheet programs save CSV with a UTF-8 byte-order mark; it is not part of the first column's name. */
    private static void skipUtf8ByteOrderMark(InputStream in) throws IOException {
        in.mark(3);
        byte[] start = in.readNBytes(3);
        if (!(start.length == 3 && (start[0] & 0xFF) == 0xEF && (start[1] & 0xFF) == 0xBB && (start[2] & 0xFF) == 0xBF)) {
            in.reset();
        }
    }

    /**
     * A byte-order mark anywhere but the file's start (lists joined with cat, an editor that adds
     * one at the end) is invisible, and would make "a@example.org" or an empty last line an
     * invalid address that no one can see. At either end of a value it is dropped, as at the start.
     */
    static String withoutByteOrderMarks(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == '\uFEFF') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == '\uFEFF') {
            end--;
        }
        return value.substring(start, end);
    }

    /** A loop, not a stream: it runs for every row, twice per send, and a stream pipeline per row was a fifth of reading one. */
    private static boolean isBlank(List<String> values) {
        for (String value : values) {
            if (!value.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unknown error";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private void closeQuietly() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // nothing was written; closing a reader cannot lose data
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
