package dev.tidings.mail.loop;

import dev.tidings.mail.DeliveryState;
import dev.tidings.mail.Ledger;
import dev.tidings.mail.LedgerException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Ledger} in memory, with the SQLite ledger's semantics (a claim and the previous SENT it
 * carries are one transaction; the quota counts claimed or sent rows of every issue), for the send
 * loop's unit tests. Every write is appended to a shared {@link Events} log, so a test can check
 * what the ledger held when the relay was asked to send; and a write can be made to fail from a
 * chosen call on (a disk that fills up), before it changes anything.
 */
final class InMemoryLedger implements Ledger {
    private record Row(String email, DeliveryState state, int attempts, String lastReply, String messageId, Instant updatedAt,
                       String relay, String issueId) {
        Row with(DeliveryState newState, String reply, Instant now) {
            return new Row(email, newState, attempts, reply, messageId, now, relay, issueId);
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Clock clock;
    private final Events events;
    private final Map<String, Integer> calls = new HashMap<>();
    private String failingMethod;
    private int failingFrom;
    private boolean broken;

    InMemoryLedger(Clock clock, Events events) {
        this.clock = clock;
        this.events = events;
    }

    /**
     * From the {@code nth} call of {@code method} on, that call and every later write fail with a
     * {@link LedgerException}, before changing anything (a disk that filled up stays full).
     */
    synchronized InMemoryLedger failFrom(String method, int nth) {
        this.failingMethod = method;
        this.failingFrom = nth;
        return this;
    }

    /** A row as if written by an earlier run at {@code when}, through {@code relay} (null: a ledger from before relays were recorded). */
    synchronized void put(String issueId, String email, DeliveryState state, Instant when, String relay) {
        rows.put(key(issueId, email), new Row(email, state, 1, "earlier run", "<earlier@test>", when, relay, issueId));
    }

    private void write(String method) {
        int call = calls.merge(method, 1, Integer::sum);
        if (method.equals(failingMethod) && call >= failingFrom) {
            broken = true;
        }
        if (broken) {
            events.add("ledger failed at " + method);
            throw new LedgerException("the test ledger fails from " + failingMethod + " #" + failingFrom + " on", null);
        }
    }

    private static String key(String issueId, String email) {
        return issueId + "\u0000" + email.toLowerCase(Locale.ROOT);
    }

    @Override
    public synchronized boolean hasDeliveries(String issueId) {
        return rows.values().stream().anyMatch(row -> row.issueId().equals(issueId));
    }

    @Override
    public synchronized DeliveryState stateOf(String issueId, String email) {
        Row row = rows.get(key(issueId, email));
        return row == null ? null : row.state();
    }

    @Override
    public synchronized boolean claim(String issueId, String email, String messageId, String relay, Quota quota,
                                      String previousEmail, String previousReply) {
        write("claim");
        Instant now = clock.instant();
        if (previousEmail != null) {
            setState(issueId, previousEmail, DeliveryState.SENT, previousReply);
        }
        if (quota != null && claimedOrSentSince(quota.since()) >= quota.limit()) {
            events.add("quota spent " + email);
            return false;
        }
        Row old = rows.get(key(issueId, email));
        rows.put(key(issueId, email), new Row(email, DeliveryState.SENDING, old == null ? 1 : old.attempts() + 1,
                old == null ? null : old.lastReply(), messageId, now, relay, issueId));
        events.add("sending " + email);
        return true;
    }

    @Override
    public synchronized void markSent(String issueId, String email, String reply) {
        write("markSent");
        setState(issueId, email, DeliveryState.SENT, reply);
    }

    @Override
    public synchronized void markFailed(String issueId, String email, String reply) {
        write("markFailed");
        setState(issueId, email, DeliveryState.FAILED, reply);
    }

    @Override
    public synchronized void markPending(String issueId, String email, String reply) {
        write("markPending");
        setState(issueId, email, DeliveryState.PENDING, reply);
    }

    @Override
    public synchronized void noteReply(String issueId, String email, String reply) {
        write("noteReply");
        Row row = rows.get(key(issueId, email));
        if (row != null) {
            rows.put(key(issueId, email), row.with(row.state(), reply, clock.instant()));
            events.add("noted " + email);
        }
    }

    private void setState(String issueId, String email, DeliveryState state, String reply) {
        Row row = rows.get(key(issueId, email));
        if (row != null) { // as SQL's UPDATE: a row never claimed is not made here
            rows.put(key(issueId, email), row.with(state, reply, clock.instant()));
            events.add(state.label() + " " + email);
        }
    }

    @Override
    public synchronized Map<DeliveryState, Long> counts(String issueId) {
        Map<DeliveryState, Long> counts = new EnumMap<>(DeliveryState.class);
        for (DeliveryState state : DeliveryState.values()) {
            counts.put(state, 0L);
        }
        rows.values().stream().filter(row -> row.issueId().equals(issueId)).forEach(row -> counts.merge(row.state(), 1L, Long::sum));
        return counts;
    }

    @Override
    public synchronized List<Delivery> inState(String issueId, DeliveryState state, int limit) {
        return rows.values().stream()
                .filter(row -> row.issueId().equals(issueId) && row.state() == state)
                .sorted(Comparator.comparing(Row::updatedAt).thenComparing(row -> row.email().toLowerCase(Locale.ROOT)))
                .limit(limit)
                .map(row -> new Delivery(row.email(), row.state(), row.attempts(), row.lastReply(), row.messageId(),
                        row.updatedAt().toString()))
                .toList();
    }

    @Override
    public synchronized Map<String, SentMessage> byMessageId(Collection<String> messageIds) {
        Map<String, SentMessage> found = new HashMap<>();
        for (Row row : rows.values()) {
            if (messageIds.contains(row.messageId())) {
                found.put(row.messageId(), new SentMessage(row.messageId(), row.issueId(), row.email(), row.state()));
            }
        }
        return found;
    }

    @Override
    public synchronized List<String> issueIds() {
        return rows.values().stream().map(Row::issueId).distinct().sorted().toList();
    }

    @Override
    public synchronized List<SentMessage> messagesOf(String issueId) {
        return rows.values().stream().filter(row -> row.issueId().equals(issueId))
                .map(row -> new SentMessage(row.messageId(), row.issueId(), row.email(), row.state())).toList();
    }

    @Override
    public synchronized long claimedOrSentSince(Instant since) {
        return rows.values().stream()
                .filter(row -> (row.state() == DeliveryState.SENT || row.state() == DeliveryState.SENDING)
                        && !row.updatedAt().isBefore(since))
                .count();
    }

    @Override
    public synchronized Map<String, Long> sentThrough(String issueId) {
        Map<String, Long> relays = new TreeMap<>();
        rows.values().stream().filter(row -> row.issueId().equals(issueId) && row.state() == DeliveryState.SENT)
                .forEach(row -> relays.merge(row.relay() == null ? UNRECORDED_RELAY : row.relay(), 1L, Long::sum));
        return relays;
    }

    /** The rows of one issue in a state, as addresses in the order they were written. */
    synchronized List<String> emails(String issueId, DeliveryState state) {
        List<String> emails = new ArrayList<>();
        rows.values().stream().filter(row -> row.issueId().equals(issueId) && row.state() == state)
                .forEach(row -> emails.add(row.email()));
        return emails;
    }

    @Override
    public void close() {
    }

    /** What the ledger and the relay did, in the order they did it, shared by both (thread-safe). */
    static final class Events {
        private final List<String> log = new ArrayList<>();

        synchronized void add(String event) {
            log.add(event);
        }

        synchronized List<String> all() {
            return List.copyOf(log);
        }

        /** The events about one recipient, in order. */
        synchronized List<String> of(String email) {
            return log.stream().filter(event -> event.endsWith(" " + email)).toList();
        }
    }
}
