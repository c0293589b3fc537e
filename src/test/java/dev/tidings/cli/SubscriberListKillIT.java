package dev.tidings.cli;

import dev.tidings.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 in the middle of rewriting a list: {@code tidings subscribers unsubscribe} on a
 * 100,000-row list in a child JVM, killed (SIGKILL) 0 to 30 ms after its temporary file appeared,
 * until four kills have come while the new version was being written (a kill that comes after the
 * rename, as one may on a machine that runs the child fast or the test slowly, is checked and then
 * tried again). After every kill the list is one whole version, byte for byte: the previous one
 * (the kill came while the new one was being written) or the new one (it came after the rename),
 * never a part of the new version, never nothing. Each run removes the temporary file a
 * killed one left; a run to completion writes the new version and keeps the previous as LIST.csv.bak.
 */
class SubscriberListKillIT {
    private static final int ROWS = 100_000;
    private static final int KILLS = 4;
    /** Runs allowed to get the KILLS mid-write kills: most kills land mid-write, so this many means something is wrong. */
    private static final int MAX_RUNS = 16;

    @TempDir
    Path dir;

    @Test
    void killedWhileWritingTheListIsLeftAsItWas() throws Exception {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", ROWS);
        byte[] original = Files.readAllBytes(list);
        String address = SendFixture.address(ROWS / 2);
        byte[] changed = new String(original, StandardCharsets.UTF_8)
                .replace(address + ",Reader " + ROWS / 2 + ",subscribed\n", address + ",Reader " + ROWS / 2 + ",unsubscribed\n")
                .getBytes(StandardCharsets.UTF_8);
        long seed = System.nanoTime();
        System.out.println("SubscriberListKillIT seed " + seed);
        Random random = new Random(seed);
        String[] args = {"subscribers", "unsubscribe", address, "--subscribers", list.toString()};

        int killedWhileWriting = 0;
        int kill = 0;
        for (; killedWhileWriting < KILLS; kill++) {
            assertTrue(kill < MAX_RUNS, "only " + killedWhileWriting + " of " + kill + " kills came while the new version was written");
            Process child = project.childJvm(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"), SendFixture.env(), args)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child-" + kill + ".log").toFile()).start();
            Path temporary = dir.resolve(".list.csv.tidings-" + child.pid() + ".tmp");
            // Polled every millisecond, not spun: a spinning test takes a core from the child it waits for.
            long deadline = System.nanoTime() + Deadlines.seconds(60).toNanos();
            while (!Files.exists(temporary) && child.isAlive() && System.nanoTime() - deadline < 0) {
                Thread.sleep(1);
            }
            assertTrue(child.isAlive(), "run " + kill + " ended before it was killed: " + Files.readString(dir.resolve("child-" + kill + ".log")));
            Thread.sleep(random.nextInt(31));
            child.destroyForcibly(); // SIGKILL
            Deadlines.awaitExit(child, Duration.ofSeconds(30), dir.resolve("child-" + kill + ".log"));
            assertEquals(137, child.exitValue(), "killed by SIGKILL, not finished");
            byte[] now = Files.readAllBytes(list);
            if (Arrays.equals(changed, now)) {
                Files.write(list, original); // the kill came after the rename: start again from the previous version
                continue;
            }
            assertArrayEquals(original, now, "after kill " + kill + " the list is its previous version, byte for byte");
            assertEquals(List.of(temporary.getFileName().toString()), temporaryFiles(),
                    "the killed run's temporary file is left, those of earlier killed runs were removed");
            killedWhileWriting++;
        }
        System.out.printf("%d kills -9, %d while the new version was being written%n", kill, killedWhileWriting);

        CliRun done = CliRun.withEnv(SendFixture.env(), args);
        assertEquals(0, done.exitCode(), done.all());
        assertArrayEquals(changed, Files.readAllBytes(list));
        assertArrayEquals(original, Files.readAllBytes(dir.resolve("list.csv.bak")));
        assertEquals(List.of(), temporaryFiles(), "the leftovers of the killed runs are gone");
    }

    private List<String> temporaryFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).sorted().toList();
        }
    }
}
