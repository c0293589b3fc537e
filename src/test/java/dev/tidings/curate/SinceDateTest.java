package dev.tidings.curate;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import dev.tidings.digest.TestDigests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --since} of {@code tidings add --from-feed} (issue 22): the previous issue found among
 * real issue files in a folder (the sample digest, its id and date changed), by number and date as
 * {@code tidings new} orders them; dates in the editor's zone; bad values refused with exit 2.
 */
class SinceDateTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @TempDir
    Path dir;

    @Test
    void lastIssueIsTheStartOfTheDayOfTheIssueBeforeTheDigestInTheEditorsZone() throws IOException {
        issue("issue-1.yaml", "issue-1", "2026-11-06");
        issue("issue-2.yaml", "issue-2", "2026-11-20");
        Path third = issue("issue-3.yaml", "issue-3", "2026-12-04");
        Files.writeString(dir.resolve("newsletter.yaml"), "newsletter:\n  name: Shared settings, no issue\n");

        assertEquals(Instant.parse("2026-11-19T23:00:00Z"), SinceDate.resolve(null, third, PARIS));
        assertEquals(Instant.parse("2026-11-19T23:00:00Z"), SinceDate.resolve("last-issue", third, PARIS));
        assertEquals(Instant.parse("2026-11-20T00:00:00Z"), SinceDate.resolve("last-issue", third, ZoneId.of("UTC")));
    }

    @Test
    void thePreviousIssueIsTheOneBeforeTheDigestNotTheLatestAndNumbersCountAsNumbers() throws IOException {
        issue("issue-9.yaml", "issue-9", "2026-10-02");
        Path tenth = issue("issue-10.yaml", "issue-10", "2026-10-16");
        issue("issue-11.yaml", "issue-11", "2026-10-30");
        issue("a-draft.yaml", "issue-11", "2026-10-30"); // a copy of 11: not before 10

        assertEquals(Instant.parse("2026-10-02T00:00:00Z"), SinceDate.resolve(null, tenth, ZoneId.of("UTC")));
    }

    @Test
    void theOnlyIssueOfItsFolderHasNoLastIssueAndTheCommandSaysToGiveADate() throws IOException {
        Path only = issue("issue-1.yaml", "issue-1", "2026-11-06");

        TidingsException e = assertThrows(TidingsException.class, () -> SinceDate.resolve(null, only, PARIS));
        assertEquals(ExitStatus.USAGE, e.status());
        assertEquals("no earlier issue in " + dir.toAbsolutePath().normalize() + " than issue-1: give --since DATE", e.getMessage());
    }

    @Test
    void aPreviousIssueWithoutADateIsNamedWithItsField() throws IOException {
        Path first = Files.writeString(dir.resolve("issue-1.yaml"),
                sample().replace("  id: social-learning-2\n", "  id: issue-1\n").replace("  date: 2026-09-15\n", ""));
        Path second = issue("issue-2.yaml", "issue-2", "2026-11-20");

        TidingsException e = assertThrows(TidingsException.class, () -> SinceDate.resolve(null, second, PARIS));
        assertEquals(ExitStatus.INVALID_INPUT, e.status());
        assertEquals(first.toAbsolutePath().normalize() + ": issue.date is missing or not a date (YYYY-MM-DD), so the previous"
                + " issue's date is unknown; give --since DATE", e.getMessage());
    }

    @Test
    void aDateIsTheStartOfThatDayAndADateTimeIsThatInstant() throws IOException {
        Path digest = issue("issue-1.yaml", "issue-1", "2026-11-06");

        assertEquals(Instant.parse("2026-11-19T23:00:00Z"), SinceDate.resolve("2026-11-20", digest, PARIS));
        assertEquals(Instant.parse("2026-11-20T17:00:00Z"), SinceDate.resolve("2026-11-20T18:00:00+01:00", digest, PARIS));
        assertEquals(Instant.parse("2026-11-20T18:00:00Z"), SinceDate.resolve(" 2026-11-20T18:00:00Z ", digest, PARIS));
        assertEquals(Instant.parse("2026-11-20T17:30:00Z"), SinceDate.resolve("2026-11-20T18:30", digest, PARIS));
    }

    @Test
    void aValueThatIsNoDateIsAUsageErrorNamingTheOptionAndTheFormsItTakes() throws IOException {
        Path digest = issue("issue-1.yaml", "issue-1", "2026-11-06");
        String forms = "give --since last-issue (the default: the date of the issue before this one), a date (2026-11-20,"
                + " from the start of that day) or a date and time with its offset (2026-11-20T18:00:00+01:00)";

        for (String bad : List.of("yesterday", "20/11/2026", "last-issues", "2026-11-20 18:00")) {
            TidingsException e = assertThrows(TidingsException.class, () -> SinceDate.resolve(bad, digest, PARIS));
            assertEquals(ExitStatus.USAGE, e.status());
            assertEquals("--since \"" + bad + "\": not a date; " + forms, e.getMessage());
        }
        TidingsException e = assertThrows(TidingsException.class, () -> SinceDate.resolve("2026-02-30", digest, PARIS));
        assertEquals(ExitStatus.USAGE, e.status());
        assertTrue(e.getMessage().startsWith("--since \"2026-02-30\": no such date or time (") && e.getMessage().endsWith(forms),
                e.getMessage());
    }

    @Test
    void newerThanKeepsEntriesStrictlyAfterOldestFirstAndLeavesTheUndatedOut() {
        Instant since = Instant.parse("2026-11-20T00:00:00Z");
        Bookmark newest = bookmark("newest", "2026-11-26T10:00:00Z");
        Bookmark atTheInstant = bookmark("at", "2026-11-20T00:00:00Z");
        Bookmark middle = bookmark("middle", "2026-11-23T10:00:00Z");
        Bookmark older = bookmark("older", "2026-11-19T23:59:59Z");
        Bookmark undated = bookmark("undated", null);
        Bookmark justAfter = bookmark("just-after", "2026-11-20T00:00:01Z");

        assertEquals(List.of(justAfter, middle, newest),
                SinceDate.newerThan(List.of(newest, atTheInstant, middle, undated, older, justAfter), since));
    }

    private static Bookmark bookmark(String name, String published) {
        return new Bookmark(name, URI.create("https://example.org/" + name), null, published == null ? null : Instant.parse(published), null);
    }

    private Path issue(String file, String id, String date) throws IOException {
        return Files.writeString(dir.resolve(file),
                sample().replace("  id: social-learning-2\n", "  id: " + id + "\n").replace("  date: 2026-09-15\n", "  date: " + date + "\n"));
    }

    private static String sample() throws IOException {
        return Files.readString(TestDigests.SAMPLE);
    }
}
