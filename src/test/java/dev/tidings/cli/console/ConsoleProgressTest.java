package dev.tidings.cli.console;

import dev.tidings.mail.SendCounters;
import dev.tidings.mail.SendProgress;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The progress of a send goes to the stderr the command line was given, never around it to the process's. */
class ConsoleProgressTest {
    @Test
    void theBarAndItsNotesGoToTheGivenWriter() {
        StringWriter err = new StringWriter();
        SendProgress progress = ConsoleProgress.forTerminal(true, new PrintWriter(err));
        progress.started(3);
        progress.note("rehearsal: a note in the middle of the bar");
        progress.advanced(new SendCounters(2, 1, 0, 0, 0));
        progress.finished(new SendCounters(2, 1, 0, 0, 0));
        String printed = err.toString();
        assertTrue(printed.contains("\nrehearsal: a note in the middle of the bar"), printed);
        assertTrue(printed.contains("Sending") && printed.contains("3/3") && printed.contains("sent 2, failed 1, deferred 0"), printed);
    }

    @Test
    void withoutATerminalALineForLogs() {
        StringWriter err = new StringWriter();
        SendProgress progress = ConsoleProgress.forTerminal(false, new PrintWriter(err), "Rendering");
        progress.started(2);
        progress.note("a note");
        assertTrue(err.toString().startsWith("rendering 2 messages"), err.toString());
        assertTrue(err.toString().contains("a note"), err.toString());
    }

    /** Issue 18, finding 11: a cron log says when each line was written, in UTC to the second; a terminal is left as it was. */
    @Test
    void withoutATerminalEachLineBeginsWithTheTimeInUtc() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-03T13:05:09.734Z"), ZoneId.of("Europe/Berlin"));
        StringWriter err = new StringWriter();
        SendProgress progress = ConsoleProgress.forTerminal(false, LogLines.of(new PrintWriter(err), false, clock), "Sending");
        progress.started(2);
        progress.note("a note");
        assertEquals("2026-12-03T13:05:09Z sending 2 messages\n2026-12-03T13:05:09Z a note\n", err.toString().replace("\r\n", "\n"));

        StringWriter terminal = new StringWriter();
        PrintWriter same = new PrintWriter(terminal);
        assertTrue(LogLines.of(same, true, clock) == same, "on a terminal the writer is the one given");
    }
}
