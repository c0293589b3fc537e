package dev.tidings.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, finding 11: without a terminal (cron), send's progress and summary lines begin with
 * the time in UTC, ISO 8601 to the second; its JSON does not change.
 */
class SendLogLinesIT {
    private static final Pattern STAMPED = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z) (.*)$");

    @TempDir
    Path dir;

    @Test
    void theSummaryAndProgressOfASendForALogCarryTheTime() {
        assertEquals(0, CliRun.of("init", dir.toString()).exitCode());
        Instant before = Instant.now().minusSeconds(1);
        CliRun send = CliRun.of("send", dir.resolve("issues/issue-1.yaml").toString(), "--subscribers",
                dir.resolve("subscribers.csv").toString(), "--smtp", "sandbox", "--yes");
        assertEquals(0, send.exitCode(), send.all());
        List<String> out = send.out().lines().toList();
        assertEquals("this run: sent 3, failed 0, deferred 0", text(out.get(0)));
        assertEquals("done: every subscriber of the list has the issue", text(out.get(out.size() - 1)));
        for (String line : out) {
            Matcher m = STAMPED.matcher(line);
            assertTrue(m.matches(), "no time at the start of: " + line);
            Instant at = Instant.parse(m.group(1));
            assertTrue(!at.isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                    && at.isBefore(Instant.now().plus(Duration.ofSeconds(1))), line);
        }
        assertTrue(send.err().lines().anyMatch(line -> STAMPED.matcher(line).matches() && line.endsWith(" sending 3 messages")),
                send.err());

        CliRun json = CliRun.of("send", dir.resolve("issues/issue-1.yaml").toString(), "--subscribers",
                dir.resolve("subscribers.csv").toString(), "--smtp", "sandbox", "--yes", "--json");
        assertTrue(json.out().startsWith("{"), json.out());
    }

    private static String text(String line) {
        Matcher m = STAMPED.matcher(line);
        return m.matches() ? m.group(2) : line;
    }
}
