package dev.tidings;

import dev.tidings.ReadmeTranscript.Command;
import dev.tidings.ReadmeTranscript.Edit;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How README transcripts are read: shell lines that make a session, the two markers, comments. */
class ReadmeTranscriptTest {
    @Test
    void aSectionWithAShellCommandIsOneSessionAndOthersAreNot() {
        List<Command> commands = ReadmeTranscript.parse(List.of(
                "## Quick start", "```console", "$ tidings init news", "made news", "$ cd news", "$ . ./secrets.env",
                "$ export TIDINGS_SMTP_PASSWORD=...   # your relay's", "```",
                "## Other", "```console", "$ tidings secret", "```")).commands();
        assertEquals(List.of("tidings", "cd", ".", "export", "tidings"), commands.stream().map(Command::program).toList());
        assertEquals(List.of(true, true, true, true, false), commands.stream().map(Command::session).toList());
        assertEquals(List.of("TIDINGS_SMTP_PASSWORD=..."), commands.get(3).args(), "the comment is no argument");
        assertEquals("made news\n", commands.get(0).out());
    }

    @Test
    void theMarkersApplyToTheNextBlockOnlyAndAnEditToItsFirstCommand() {
        List<Command> commands = ReadmeTranscript.parse(List.of(
                "## Quick start", "<!-- transcript: edit issues/a.yaml 'title: \"A #1\"' 'title: \"A #1' -->", "```console",
                "$ cd news", "$ tidings validate a.yaml", "```",
                "<!-- transcript: starts a server -->", "```console", "$ tidings sandbox", "```",
                "```console", "$ tidings send a.yaml", "```")).commands();
        assertEquals(new Edit("issues/a.yaml", "title: \"A #1\"", "title: \"A #1"), commands.get(0).edit());
        assertNull(commands.get(1).edit());
        assertEquals(List.of(false, false, true, false), commands.stream().map(Command::server).toList());
    }

    @Test
    void aHashInsideAWordOrQuotesIsNoComment() {
        assertEquals(List.of("send", "issue#2.yaml", "#1: the start"), ReadmeTranscript.words("send issue#2.yaml '#1: the start' # note"));
        assertFalse(ReadmeTranscript.words("# all comment").iterator().hasNext());
    }

    @Test
    void anEditMarkerWithoutItsTwoTextsIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ReadmeTranscript.parse(List.of(
                "<!-- transcript: edit issues/a.yaml 'only one' -->")));
        assertTrue(error.getMessage().startsWith("README.md:1: an edit marker is FILE 'TEXT' 'REPLACEMENT'"), error.getMessage());
    }
}
