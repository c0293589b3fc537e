package dev.tidings.subscribers;

import dev.tidings.TidingsException;
import dev.tidings.digest.FieldChecks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;

/**
 * One line of a {@link ListJournal}: an event, self-delimiting and checksummed, so that a record
 * torn by {@code kill -9} or a power cut is told apart from a whole one.
 *
 * <pre>
 * CRC32 (8 hex) TAB S|U TAB instant (ISO 8601 UTC) TAB email TAB name TAB source LF
 * </pre>
 * The CRC covers every byte after its tab up to the line feed. Tab, CR, LF and % inside a value
 * are written %09, %0D, %0A and %25, so a value never ends a field or a line. An empty name is
 * no name. Nothing secret is written: the token that proved the event is not kept.
 */
final class JournalRecord {
    /** The first line of every journal; the generation changes when the journal is emptied ({@link ListJournal}). */
    static final String MAGIC = "tidings-journal 1 generation ";
    static final int HEADER_LENGTH = MAGIC.length() + 19 + 1;
    /** A name longer than this is no person's name; it would not fit a mail header line either (RFC 5322 2.1.1: 78). */
    static final int MAX_NAME_CHARS = 200;
    static final int MAX_SOURCE_CHARS = ListEvent.MAX_SOURCE_CHARS;
    /** The longest line a valid record can make: every field at its bound, each character escaped as 3 bytes of 4-byte UTF-8. */
    static final int MAX_LINE_BYTES = 8 + 3 + 30 + 4 * 3 * (FieldChecks.MAX_ADDRESS_OCTETS + MAX_NAME_CHARS + MAX_SOURCE_CHARS) + 8;

    private JournalRecord() {
    }

    static byte[] header(long generation) {
        return (MAGIC + String.format("%019d", generation) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The generation of a header line, or -1 when it is not one. */
    static long generation(byte[] line) {
        String text = new String(line, StandardCharsets.US_ASCII);
        if (line.length != HEADER_LENGTH - 1 || !text.startsWith(MAGIC)) {
            return -1;
        }
        try {
            return Long.parseLong(text.substring(MAGIC.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The line for an event, refused when its values could not go into the list as they are: what
     * {@code subscribers add} refuses, and values past their bound (the journal stays bounded
     * whatever a caller sends).
     */
    static byte[] encode(ListEvent event) {
        check(event);
        String body = (event.kind() == ListEvent.Kind.SUBSCRIBED ? "S" : "U") + "\t" + event.at() + "\t"
                + escape(event.email().strip()) + "\t" + escape(event.name() == null ? "" : event.name().strip()) + "\t"
                + escape(event.source());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        byte[] line = new byte[9 + bytes.length + 1];
        byte[] sum = String.format("%08x\t", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(sum, 0, line, 0, 9);
        System.arraycopy(bytes, 0, line, 9, bytes.length);
        line[line.length - 1] = '\n';
        return line;
    }

    /** The event of a line (without its line feed), or null when the line is not a whole record. */
    static ListEvent decode(byte[] line) {
        if (line.length < 10 || line[8] != '\t') {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(line, 9, line.length - 9);
        long sum;
        try {
            sum = HexFormat.fromHexDigitsToLong(new String(line, 0, 8, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (sum != crc.getValue()) {
            return null;
        }
        String[] fields = new String(line, 9, line.length - 9, StandardCharsets.UTF_8).split("\t", -1);
        if (fields.length != 5 || !fields[0].equals("S") && !fields[0].equals("U")) {
            return null;
        }
        try {
            String name = unescape(fields[3]);
            return new ListEvent(fields[0].equals("S") ? ListEvent.Kind.SUBSCRIBED : ListEvent.Kind.UNSUBSCRIBED,
                    unescape(fields[2]), name.isEmpty() ? null : name, Instant.parse(fields[1]), unescape(fields[4]));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return null;
        }
    }

    private static void check(ListEvent event) {
        List<String> problems = new ArrayList<>();
        String email = ListEvent.emailProblem(event.email());
        if (email != null) {
            problems.add("email: " + email);
        }
        if (event.name() != null) {
            value("name", event.name().strip(), MAX_NAME_CHARS, problems);
        }
        value("source", event.source(), MAX_SOURCE_CHARS, problems);
        if (!problems.isEmpty()) {
            throw TidingsException.invalidInput("a list event was refused: " + String.join("; ", problems));
        }
    }

    private static void value(String field, String value, int max, List<String> problems) {
        String problem = value.length() > max ? "longer than " + max + " characters" : FieldChecks.headerTextProblem(value);
        if (problem == null) {
            problem = FieldChecks.characterProblem(value);
        }
        if (problem == null) {
            problem = FieldChecks.spreadsheetFormulaProblem(value);
        }
        if (problem != null) {
            problems.add(field + ": " + problem);
        }
    }

    private static String escape(String value) {
        return value.replace("%", "%25").replace("\t", "%09").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                out.append((char) HexFormat.fromHexDigits(value, i + 1, i + 3));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
