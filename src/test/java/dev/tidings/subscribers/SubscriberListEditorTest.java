package dev.tidings.subscribers;

import dev.tidings.TidingsException;
import dev.tidings.digest.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.tidings.subscribers.SubscriberStatus.BOUNCED;
import static dev.tidings.subscribers.SubscriberStatus.SUBSCRIBED;
import static dev.tidings.subscribers.SubscriberStatus.UNSUBSCRIBED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Editing a list in place: the bytes of everything not edited are compared whole, so a changed
 * quote, space, line end or byte-order mark anywhere fails the test.
 */
class SubscriberListEditorTest {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** Every awkward thing a list saved by a spreadsheet or a person may hold, with CRLF line ends. */
    private static final String AWKWARD = String.join("\r\n",
            "email,name,status,company,notes",
            "zoe.martin@example.org,Zoë Martin,subscribed,Northwind,\"likes \"\"quotes\"\", commas\"",
            "\"hannah.schmidt@example.at\",\"Schmidt, Hannah\",\"subscribed\",,\"two",
            "lines\"",
            "",
            "Karl.Moore@Example.com , Karl Moore ,  subscribed  ,McGill,",
            "short.row@example.org,Short",
            "olga@example.org,Ольга Иванова,,,",
            "gone@example.org,Gone,bounced,,",
            "left@example.org,Left,unsubscribed,,",
            "last@example.org,Last,subscribed,,no line end");

    @TempDir
    Path dir;

    @Test
    void onlyTheStatusCellsOfTheRowsConcernedChangeEveryOtherByteStays() throws IOException {
        Path list = list("awkward.csv", BOM, AWKWARD);
        byte[] before = Files.readAllBytes(list);
        ListEdit edit = new SubscriberListEditor(list).setStatuses(ordered(
                "hannah.schmidt@example.at", UNSUBSCRIBED,
                "karl.moore@example.com", UNSUBSCRIBED,
                "short.row@example.org", BOUNCED,
                "olga@example.org", UNSUBSCRIBED,
                "last@example.org", UNSUBSCRIBED), false);

        String expected = AWKWARD
                .replace("\"Schmidt, Hannah\",\"subscribed\"", "\"Schmidt, Hannah\",\"unsubscribed\"")
                .replace(" Karl Moore ,  subscribed  ,", " Karl Moore ,  unsubscribed  ,")
                .replace("short.row@example.org,Short", "short.row@example.org,Short,bounced")
                .replace("Ольга Иванова,,,", "Ольга Иванова,unsubscribed,,")
                .replace("Last,subscribed,,no line end", "Last,unsubscribed,,no line end");
        assertArrayEquals(concat(BOM, expected.getBytes(StandardCharsets.UTF_8)), Files.readAllBytes(list));
        assertArrayEquals(before, Files.readAllBytes(edit.backup()), "the backup holds the previous bytes");
        assertEquals(dir.resolve("awkward.csv.bak"), edit.backup());
        assertEquals(List.of(ListOutcome.Result.CHANGED), edit.outcomes().stream().map(ListOutcome::result).distinct().toList());
        assertEquals(List.of(3, 6, 7, 8, 11), edit.outcomes().stream().map(o -> o.lines().get(0)).toList(), "lines as the validator counts them");
        Map<String, SubscriberStatus> read = new LinkedHashMap<>();
        read.put("zoe.martin@example.org", SUBSCRIBED);
        read.put("hannah.schmidt@example.at", UNSUBSCRIBED);
        read.put("karl.moore@example.com", UNSUBSCRIBED);
        read.put("short.row@example.org", BOUNCED);
        read.put("olga@example.org", UNSUBSCRIBED);
        read.put("gone@example.org", BOUNCED);
        read.put("left@example.org", UNSUBSCRIBED);
        read.put("last@example.org", UNSUBSCRIBED);
        assertEquals(read, statuses(list), "what the list reader (and so send) reads from the result");
        assertNoTemporaryFiles();
    }

    @Test
    void spacesBeforeAQuotedValueDoNotMoveWhereTheEditorThinksRecordsBegin() throws IOException {
        // The reader trims the spaces and reads "Kim, Lee" and the two-line note as one value each;
        // the editor must see the same records, or it would edit the wrong line.
        String csv = "email,name,status,notes\nkim@example.org, \"Kim, Lee\" ,subscribed, \"two\nlines\"\nsam@example.org,Sam,subscribed,\n";
        Path list = list("spaced.csv", new byte[0], csv);
        ListEdit edit = new SubscriberListEditor(list).setStatuses(ordered(
                "kim@example.org", UNSUBSCRIBED,
                "sam@example.org", BOUNCED), false);
        assertEquals(csv.replace(" ,subscribed,", " ,unsubscribed,").replace("Sam,subscribed", "Sam,bounced"), Files.readString(list));
        assertEquals(List.of(2, 4), edit.outcomes().stream().map(o -> o.lines().get(0)).toList());
        Map<String, SubscriberStatus> read = new LinkedHashMap<>();
        read.put("kim@example.org", UNSUBSCRIBED);
        read.put("sam@example.org", BOUNCED);
        assertEquals(read, statuses(list));
    }

    @Test
    void aListWithoutAStatusColumnGainsOneAndOnlyTheChangedRowsAreWrittenTo() throws IOException {
        Path list = list("plain.csv", new byte[0], "email,name\na@example.org,A\nb@example.org,B\nc@example.org\n");
        new SubscriberListEditor(list).setStatuses(Map.of("b@example.org", UNSUBSCRIBED, "c@example.org", BOUNCED), false);
        assertEquals("email,name,status\na@example.org,A\nb@example.org,B,unsubscribed\nc@example.org,,bounced\n", Files.readString(list));
        assertEquals(Map.of("a@example.org", SUBSCRIBED, "b@example.org", UNSUBSCRIBED, "c@example.org", BOUNCED), statuses(list));
        assertTrue(new SubscriberListCheck().check(list).problems().isEmpty());
    }

    @Test
    void aBounceLeavesWhoeverUnsubscribedUnsubscribedAndAnUnsubscribeOverridesABounce() throws IOException {
        Path list = list("mixed.csv", new byte[0], "email,status\nleft@example.org,unsubscribed\ngone@example.org,bounced\n");
        ListEdit edit = new SubscriberListEditor(list).setStatuses(ordered(
                "left@example.org", BOUNCED, "gone@example.org", UNSUBSCRIBED), false);
        assertEquals("email,status\nleft@example.org,unsubscribed\ngone@example.org,unsubscribed\n", Files.readString(list));
        assertEquals(List.of(ListOutcome.Result.UNCHANGED, ListOutcome.Result.CHANGED), results(edit));
        assertEquals(List.of(UNSUBSCRIBED, BOUNCED), edit.outcomes().stream().map(ListOutcome::before).toList());
    }

    @Test
    void nothingToChangeWritesNothingNotEvenABackup() throws IOException {
        Path list = list("done.csv", new byte[0], "email,status\nleft@example.org,unsubscribed\n");
        FileTime modified = Files.getLastModifiedTime(list);
        ListEdit edit = new SubscriberListEditor(list).setStatuses(ordered(
                "LEFT@example.org", UNSUBSCRIBED, "stranger@example.org", UNSUBSCRIBED), false);
        assertEquals(List.of(ListOutcome.Result.UNCHANGED, ListOutcome.Result.NOT_ON_LIST), results(edit));
        assertFalse(edit.written());
        assertEquals(modified, Files.getLastModifiedTime(list));
        assertFalse(Files.exists(dir.resolve("done.csv.bak")));
    }

    @Test
    void everyRowOfARepeatedAddressChangesComparedIgnoringCase() throws IOException {
        Path list = list("twice.csv", new byte[0], "email,status\na@example.org,subscribed\nb@example.org,subscribed\nA@EXAMPLE.ORG,subscribed\n");
        ListEdit edit = new SubscriberListEditor(list).setStatuses(Map.of("a@Example.org", UNSUBSCRIBED), false);
        assertEquals("email,status\na@example.org,unsubscribed\nb@example.org,subscribed\nA@EXAMPLE.ORG,unsubscribed\n", Files.readString(list));
        assertEquals(List.of(2, 4), edit.outcomes().get(0).lines());
    }

    @Test
    void aDryRunReportsTheOutcomesAndWritesNothing() throws IOException {
        Path list = list("dry.csv", new byte[0], "email\na@example.org\n");
        ListEdit edit = new SubscriberListEditor(list).setStatuses(Map.of("a@example.org", UNSUBSCRIBED), true);
        assertEquals(List.of(ListOutcome.Result.CHANGED), results(edit));
        assertEquals("email\na@example.org\n", Files.readString(list));
        assertFalse(Files.exists(dir.resolve("dry.csv.bak")));
        assertNoTemporaryFiles();
    }

    @Test
    void theBackupIsAlwaysTheVersionBeforeTheLastWrite() throws IOException {
        Path list = list("twice.csv", new byte[0], "email,status\na@example.org,\nb@example.org,\n");
        SubscriberListEditor editor = new SubscriberListEditor(list);
        editor.setStatuses(Map.of("a@example.org", UNSUBSCRIBED), false);
        byte[] afterFirst = Files.readAllBytes(list);
        ListEdit second = editor.setStatuses(Map.of("b@example.org", BOUNCED), false);
        assertArrayEquals(afterFirst, Files.readAllBytes(second.backup()));
        assertEquals("email,status\na@example.org,unsubscribed\nb@example.org,bounced\n", Files.readString(list));
    }

    @Test
    void aRowWithMoreValuesThanColumnsIsNotGuessedAt() throws IOException {
        Path list = list("extra.csv", new byte[0], "email,status\na@example.org,subscribed,surplus\n");
        ListEdit edit = new SubscriberListEditor(list).setStatuses(Map.of("a@example.org", UNSUBSCRIBED), false);
        assertEquals(List.of(ListOutcome.Result.INVALID_ROW), results(edit));
        assertEquals("email,status\na@example.org,subscribed,surplus\n", Files.readString(list));
    }

    @Test
    void aListThatIsNotCsvIsRefusedWithItsLineAndLeftAlone() throws IOException {
        Path list = list("broken.csv", new byte[0], "email,name\na@example.org,\"never closed\nb@example.org,B\n");
        byte[] before = Files.readAllBytes(list);
        ProblemException e = assertThrows(ProblemException.class,
                () -> new SubscriberListEditor(list).setStatuses(Map.of("b@example.org", UNSUBSCRIBED), false));
        assertTrue(e.getMessage().startsWith(list + ":"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(list));
        assertNoTemporaryFiles();
    }

    @Test
    void aFailureBeforeTheRenameLeavesTheListAsItWasAndNoTemporaryFile() throws IOException {
        Path list = list("kept.csv", new byte[0], "email,status\na@example.org,subscribed\n");
        byte[] before = Files.readAllBytes(list);
        // The backup cannot be written where a directory stands, after the new version was written in full.
        Files.createDirectories(dir.resolve("kept.csv.bak").resolve("occupied"));
        TidingsException e = assertThrows(TidingsException.class,
                () -> new SubscriberListEditor(list).setStatuses(Map.of("a@example.org", UNSUBSCRIBED), false));
        assertTrue(e.getMessage().contains("kept.csv.bak") && e.getMessage().endsWith("the list is unchanged"), e.getMessage());
        assertEquals(1, e.status().code());
        assertArrayEquals(before, Files.readAllBytes(list));
        assertNoTemporaryFiles();
    }

    @Test
    void theTemporaryFileOfAKilledRunIsRemovedButNotThatOfALiveOne() throws IOException {
        Path list = list("left.csv", new byte[0], "email\na@example.org\n");
        Path dead = Files.writeString(dir.resolve(".left.csv.tidings-" + deadPid() + ".tmp"), "email\n");
        Path deadBackup = Files.writeString(dir.resolve(".left.csv.bak.tidings-" + deadPid() + ".tmp"), "email\n");
        Path live = Files.writeString(dir.resolve(".left.csv.tidings-" + ProcessHandle.current().parent().orElseThrow().pid() + ".tmp"), "email\n");
        Path otherList = Files.writeString(dir.resolve(".other.csv.tidings-" + deadPid() + ".tmp"), "email\n");
        new SubscriberListEditor(list).setStatuses(Map.of("a@example.org", UNSUBSCRIBED), false);
        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(deadBackup));
        assertTrue(Files.exists(live), "a running process's file is its own");
        assertTrue(Files.exists(otherList), "another list's file is not this list's business");
    }

    @Test
    void aSymbolicLinkStaysALinkAndItsTargetIsUpdatedWithItsPermissions() throws IOException {
        Path real = list("real.csv", new byte[0], "email\na@example.org\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-------"));
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), real.getFileName());
        new SubscriberListEditor(link).setStatuses(Map.of("a@example.org", UNSUBSCRIBED), false);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("email,status\na@example.org,unsubscribed\n", Files.readString(real));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
        assertEquals("email\na@example.org\n", Files.readString(dir.resolve("real.csv.bak")));
    }

    // --- add and remove -------------------------------------------------------------------------

    @Test
    void addAppendsARowWithTheListsLineEndQuotingWhereCsvNeedsIt() throws IOException {
        Path list = list("add.csv", BOM, "email,name,status,company\r\na@example.org,A,subscribed,Acme\r\n");
        byte[] before = Files.readAllBytes(list);
        ListEdit edit = new SubscriberListEditor(list).add(" hannah@example.at ", "Schmidt, Hannah", false);
        assertArrayEquals(concat(before, "hannah@example.at,\"Schmidt, Hannah\",subscribed,\r\n".getBytes(StandardCharsets.UTF_8)),
                Files.readAllBytes(list));
        assertEquals(List.of(ListOutcome.Result.ADDED), results(edit));
        assertEquals(SUBSCRIBED, statuses(list).get("hannah@example.at"));
    }

    @Test
    void addEndsAnUnfinishedLastLineFirstAndLeavesAMissingStatusColumnAlone() throws IOException {
        Path list = list("add.csv", new byte[0], "email,name\na@example.org,A");
        new SubscriberListEditor(list).add("b@example.org", null, false);
        assertEquals("email,name\na@example.org,A\nb@example.org,\n", Files.readString(list));
    }

    @Test
    void addRefusesAnAddressAlreadyOnTheListInAnyCaseAndStatus() throws IOException {
        Path list = list("dup.csv", new byte[0], "email,status\na@example.org,subscribed\nleft@example.org,unsubscribed\n");
        byte[] before = Files.readAllBytes(list);
        TidingsException subscribed = assertThrows(TidingsException.class, () -> new SubscriberListEditor(list).add("A@Example.org", null, false));
        assertEquals(list + ":2: A@Example.org is already on the list (subscribed); nothing was added", subscribed.getMessage());
        TidingsException left = assertThrows(TidingsException.class, () -> new SubscriberListEditor(list).add("left@example.org", null, false));
        assertTrue(left.getMessage().contains(":3: left@example.org is already on the list (unsubscribed); tidings does not subscribe"
                + " an address that left"), left.getMessage());
        assertArrayEquals(before, Files.readAllBytes(list));
    }

    @Test
    void addChecksTheAddressAndNameAsTheValidatorDoes() throws IOException {
        Path list = list("bad.csv", new byte[0], "email\na@example.org\n");
        byte[] before = Files.readAllBytes(list);
        for (String address : List.of("not-an-address", "Ann <ann@example.org>", "a@b", "")) {
            TidingsException e = assertThrows(TidingsException.class, () -> new SubscriberListEditor(list).add(address, null, false), address);
            assertTrue(e.getMessage().startsWith("email: "), e.getMessage());
        }
        TidingsException name = assertThrows(TidingsException.class, () -> new SubscriberListEditor(list).add("b@example.org", "Evil\r\nBcc: x", false));
        assertTrue(name.getMessage().startsWith("name: contains a line break"), name.getMessage());
        TidingsException noColumn = assertThrows(TidingsException.class, () -> new SubscriberListEditor(list).add("b@example.org", "Bea", false));
        assertTrue(noColumn.getMessage().contains("no name column"), noColumn.getMessage());
        assertArrayEquals(before, Files.readAllBytes(list));
    }

    @Test
    void removeDropsEveryRowOfTheAddressAndNothingElse() throws IOException {
        Path list = list("remove.csv", BOM, String.join("\r\n", "email,name", "a@example.org,\"A, with\r\nbreak\"", "b@example.org,B",
                "A@example.org,again", "c@example.org,C"));
        ListEdit edit = new SubscriberListEditor(list).remove("a@example.org", false);
        assertArrayEquals(concat(BOM, "email,name\r\nb@example.org,B\r\nc@example.org,C".getBytes(StandardCharsets.UTF_8)), Files.readAllBytes(list));
        assertEquals(List.of(2, 5), edit.outcomes().get(0).lines());
        TidingsException unknown = assertThrows(TidingsException.class, () -> new SubscriberListEditor(list).remove("z@example.org", false));
        assertEquals(list + ": z@example.org is not on the list (addresses are compared ignoring case); nothing was removed", unknown.getMessage());
    }

    // --- helpers ----------------------------------------------------------------------------------

    private Path list(String name, byte[] prefix, String text) throws IOException {
        return Files.write(dir.resolve(name), concat(prefix, text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static Map<String, SubscriberStatus> ordered(Object... pairs) {
        Map<String, SubscriberStatus> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (SubscriberStatus) pairs[i + 1]);
        }
        return map;
    }

    private static List<ListOutcome.Result> results(ListEdit edit) {
        return edit.outcomes().stream().map(ListOutcome::result).toList();
    }

    /** Every row's status as the list reader (and so send) sees it. */
    private static Map<String, SubscriberStatus> statuses(Path list) {
        Map<String, SubscriberStatus> statuses = new LinkedHashMap<>();
        try (SubscriberReader reader = new SubscriberReader(list)) {
            for (SubscriberRow row = reader.next(); row != null; row = reader.next()) {
                assertTrue(row.valid(), list + ":" + row.line() + ": " + row.problems());
                statuses.put(row.subscriber().key(), row.subscriber().status());
            }
        }
        return statuses;
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> temporary = new ArrayList<>(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList());
            assertEquals(List.of(), temporary);
        }
    }

    /** A process id no process has now. */
    private static long deadPid() {
        long pid = 999_999;
        while (ProcessHandle.of(pid).isPresent()) {
            pid--;
        }
        return pid;
    }

    @Test
    void syncChangesOnlySubscribedRowsAndResubscribeLeavesTheUnsubscribedAloneUnlessOverridden() throws IOException {
        String text = "email,status\na@x.example,subscribed\nb@x.example,bounced\nc@x.example,unsubscribed\nd@x.example,gone?\n";
        Path list = Files.writeString(dir.resolve("sync.csv"), text);
        SubscriberListEditor editor = new SubscriberListEditor(list);
        ListEdit sync = editor.applySuppressions(ordered("a@x.example", UNSUBSCRIBED, "b@x.example", UNSUBSCRIBED,
                "c@x.example", BOUNCED, "d@x.example", BOUNCED), false);
        assertEquals(List.of(ListOutcome.Result.CHANGED, ListOutcome.Result.UNCHANGED, ListOutcome.Result.UNCHANGED,
                ListOutcome.Result.UNCHANGED), sync.outcomes().stream().map(ListOutcome::result).toList(),
                "a bounced row stays bounced, an unsubscribed one unsubscribed, an unknown status is the editor's");
        assertEquals("email,status\na@x.example,unsubscribed\nb@x.example,bounced\nc@x.example,unsubscribed\nd@x.example,gone?\n",
                Files.readString(list));

        ListEdit refused = editor.resubscribe(List.of("a@x.example", "b@x.example"), false, false);
        assertEquals(ListOutcome.Result.UNCHANGED, refused.outcomes().get(0).result());
        assertEquals(UNSUBSCRIBED, refused.outcomes().get(0).before());
        assertEquals(ListOutcome.Result.CHANGED, refused.outcomes().get(1).result(), "the bounced one is resubscribed");
        ListEdit overridden = editor.resubscribe(List.of("A@x.example"), true, false);
        assertEquals(ListOutcome.Result.CHANGED, overridden.outcomes().get(0).result());
        assertEquals("email,status\na@x.example,subscribed\nb@x.example,subscribed\nc@x.example,unsubscribed\nd@x.example,gone?\n",
                Files.readString(list));
    }
}
