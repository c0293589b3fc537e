package dev.tidings.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidings new} (issue 18, finding 6) through the command line, in the folder {@code init}
 * makes: the next issue validates as it stands, a second run counts on from the newest, nothing is
 * overwritten, and a broken latest issue is one line at its place.
 */
class NewCommandIT {
    @TempDir
    Path scratch;

    @Test
    void initThenNewTwiceGivesIssuesTwoAndThreeThatValidate() throws IOException {
        Path dir = scratch.resolve("letter");
        assertEquals(0, CliRun.of("init", dir.toString()).exitCode());
        // The relay signs (so validate's DKIM warning, InitCommandIT's, stays out of this test's count of warnings).
        Path newsletter = dir.resolve("newsletter.yaml");
        Files.writeString(newsletter, Files.readString(newsletter) + "dkim: relay\n");

        CliRun second = CliRun.of("new", dir.toString(), "--date", "2027-01-07");
        assertEquals(0, second.exitCode(), second.all());
        assertEquals("", second.err());
        Path issue2 = dir.resolve("issues/issue-2.yaml");
        assertTrue(second.out().startsWith("made " + issue2 + " (issue issue-2, 2027-01-07) from " + dir.resolve("issues/issue-1.yaml")),
                second.out());
        assertTrue(second.out().contains("next: replace the placeholder item"), second.out());
        // Valid as it stands, with one warning until the placeholder item is replaced: a send of
        // it would otherwise mail the placeholder, and validate --strict (CI, cron) refuses it.
        CliRun validate = CliRun.of("validate", issue2.toString(), "--subscribers", dir.resolve("subscribers.csv").toString());
        assertEquals(0, validate.exitCode(), validate.all());
        assertTrue(validate.out().contains(issue2 + ":") && validate.out().contains("issue.items[0].url: item 1 is still the placeholder"
                + " that tidings new wrote: replace it with the issue's own items\n"), validate.out());
        assertTrue(validate.out().contains(issue2 + ": valid (0 errors, 1 warning)"), validate.out());
        assertEquals(1, CliRun.of("validate", issue2.toString(), "--strict").exitCode(), "--strict refuses the placeholder");
        Files.writeString(issue2, Files.readString(issue2).replace("https://example.org/replace-me", "https://example.org/a-real-article"));
        CliRun replaced = CliRun.of("validate", issue2.toString(), "--subscribers", dir.resolve("subscribers.csv").toString(), "--strict");
        assertEquals(0, replaced.exitCode(), replaced.all());

        CliRun third = CliRun.of("new", dir.toString(), "--date", "2027-01-21");
        assertEquals(0, third.exitCode(), third.all());
        String text = Files.readString(dir.resolve("issues/issue-3.yaml"));
        assertTrue(text.contains("  id: issue-3\n") && text.contains("#3: five things") && text.contains("  date: 2027-01-21\n"), text);
        assertEquals(0, CliRun.of("validate", dir.resolve("issues/issue-3.yaml").toString()).exitCode());
    }

    @Test
    void itStartsFromANamedIssueAndOverwritesNothing() throws IOException {
        Path dir = scratch.resolve("letter");
        assertEquals(0, CliRun.of("init", dir.toString()).exitCode());
        Path first = dir.resolve("issues/issue-1.yaml");
        assertEquals(0, CliRun.of("new", first.toString()).exitCode());
        String made = Files.readString(dir.resolve("issues/issue-2.yaml"));

        CliRun again = CliRun.of("new", first.toString(), "--date", "2030-01-01");
        assertEquals(1, again.exitCode(), again.all());
        assertEquals("tidings: " + dir.resolve("issues/issue-2.yaml") + " already exists; tidings new overwrites nothing: edit that"
                + " issue, or move it away and run tidings new again\n", again.err().replace("\r\n", "\n"));
        assertEquals(made, Files.readString(dir.resolve("issues/issue-2.yaml")));
    }

    @Test
    void aBrokenLatestIssueIsOneLineAtItsPlace() throws IOException {
        Path dir = scratch.resolve("letter");
        assertEquals(0, CliRun.of("init", dir.toString()).exitCode());
        Path first = dir.resolve("issues/issue-1.yaml");
        Files.writeString(first, Files.readString(first).replace("  preheader: A reading list", "  preheader: \"A reading list"));
        CliRun broken = CliRun.of("new", dir.toString());
        assertEquals(1, broken.exitCode(), broken.all());
        assertTrue(broken.err().startsWith("tidings: " + first + ":19:14: issue.preheader: this quoted value runs on"), broken.err());
        assertEquals(1, broken.err().strip().lines().count(), broken.err());
        assertFalse(broken.err().contains("Exception"), broken.err());
        assertFalse(Files.exists(dir.resolve("issues/issue-2.yaml")));

        CliRun nothing = CliRun.of("new", scratch.resolve("elsewhere").toString());
        assertEquals(1, nothing.exitCode(), nothing.all());
        assertEquals("tidings: " + scratch.resolve("elsewhere") + ": no such folder or issue", nothing.err().strip());
    }
}
