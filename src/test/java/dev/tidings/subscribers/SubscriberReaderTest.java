package dev.tidings.subscribers;

import dev.tidings.digest.Problem;
import dev.tidings.digest.ProblemException;
import dev.tidings.digest.SourcePosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubscriberReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsEachRowWithItsLineNameStatusAndOtherColumnsAsFields() throws IOException {
        List<SubscriberRow> rows = rows("email,name,status,company,role\n"
                + "zoe@example.org,Zoë Martin,subscribed,Northwind,L&D manager\n"
                + "old@example.org,,unsubscribed,,\n"
                + "gone@example.org,Gone,BOUNCED,Acme,\n");
        assertEquals(List.of(2, 3, 4), rows.stream().map(SubscriberRow::line).toList());
        assertEquals(new Subscriber("zoe@example.org", "Zoë Martin", SubscriberStatus.SUBSCRIBED,
                Map.of("company", "Northwind", "role", "L&D manager")), rows.get(0).subscriber());
        assertNull(rows.get(1).subscriber().name(), "an empty name is no name");
        assertEquals(SubscriberStatus.UNSUBSCRIBED, rows.get(1).subscriber().status());
        assertEquals(SubscriberStatus.BOUNCED, rows.get(2).subscriber().status(), "status is matched ignoring case");
    }

    @Test
    void theFieldsKeepTheOrderOfTheColumns() throws IOException {
        List<SubscriberRow> rows = rows("zeta,email,alpha,mid,beta,omega,gamma\nz,a@example.org,a,m,b,o,g\n");
        assertEquals(List.of("zeta", "alpha", "mid", "beta", "omega", "gamma"), List.copyOf(rows.get(0).subscriber().fields().keySet()));
    }

    @Test
    void onlyEmailIsRequiredAndAMissingStatusMeansSubscribed() throws IOException {
        Subscriber subscriber = rows("email\na@example.org\n").get(0).subscriber();
        assertEquals(new Subscriber("a@example.org", null, SubscriberStatus.SUBSCRIBED, Map.of()), subscriber);
    }

    @Test
    void headerNamesAreMatchedIgnoringCaseAndSpaces() throws IOException {
        try (SubscriberReader reader = new SubscriberReader(csv(" Email , NAME ,Status\nA@example.org,Ann,subscribed\n"))) {
            assertEquals(List.of("email", "name", "status"), reader.header());
            assertEquals("Ann", reader.next().subscriber().name());
        }
    }

    @Test
    void quotedValuesWithLineBreaksKeepTheLineNumbersOfLaterRowsRight() throws IOException {
        List<SubscriberRow> rows = rows("email,name,note\n"
                + "a@example.org,A,\"line one\nline two\nline three\"\n"
                + "b@example.org,B,x\n"
                + "\"c@example.org\",\"C, with a comma\",\"also\r\nspanning\"\n"
                + "d@example.org,D,y\n");
        assertEquals(List.of(2, 5, 6, 8), rows.stream().map(SubscriberRow::line).toList());
        assertEquals("line one\nline two\nline three", rows.get(0).subscriber().fields().get("note"));
        assertEquals("C, with a comma", rows.get(2).subscriber().name());
    }

    @Test
    void blankLinesAndRowsOfEmptyValuesAreSkippedWithoutShiftingLineNumbers() throws IOException {
        List<SubscriberRow> rows = rows("email,name\n\na@example.org,A\n\n,\n   \nb@example.org,B\n\n");
        assertEquals(List.of(3, 7), rows.stream().map(SubscriberRow::line).toList());
    }

    @Test
    void crlfLineEndingsCountAsOneLine() throws IOException {
        assertEquals(List.of(2, 3), rows("email\r\na@example.org\r\nb@example.org\r\n").stream().map(SubscriberRow::line).toList());
    }

    @Test
    void aLeadingUtf8ByteOrderMarkIsNotPartOfTheFirstColumnName() throws IOException {
        Path file = dir.resolve("bom.csv");
        Files.write(file, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "email,name\na@example.org,A\n"));
        try (SubscriberReader reader = new SubscriberReader(file)) {
            assertEquals(List.of("email", "name"), reader.header());
            assertEquals("a@example.org", reader.next().subscriber().email());
        }
    }

    @Test
    void internationalisedDomainsAreAccepted() throws IOException {
        List<SubscriberRow> rows = rows("email\nuser@bücher.example\nuser@xn--bcher-kva.example\nпочта@пример.example\n");
        assertTrue(rows.get(0).valid() && rows.get(1).valid(), rows.toString());
        assertEquals("user@bücher.example", rows.get(0).subscriber().email());
        assertEquals(List.of("email: 'почта@пример.example' is not a valid email address (the part before the @ must be ASCII)"),
                rows.get(2).messages());
    }

    @Test
    void aDisplayNameInTheEmailColumnIsAnInvalidRowThatSaysWhereTheNameGoes() throws IOException {
        SubscriberRow row = rows("email,name\n\"Ann Lee <ann@example.org>\",\n").get(0);
        assertNull(row.subscriber());
        assertEquals(List.of("email: 'Ann Lee <ann@example.org>' holds a display name; put the name in the name column "
                + "and only ann@example.org in email"), row.messages());
    }

    @Test
    void invalidAndEmptyAddressesAreInvalidRows() throws IOException {
        List<SubscriberRow> rows = rows("email,name\nnot-an-address,A\n,B\na@localhost,C\n");
        assertEquals(List.of(
                List.of("email: 'not-an-address' is not a valid email address (it needs a local part, an @ and a domain)"),
                List.of("email: is empty"),
                List.of("email: 'a@localhost' is not a valid email address (the domain 'localhost' has no dot)")),
                rows.stream().map(SubscriberRow::messages).toList());
    }

    @Test
    void aLineBreakInsideAnAddressIsShownEscaped() throws IOException {
        SubscriberRow row = rows("email\n\"a@example.org\nBcc: b@example.org\"\n").get(0);
        assertEquals(List.of("email: 'a@example.org\\u000ABcc: b@example.org' contains a line break or control character (U+000A) "
                + "at character 14; it goes into a mail header, so it must be one plain line"), row.messages());
    }

    @Test
    void aStatusTypoIsAnInvalidRow() throws IOException {
        assertEquals(List.of("status: 'subscibed' is not one of subscribed, unsubscribed, bounced"),
                rows("email,status\na@example.org, subscibed \n").get(0).messages());
    }

    @Test
    void moreValuesThanColumnsIsAnInvalidRow() throws IOException {
        assertEquals(List.of("has 3 values but the header names 2 columns (a value with a comma needs double quotes)"),
                rows("email,name\na@example.org,Lee, Ann\n").get(0).messages());
    }

    @Test
    void fewerValuesThanColumnsAreEmptyFields() throws IOException {
        Subscriber subscriber = rows("email,name,company\na@example.org\n").get(0).subscriber();
        assertNull(subscriber.name());
        assertEquals(Map.of("company", ""), subscriber.fields());
    }

    @Test
    void aHeaderWithoutEmailColumnIsRefusedNamingTheColumnsFound() throws IOException {
        assertRefused("mail,name\na@example.org,A\n", 1,
                "the header has no 'email' column (found: mail, name); the first line must name the columns, e.g. email,name,status");
    }

    @Test
    void aListWithoutHeaderIsRefusedSinceItsFirstAddressIsNoColumnName() throws IOException {
        assertRefused("a@example.org,Ann\nb@example.org,Bob\n", 1,
                "the header has no 'email' column (found: a@example.org, ann); the first line must name the columns, e.g. email,name,status");
    }

    @Test
    void aColumnNamedTwiceIsRefused() throws IOException {
        assertRefused("email,name,Email\n", 1, "the header names the column 'email' twice (columns 1 and 3)");
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        assertRefused("", 0, "the file is empty; the first line must name the columns, e.g. email,name,status");
    }

    @Test
    void aFileThatIsNotTextIsRefusedAsInvalidUtf8() throws IOException {
        Path file = dir.resolve("list.csv");
        Files.write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D, (byte) 0xFF, (byte) 0xD8});
        ProblemException e = assertThrows(ProblemException.class, () -> rows(file));
        assertEquals(Problem.error(new SourcePosition(file.toString(), 1, 1), "",
                "invalid UTF-8 byte sequence (byte 89: '\u2030' in Windows-1252, as a spreadsheet on Windows saves CSV); save the list as UTF-8"),
                e.problem());
    }

    @Test
    void aWindows1252ByteIsFoundAtItsLineAndColumnPastTheDecodersReadAhead() throws IOException {
        // 5,000 rows (~200 KiB, past the reader's and the search's 64 KiB chunks), with names in
        // two- and three-byte UTF-8 that chunks cut through, then a curly apostrophe as Windows saves it.
        Path file = dir.resolve("windows.csv");
        try (var out = Files.newOutputStream(file)) {
            out.write("email,name\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 5_000; i++) {
                out.write(("reader" + i + "@example.org,Zoë Martin – €" + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write("bob@example.org,Bob ".getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {(byte) 0x92});
            out.write("s\n".getBytes(StandardCharsets.UTF_8));
        }
        ProblemException e = assertThrows(ProblemException.class, () -> rows(file));
        assertEquals(Problem.error(new SourcePosition(file.toString(), 5_002, 21), "",
                "invalid UTF-8 byte sequence (byte 92: '\u2019' in Windows-1252, as a spreadsheet on Windows saves CSV); save the list as UTF-8"),
                e.problem());
    }

    @Test
    void aUtf16ListIsNamedAsSuchWithOrWithoutAByteOrderMark() throws IOException {
        Path marked = dir.resolve("marked.csv");
        Files.write(marked, concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, ""));
        Files.write(marked, "email,name\na@example.org,A\n".getBytes(StandardCharsets.UTF_16LE), java.nio.file.StandardOpenOption.APPEND);
        ProblemException e = assertThrows(ProblemException.class, () -> rows(marked));
        assertEquals("the list is UTF-16; save it as UTF-8", e.problem().message());

        Path bare = dir.resolve("bare.csv");
        Files.write(bare, "email,name\na@example.org,A\n".getBytes(StandardCharsets.UTF_16LE));
        e = assertThrows(ProblemException.class, () -> rows(bare));
        assertEquals("the header is full of NUL characters: the list is UTF-16 (\"Unicode text\"); save it as UTF-8 CSV", e.problem().message());
    }

    @Test
    void aListSeparatedBySemicolonsOrTabsIsToldSo() throws IOException {
        assertRefused("email;name\na@example.org;A\n", 1,
                "the columns are separated by ';', not commas (as some spreadsheets export CSV); save the list comma-separated: email,name,status");
        assertRefused("Email\tName\na@example.org\tA\n", 1,
                "the columns are separated by tabs, not commas (as some spreadsheets export CSV); save the list comma-separated: email,name,status");
        assertRefused("mail;name\n", 1, "the header has no 'email' column (found: mail;name); the first line must name the columns, e.g. email,name,status");
    }

    @Test
    void anUnclosedQuoteIsReportedWhereItOpensNotAtTheEndOfTheFile() throws IOException {
        Path file = csv("email,name\n\"a@example.org,A\nb@example.org,B\n");
        ProblemException e = assertThrows(ProblemException.class, () -> rows(file));
        assertEquals(Problem.error(new SourcePosition(file.toString(), 2, 1), "", "a value opens with this double quote and is never"
                + " closed, so the rest of the file was read as that one value; add the closing quote (a quote that belongs to a value"
                + " is written \"\" inside a quoted value)"), e.problem());
    }

    @Test
    void anUnclosedQuoteIsFoundPastQuotedValuesThatClose() throws IOException {
        // Before it: a doubled quote inside a quoted value, a quoted value over two lines, a quote
        // inside an unquoted value (a plain character), CRLF line ends, spaces before a quote.
        Path file = csv("email,name,notes\r\n"
                + "a@example.org,\"Ann \"\"A\"\" Smith\",\r\n"
                + "b@example.org,Bob,\"two\r\nlines\"\r\n"
                + "c@example.org,Cy \"C\" Doe,\r\n"
                + "d@example.org,  \"Doe, Di\"  ,\r\n"
                + "e@example.org,Ed,\r\n"
                + "f@example.org,  \"Fay,\r\n"
                + "g@example.org,Gus,\r\n");
        List<SubscriberRow> read = new ArrayList<>();
        ProblemException e = assertThrows(ProblemException.class, () -> {
            try (SubscriberReader reader = new SubscriberReader(file)) {
                for (SubscriberRow row = reader.next(); row != null; row = reader.next()) {
                    read.add(row);
                }
            }
        });
        assertEquals(List.of(8, 17), List.of(e.problem().line(), e.problem().column()));
        // what the quoting rules above mean, as the reader read them
        assertEquals(List.of("Ann \"A\" Smith", "Bob", "Cy \"C\" Doe", "Doe, Di", "Ed"),
                read.stream().map(row -> row.subscriber().name()).toList());
        assertEquals("two\r\nlines", read.get(1).subscriber().fields().get("notes"));
    }

    @Test
    void spacesAroundValuesAreTrimmedAndDoNotStopAQuoteFromQuoting() throws IOException {
        List<SubscriberRow> read = rows("email , name,company\n a@example.org , \"Lee, Ann\" ,  Northwind  \n");
        assertEquals(1, read.size());
        assertEquals(List.of(), read.get(0).messages());
        assertEquals("Lee, Ann", read.get(0).subscriber().name());
        assertEquals(Map.of("company", "Northwind"), read.get(0).subscriber().fields());
    }

    @Test
    void aTabBeforeAQuoteIsTrimmedLikeASpace() throws IOException {
        List<SubscriberRow> read = rows("email,name\na@example.org,\t\"Lee, Ann\"\t\n");
        assertEquals("Lee, Ann", read.get(0).subscriber().name());
        assertEquals(new SourcePosition("t.csv", 2, 16), UnclosedQuote.find("t.csv", new StringReader("email,name\na@example.org,\t\"Ann\nb@example.org,B\n")));
    }

    @Test
    void textAfterAClosingQuoteIsReportedWhereItStartsWithTheWayToQuoteQuotes() throws IOException {
        Path file = csv("email,name\na@example.org,A\nb@example.org,\"Smith\" Jr\n");
        ProblemException e = assertThrows(ProblemException.class, () -> rows(file));
        assertEquals(Problem.error(new SourcePosition(file.toString(), 3, 23), "", "text after a value's closing double quote; a value in"
                + " quotes ends at its closing quote. To keep quotes inside a value, put the whole value in quotes and double the quotes"
                + " inside it: \"\"\"Smith\"\" Jr\" is read as \"Smith\" Jr"), e.problem());
        assertEquals("\"Smith\" Jr", rows("email,name\nb@example.org,\"\"\"Smith\"\" Jr\"\n").get(0).subscriber().name(), "the advice works");
    }

    @Test
    void everyQuoteClosedMeansNoUnclosedQuote() throws IOException {
        assertNull(UnclosedQuote.find(csv("email,name\na@example.org,\"A, \"\"the\"\" first\"\nb@example.org,B \"x\n")));
    }

    @Test
    void aMissingFileIsRefused() {
        ProblemException e = assertThrows(ProblemException.class, () -> new SubscriberReader(dir.resolve("nope.csv")));
        assertEquals(Problem.error(new SourcePosition(dir.resolve("nope.csv").toString(), 0, 0), "", "file not found"), e.problem());
    }

    @Test
    void rowsAreStreamedOneAtATime() throws IOException {
        // A broken end of the file is only reached after the rows before it have been handed out.
        Path file = dir.resolve("big.csv");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("email,name\n");
            for (int i = 0; i < 100_000; i++) {
                out.write("reader" + i + "@example.org,Reader " + i + "\n");
            }
            out.write("\"never closed,Z\n");
        }
        try (SubscriberReader reader = new SubscriberReader(file)) {
            SubscriberRow first = reader.next();
            assertNotNull(first);
            assertEquals("reader0@example.org", first.subscriber().email());
            for (int i = 1; i < 100_000; i++) {
                assertEquals(i + 2, reader.next().line());
            }
            ProblemException e = assertThrows(ProblemException.class, reader::next);
            assertEquals(List.of(100_002, 1), List.of(e.problem().line(), e.problem().column()));
        }
    }

    private void assertRefused(String csv, int line, String message) throws IOException {
        Path file = csv(csv);
        ProblemException e = assertThrows(ProblemException.class, () -> new SubscriberReader(file));
        assertEquals(Problem.error(new SourcePosition(file.toString(), line, 0), "", message), e.problem());
    }

    private List<SubscriberRow> rows(String csv) throws IOException {
        return rows(csv(csv));
    }

    private static List<SubscriberRow> rows(Path file) {
        List<SubscriberRow> rows = new ArrayList<>();
        try (SubscriberReader reader = new SubscriberReader(file)) {
            for (SubscriberRow row = reader.next(); row != null; row = reader.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("list.csv"), text);
    }

    private static byte[] concat(byte[] prefix, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(body, 0, all, prefix.length, body.length);
        return all;
    }
}
