package dev.tidings.digest.load;

import dev.tidings.TidingsException;
import dev.tidings.digest.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidings new}'s core (issue 18, finding 6): which issue is the latest, and the next one
 * made from it by editing its text, so that what is kept keeps its comments and layout.
 */
class NextIssueTest {
    private static final LocalDate DATE = LocalDate.of(2027, 1, 14);

    @TempDir
    Path dir;

    @Test
    void fromInitsFirstIssueEverythingButTheItemsIdDateAndNumberIsKeptByteForByte() throws IOException {
        Path first = write("issues/issue-1.yaml", initIssue());
        NextIssue.Made next = NextIssue.after(IssueSeries.latest(dir.resolve("issues")), DATE);

        assertEquals(dir.resolve("issues/issue-2.yaml"), next.file());
        assertEquals("issue-2", next.id());
        List<String> removed = new ArrayList<>(Files.readAllLines(first));
        List<String> added = new ArrayList<>(next.text().lines().toList());
        List<String> common = new ArrayList<>(removed);
        common.retainAll(added);
        removed.removeAll(common);
        added.removeAll(common);
        assertTrue(removed.stream().allMatch(line -> line.contains("id: issue-1") || line.contains("date: 2026-12-03")
                || line.contains("#1:") || inItems(line)), "only the id, date, number and items changed: " + removed);
        assertTrue(next.text().contains("  id: issue-2\n  title: \"The Example Letter #2: five things worth your time\"\n"), next.text());
        assertTrue(next.text().contains("  subject: \"#2: five things worth your time\"\n"), next.text());
        assertTrue(next.text().contains("  date: 2027-01-14\n"), next.text());
        // The comments of kept parts are there, the items' are not.
        assertTrue(next.text().contains("# Optional: boxed announcements; with event:"), next.text());
        assertTrue(next.text().contains("  # Optional: lists of links under a heading, e.g. earlier issues.\n  sections:"), next.text());
        assertFalse(next.text().contains("# Passages quoted from the article"), next.text());
        assertTrue(next.text().endsWith("    Maya\n"), "the end of the file as it was");

        Issue issue = loadWritten(next);
        assertEquals(1, issue.items().size());
        assertEquals("https://example.org/replace-me", issue.items().get(0).url());
        assertEquals(1, issue.sections().size());
        assertEquals(1, issue.callouts().size());
        assertEquals("Maya Example", issue.author().name());
        assertEquals("Until next time,\nMaya", issue.closing().strip());
        assertTrue(next.notes().contains("the call-out 'Come to the first reader evening' (line " + line(next.text(), "- heading: Come to")
                + ") is about an event on 2026-12-17, before this issue: update or remove it"), next.notes().toString());
    }

    @Test
    void theLatestIsTheHighestNumberThenTheLatestDateNeverTheNewestFile() throws IOException {
        write("issue-9.yaml", issue("issue-9", "2026-11-20"));
        write("issue-10.yaml", issue("issue-10", "2026-12-04"));
        write("summer-special.yaml", issue("summer-special", "2026-12-24"));
        write("newsletter.yaml", "name: A letter\n");
        // The oldest issue touched last (a checkout, a fix of a typo): still not the latest.
        Files.setLastModifiedTime(dir.resolve("issue-9.yaml"), FileTime.from(Instant.now().plusSeconds(60)));
        assertEquals("issue-10", IssueSeries.latest(dir).id());

        write("issue-10b.yaml", issue("issue-10", "2026-12-06")); // the same number twice: the later date
        assertEquals(dir.resolve("issue-10b.yaml"), IssueSeries.latest(dir).file());
    }

    @Test
    void anIdWithoutAnIdLineComesFromTheFileNameAndKeepsItsWidth() throws IOException {
        write("ep009.yaml", issue(null, "2026-12-04").replace("items:\n", "items:\n  # a comment as shallow as the key, before the items: it goes with them\n"));
        NextIssue.Made next = NextIssue.after(IssueSeries.latest(dir), DATE);
        assertEquals(dir.resolve("ep010.yaml"), next.file());
        assertFalse(next.text().contains("id:"), "no id line added: the file name gives it");
        assertFalse(next.text().contains("a comment as shallow"), next.text());
        assertFalse(next.text().contains("Old article"), next.text());
        assertEquals("ep010", NextIssue.nextId("ep009"));
        assertEquals("curator-13", NextIssue.nextId("curator-12"));
    }

    @Test
    void itemsWrittenAtTheKeysIndentationAreReplacedToo() throws IOException {
        write("n-3.yaml", issue("n-3", "2026-12-04").replace("    - title", "  - title").replace("      url", "    url"));
        NextIssue.Made next = NextIssue.after(IssueSeries.latest(dir), DATE);
        assertTrue(next.text().contains("  items:\n  # Made by tidings new"), next.text());
        assertTrue(next.text().contains("\n  closing: Bye\n"), next.text());
        assertFalse(next.text().contains("Old article"), next.text());
        assertEquals(1, loadWritten(next).items().size());
    }

    @Test
    void anIssueThatIsNotYamlIsReportedAtItsLine() throws IOException {
        write("issue-1.yaml", issue("issue-1", "2026-12-04"));
        write("issue-2.yaml", issue("issue-2", "2026-12-18").replace("  title: The title #2", "  title: \"The title #2"));
        TidingsException e = assertThrows(TidingsException.class, () -> IssueSeries.latest(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("issue-2.yaml") + ":4:"), e.getMessage());
        assertEquals(1, e.status().code());
    }

    @Test
    void anIdWithoutANumberIsReportedAtTheId() throws IOException {
        write("special.yaml", issue("special", "2026-12-04"));
        TidingsException e = assertThrows(TidingsException.class, () -> NextIssue.after(IssueSeries.latest(dir), DATE));
        assertTrue(e.getMessage().startsWith(dir.resolve("special.yaml") + ":3:3: issue.id: the id 'special' does not end in a number"),
                e.getMessage());
    }

    @Test
    void aFolderWithoutIssuesSaysHowToStart() throws IOException {
        write("newsletter.yaml", "name: A letter\n");
        TidingsException e = assertThrows(TidingsException.class, () -> IssueSeries.latest(dir));
        assertTrue(e.getMessage().contains("no issue here"), e.getMessage());
    }

    private static boolean inItems(String line) {
        return line.startsWith("    ") || line.isBlank();
    }

    private static int line(String text, String what) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(what)) {
                return i + 1;
            }
        }
        return -1;
    }

    private static String issue(String id, String date) {
        return "newsletter: ../newsletter.yaml\nissue:\n" + (id == null ? "" : "  id: " + id + "\n")
                + "  title: The title #" + (id == null ? "9" : id.replaceAll("\\D", "")) + "\n  date: " + date + "\n"
                + "  items:\n    - title: Old article\n      url: https://example.org/old\n  closing: Bye\n";
    }

    /** The new issue written into a folder with init's newsletter file, loaded as validate loads it. */
    private Issue loadWritten(NextIssue.Made next) throws IOException {
        Files.writeString(next.file(), next.text());
        Files.writeString(next.file().getParent().getParent().resolve("newsletter.yaml"), resource("newsletter.yaml"));
        LoadedDigest loaded = new DigestLoader().load(next.file());
        assertFalse(loaded.hasErrors(), loaded.problems().toString());
        return loaded.valid().issue();
    }

    private static String initIssue() throws IOException {
        return resource("issue.yaml").replace("{{id}}", "issue-1").replace("{{date}}", "2026-12-03")
                .replace("{{event_start}}", "2026-12-17T18:00:00Z").replace("{{event_end}}", "2026-12-17T19:30:00Z");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = NextIssueTest.class.getResourceAsStream("/dev/tidings/cli/init/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }
}
