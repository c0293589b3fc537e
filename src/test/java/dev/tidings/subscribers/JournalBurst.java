package dev.tidings.subscribers;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A burst of mixed events recorded from several threads, as {@code serve} would under load: the
 * child JVM of {@code ListJournalKillIT}, and a figure of group commit by hand:
 * {@code java -cp TEST_CLASSPATH dev.tidings.subscribers.JournalBurst LIST.csv THREADS EVENTS}.
 * Prints {@code ack THREAD INDEX} as each {@code record} returns (the acknowledgement an HTTP 200
 * would carry), then {@code done EVENTS MILLIS FSYNCS}.
 */
public final class JournalBurst {
    private JournalBurst() {
    }

    /** The list the burst is made for: {@code rows} readers, all subscribed. */
    public static String list(int rows) {
        StringBuilder out = new StringBuilder("email,name,status\n");
        for (int i = 1; i <= rows; i++) {
            out.append(reader(i)).append(",Reader ").append(i).append(",subscribed\n");
        }
        return out.toString();
    }

    static String reader(int i) {
        return String.format(Locale.ROOT, "reader%04d@example.org", i);
    }

    /**
     * Thread t's events, in order: a signup of a new address, an unsubscribe of a reader, another
     * unsubscribe, and the undo of the first (a resubscribe). No two threads touch one address.
     */
    public static List<ListEvent> plan(int thread, int threads, int events) {
        List<ListEvent> plan = new ArrayList<>();
        Instant at = Instant.parse("2026-03-01T10:00:00Z");
        for (int j = 0; thread + j * threads < events; j++) {
            int n = thread + j * threads;
            ListEvent event = switch (j % 4) {
                case 0 -> new ListEvent(ListEvent.Kind.SUBSCRIBED, "new" + n + "@example.org", "New " + n, at, "form");
                case 1, 2 -> new ListEvent(ListEvent.Kind.UNSUBSCRIBED, reader(n + 1), null, at, "one-click");
                default -> new ListEvent(ListEvent.Kind.SUBSCRIBED, reader(thread + (j - 2) * threads + 1), null, at, "resubscribe");
            };
            plan.add(event);
        }
        return plan;
    }

    public static void main(String[] args) throws Exception {
        Path list = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int events = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(System.out, false, java.nio.charset.StandardCharsets.UTF_8);
        try (ListJournal journal = ListJournal.open(list, ListJournal.Batching.DEFAULT, e -> System.err.println(e.getMessage()))) {
            List<Thread> workers = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread worker = new Thread(() -> {
                    List<ListEvent> plan = plan(thread, threads, events);
                    for (int j = 0; j < plan.size(); j++) {
                        try {
                            journal.record(plan.get(j));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        synchronized (out) {
                            out.println("ack " + thread + " " + j);
                            out.flush();
                        }
                    }
                });
                worker.start();
                workers.add(worker);
            }
            for (Thread worker : workers) {
                worker.join();
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            out.println("done " + journal.recorded() + " " + millis + " " + journal.fsyncs());
            out.flush();
        }
    }
}
