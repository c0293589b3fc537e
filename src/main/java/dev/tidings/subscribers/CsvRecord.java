package dev.tidings.subscribers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One CSV record as the bytes it is written with: where each field starts and ends, and the line
 * end that follows it (CRLF, LF, CR, or none at the end of the file). Values are read the way
 * {@link SubscriberReader} reads them (quotes removed, spaces around trimmed, stray byte-order
 * marks dropped); editing a field changes those bytes and leaves every other byte as it was.
 *
 * @param line       the line the record starts on, from 1
 * @param bytes      the record, its line end included
 * @param contentEnd where the line end starts
 * @param starts     where each field starts (after a byte-order mark that opens the file)
 * @param ends       where each field ends (before its comma or the line end)
 */
record CsvRecord(int line, byte[] bytes, int contentEnd, int[] starts, int[] ends) {

    int fields() {
        return starts.length;
    }

    /** A line with nothing on it but spaces (a record of one empty field), which lists may hold between rows. */
    boolean blank() {
        return fields() == 1 && value(0).isEmpty();
    }

    /** The value of a field, or "" when the record is shorter. */
    String value(int field) {
        if (field >= fields()) {
            return "";
        }
        String raw = new String(bytes, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8).strip();
        if (raw.startsWith("\"")) {
            int close = raw.lastIndexOf('"');
            raw = close > 0 ? raw.substring(1, close).replace("\"\"", "\"") : raw.substring(1);
        }
        return SubscriberReader.withoutByteOrderMarks(raw).strip(); // read as the validator reads it
    }

    /** The line end of this record: CRLF, LF, CR, or nothing for a last line without one. */
    byte[] lineEnd() {
        return Arrays.copyOfRange(bytes, contentEnd, bytes.length);
    }

    /**
     * This record with one field's value replaced, keeping the spaces around it and its quotes
     * when it had them; a record shorter than the field is extended with empty fields.
     */
    CsvRecord withValue(int field, String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + value.length() + 8);
        if (field < fields()) {
            int start = starts[field];
            int end = ends[field];
            while (start < end && isSpace(bytes[start])) {
                start++;
            }
            while (end > start && isSpace(bytes[end - 1])) {
                end--;
            }
            boolean quoted = start < end && bytes[start] == '"';
            out.write(bytes, 0, start);
            out.writeBytes(quoted ? quoted(value) : plain(value));
            out.write(bytes, end, bytes.length - end);
        } else {
            out.write(bytes, 0, contentEnd);
            out.writeBytes(",".repeat(field - fields() + 1).getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(plain(value));
            out.write(bytes, contentEnd, bytes.length - contentEnd);
        }
        return CsvRecordScanner.parse(line, out.toByteArray());
    }

    /** A new record of these values, quoted where CSV needs it, ending with the given line end. */
    static byte[] of(java.util.List<String> values, byte[] lineEnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(plain(values.get(i)));
        }
        out.writeBytes(lineEnd);
        return out.toByteArray();
    }

    /** The value as a field: quoted when it holds a comma, quote or line break, or starts or ends with a space. */
    private static byte[] plain(String value) {
        boolean needsQuotes = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0 || !value.equals(value.strip());
        return needsQuotes ? quoted(value) : value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] quoted(String value) {
        return ("\"" + value.replace("\"", "\"\"") + "\"").getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }
}
