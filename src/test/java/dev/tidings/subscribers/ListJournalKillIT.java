package dev.tidings.subscribers;

import dev.tidings.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} in the middle of a burst of 1,000 mixed events from several threads (a child JVM,
 * {@link JournalBurst}, printing each acknowledgement as {@code record} returns): after the journal
 * is opened again and applied, every acknowledged event is in the CSV, no address is there twice,
 * and the CSV is a valid list.
 */
class ListJournalKillIT {
    private static final int THREADS = 8;
    private static final int EVENTS = 1_000;
    private static final int KILL_AFTER_ACKS = 400;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventSurvivesKillNine() throws Exception {
        Path list = dir.resolve("list.csv");
        Files.writeString(list, JournalBurst.list(EVENTS));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", testClassPath(), JournalBurst.class.getName(), list.toString(), String.valueOf(THREADS), String.valueOf(EVENTS));
        Path acks = dir.resolve("child.out");
        Process child = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(acks.toFile()).redirectError(dir.resolve("child.err").toFile()).start();
        // Polled every millisecond, not spun: a spinning test takes a core from the child it waits for.
        long deadline = System.nanoTime() + Deadlines.seconds(60).toNanos();
        while (newlines(acks) < KILL_AFTER_ACKS && child.isAlive() && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
        }
        assertTrue(child.isAlive(), "the child ended before the kill: " + Files.readString(dir.resolve("child.err")));
        child.destroyForcibly(); // SIGKILL, while the threads are mid-record
        Deadlines.awaitExit(child, Duration.ofSeconds(30), dir.resolve("child.err"));
        assertEquals(137, child.exitValue(), "killed by SIGKILL, not finished");
        int[] acked = new int[THREADS];
        int count = 0;
        for (String line : Files.readAllLines(acks)) {
            String[] parts = line.split(" ");
            if (parts.length == 3 && parts[0].equals("ack")) { // a line cut by the kill is no acknowledgement
                int thread = Integer.parseInt(parts[1]);
                assertEquals(acked[thread], Integer.parseInt(parts[2]), "each thread's events are acknowledged in order");
                acked[thread]++;
                count++;
            }
        }
        assertTrue(count >= KILL_AFTER_ACKS && count < EVENTS, count + " acknowledgements");

        ListJournal.open(list, ListJournal.Batching.DEFAULT, e -> {
            throw e;
        }).close();

        SubscriberListCheck.Result check = new SubscriberListCheck().check(list);
        assertFalse(check.hasErrors(), check.problems().toString());
        assertEquals(0, check.duplicates(), "no address twice");
        Map<String, SubscriberStatus> inList = statuses(list);
        int checked = 0;
        for (int t = 0; t < THREADS; t++) {
            List<ListEvent> plan = JournalBurst.plan(t, THREADS, EVENTS);
            Map<String, SubscriberStatus> acknowledged = stateAfter(plan, acked[t]);
            // The event in flight at the kill may or may not have been made durable: either state is right.
            Map<String, SubscriberStatus> withInFlight = stateAfter(plan, Math.min(acked[t] + 1, plan.size()));
            for (String address : union(acknowledged.keySet(), withInFlight.keySet())) {
                SubscriberStatus actual = inList.get(address);
                assertTrue(actual == acknowledged.get(address) || actual == withInFlight.get(address),
                        address + " is " + actual + " in the list; acknowledged: " + acknowledged.get(address) + " (thread " + t
                                + ", " + acked[t] + " acknowledged)");
                checked++;
            }
        }
        System.out.printf(Locale.ROOT, "ListJournalKillIT: killed after %d acknowledgements; %d addresses checked%n", count, checked);
    }

    /** Each address's status after the first {@code count} events; readers not yet touched are subscribed, new addresses absent. */
    private static Map<String, SubscriberStatus> stateAfter(List<ListEvent> plan, int count) {
        Map<String, SubscriberStatus> state = new HashMap<>();
        for (ListEvent event : plan) {
            String key = event.email().toLowerCase(Locale.ROOT);
            state.putIfAbsent(key, key.startsWith("reader") ? SubscriberStatus.SUBSCRIBED : null);
        }
        for (ListEvent event : plan.subList(0, count)) {
            state.put(event.email().toLowerCase(Locale.ROOT),
                    event.kind() == ListEvent.Kind.SUBSCRIBED ? SubscriberStatus.SUBSCRIBED : SubscriberStatus.UNSUBSCRIBED);
        }
        return state;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static Map<String, SubscriberStatus> statuses(Path list) {
        Map<String, SubscriberStatus> statuses = new HashMap<>();
        try (SubscriberReader reader = new SubscriberReader(list)) {
            for (SubscriberRow row = reader.next(); row != null; row = reader.next()) {
                statuses.put(row.subscriber().key(), row.subscriber().status());
            }
        }
        return statuses;
    }

    private static long newlines(Path file) throws java.io.IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(file);
        long n = 0;
        for (byte b : bytes) {
            n += b == '\n' ? 1 : 0;
        }
        return n;
    }

    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
