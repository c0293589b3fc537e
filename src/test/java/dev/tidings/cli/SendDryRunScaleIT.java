package dev.tidings.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A dry run of a 1,000,000-row list in a child JVM limited to 256 MB of heap.
 *
 * <p>What grows with the list is the CSV stream, the index of addresses seen (for duplicates, every
 * row), the survey and the ledger look-ups; rendering and building a message costs time per
 * message (~2-5 ms here) but only transient memory. So the default test streams all 1,000,000
 * rows through everything that grows, with 1% of them subscribed (10,000 messages rendered and
 * built), and finishes in about a minute. {@code -Dtidings.scale.full=true} renders every row
 * instead: that takes about an hour on a two-core machine.
 */
class SendDryRunScaleIT {
    private static final int ROWS = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void aMillionRowListDryRunsInA256MegabyteHeap() throws Exception {
        runDryRun(100);
    }

    @Test
    void aMillionRowListFullyRenderedDryRunsInA256MegabyteHeap() throws Exception {
        assumeTrue(Boolean.getBoolean("tidings.scale.full"), "set -Dtidings.scale.full=true to render all 1,000,000 messages (about an hour)");
        runDryRun(1);
    }

    /** @param everyNth one row in this many is subscribed; the rest are unsubscribed */
    private void runDryRun(int everyNth) throws Exception {
        SendFixture project = new SendFixture(dir);
        Path list = writeList(dir.resolve("million.csv"), everyNth);
        long toSend = ROWS / everyNth;
        long start = System.nanoTime();
        Process child = project.childJvm(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"), SendFixture.env(),
                "send", "digest.yaml", "--subscribers", list.toString(), "--dry-run", "--json")
                .redirectError(dir.resolve("err.txt").toFile()).redirectOutput(dir.resolve("out.txt").toFile()).start();
        child.getOutputStream().close();
        boolean finished = child.waitFor(everyNth == 1 ? 180 : 10, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String out = Files.readString(dir.resolve("out.txt"));
        String err = Files.readString(dir.resolve("err.txt"));
        assertTrue(finished, "not finished after " + took);
        assertEquals(0, child.exitValue(), out + err);
        JsonNode json = new ObjectMapper().readTree(out);
        assertEquals(toSend, json.get("would_send").asLong());
        assertEquals(ROWS, json.get("list").get("rows").asLong());
        assertEquals(ROWS - toSend, json.get("list").get("unsubscribed").asLong());
        assertEquals(0, json.get("list").get("invalid").asLong());
        assertTrue(err.contains("list: " + ROWS + " rows: " + toSend + " to send"), err);
        System.out.printf(Locale.ROOT, "dry run of %,d rows (%,d rendered) with -Xmx256m: %d s%n", ROWS, toSend, took.toSeconds());
    }

    private static Path writeList(Path file, int everyNth) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("email,name,status,company\n");
            for (int i = 0; i < ROWS; i++) {
                String status = i % everyNth == 0 ? "subscribed" : "unsubscribed";
                out.write(String.format(Locale.ROOT, "reader%07d@example.org,Reader %d,%s,Company %d%n", i, i, status, i % 97));
            }
        }
        return file;
    }
}
