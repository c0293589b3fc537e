package dev.tidings.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The send ledger: per issue and recipient, the delivery state, attempts, last SMTP reply,
 * Message-ID and timestamps, in a SQLite file. It is what makes {@code send} exactly-once across
 * re-runs and crashes: a recipient is marked SENDING (committed) before DATA and SENT only after
 * the server's 250, so a re-run skips everyone delivered and a crash leaves at most the in-flight
 * recipients uncertain.
 *
 * <p>Durability: WAL journal with synchronous=NORMAL. Every commit reaches the operating system
 * before the method returns, so it survives the process being killed at any moment (kill -9, OOM,
 * a cron timeout); an fsync happens at each WAL checkpoint. A power cut can roll back the last
 * commits, which would make those recipients pending again; SQLite never corrupts the file.
 *
 * <p>One JDBC connection, used under this object's lock: SQLite serialises writers anyway, and
 * the commits are short.
 */
public final class Ledger implements AutoCloseable {
    private static final int SCHEMA_VERSION = 1;

    /** One recipient's row. */
    public record Delivery(String email, DeliveryState state, int attempts, String lastReply, String messageId, String updatedAt) {
    }

    /** A message the ledger records as sent (or being sent) to one recipient: what a delivery report must return to count. */
    public record SentMessage(String messageId, String issueId, String email, DeliveryState state) {
    }

    /** Message-IDs asked for in one statement: well under SQLite's limit on bound parameters (999 before 3.32). */
    private static final int IDS_PER_QUERY = 500;

    private final Path file;
    private final Connection connection;
    private final Clock clock;
    private final PreparedStatement selectState;
    private final PreparedStatement upsertSending;
    private final PreparedStatement updateState;
    /**
     * The two-step transaction's own statements, prepared once. JDBC's setAutoCommit(false),
     * commit() and setAutoCommit(true) made sqlite-jdbc compile and run four statements per
     * message ("begin", "commit", "begin" again for a transaction nobody uses, "commit").
     */
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement rollback;

    private Ledger(Path file, Connection connection, Clock clock) throws SQLException {
        this.file = file;
        this.connection = connection;
        this.clock = clock;
        createSchema();
        selectState = connection.prepareStatement("SELECT state FROM deliveries WHERE issue_id = ? AND address = ?");
        upsertSending = connection.prepareStatement(
                "INSERT INTO deliveries (issue_id, address, email, state, attempts, message_id, created_at, updated_at)"
                        + " VALUES (?, ?, ?, 'sending', 1, ?, ?, ?)"
                        + " ON CONFLICT (issue_id, address) DO UPDATE SET state = 'sending', attempts = attempts + 1,"
                        + " message_id = excluded.message_id, updated_at = excluded.updated_at");
        updateState = connection.prepareStatement(
                "UPDATE deliveries SET state = ?, last_reply = ?, updated_at = ? WHERE issue_id = ? AND address = ?");
        begin = connection.prepareStatement("BEGIN");
        commit = connection.prepareStatement("COMMIT");
        rollback = connection.prepareStatement("ROLLBACK");
    }

    public static Ledger open(Path file, Clock clock) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), driverProperties());
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA busy_timeout = 10000");
                    statement.execute("PRAGMA journal_mode = WAL");
                    statement.execute("PRAGMA synchronous = NORMAL");
                }
                return new Ledger(file, connection, clock);
            } catch (SQLException | RuntimeException e) {
                connection.close(); // else the file stays open (and its disk busy) until the process ends
                throw e;
            }
        } catch (SQLException | java.io.IOException e) {
            throw new LedgerException(file + ": cannot open the send ledger: " + reason(e), e);
        }
    }

    /**
     * sqlite-jdbc's default follows every INSERT with a {@code SELECT last_insert_rowid()} in case
     * the caller asks for generated keys: a statement prepared and stepped per message sent (the
     * upsert is an INSERT), for a key the ledger never reads (its rows have no rowid).
     */
    private static Properties driverProperties() {
        Properties properties = new Properties();
        properties.setProperty("jdbc.get_generated_keys", "false");
        return properties;
    }

    public Path file() {
        return file;
    }

    private void createSchema() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            statement.execute("CREATE TABLE IF NOT EXISTS deliveries ("
                    + " issue_id TEXT NOT NULL,"
                    + " address TEXT NOT NULL," // lower-cased: the key duplicates are recognised by
                    + " email TEXT NOT NULL,"
                    + " state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),"
                    + " attempts INTEGER NOT NULL DEFAULT 0,"
                    + " last_reply TEXT,"
                    + " message_id TEXT,"
                    + " created_at TEXT NOT NULL,"
                    + " updated_at TEXT NOT NULL,"
                    + " PRIMARY KEY (issue_id, address)) WITHOUT ROWID");
            // No index on (state, updated_at): the daily-limit count scans once per run, while an
            // index would cost a page write in every one of the two commits per message.
            statement.execute("DROP INDEX IF EXISTS deliveries_sent_at");
            statement.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '" + SCHEMA_VERSION + "')");
        }
    }

    /** Whether the ledger holds any delivery of this issue: none on its first run. */
    public synchronized boolean hasDeliveries(String issueId) {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM deliveries WHERE issue_id = ? LIMIT 1")) {
            query.setString(1, issueId);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    /** The recipient's state, or null when this issue has never been sent to them. */
    public synchronized DeliveryState stateOf(String issueId, String email) {
        try {
            selectState.setString(1, issueId);
            selectState.setString(2, key(email));
            try (ResultSet row = selectState.executeQuery()) {
                return row.next() ? DeliveryState.parse(row.getString(1)) : null;
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    /** Committed before DATA: from here on a crash makes this recipient uncertain, never resent by default. */
    public synchronized void markSending(String issueId, String email, String messageId) {
        try {
            markSending(issueId, email, messageId, now());
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    private void markSending(String issueId, String email, String messageId, String now) throws SQLException {
        upsertSending.setString(1, issueId);
        upsertSending.setString(2, key(email));
        upsertSending.setString(3, email);
        upsertSending.setString(4, messageId);
        upsertSending.setString(5, now);
        upsertSending.setString(6, now);
        upsertSending.executeUpdate();
    }

    public synchronized void markSent(String issueId, String email, String reply) {
        setState(issueId, email, DeliveryState.SENT, reply);
    }

    /**
     * One transaction for two steps of a sending thread: the previous message's 250, and the
     * claim of the next before it goes out. Half the commits, the same guarantees: SENT still
     * follows the 250, SENDING still precedes DATA; a crash between the 250 and this commit
     * leaves the previous recipient uncertain (not resent), never lost or doubled.
     */
    public synchronized void markSentThenSending(String issueId, String sentEmail, String reply, String nextEmail, String nextMessageId) {
        try {
            String now = now();
            begin.execute();
            try {
                setState(issueId, sentEmail, DeliveryState.SENT, reply, now);
                markSending(issueId, nextEmail, nextMessageId, now);
                commit.execute();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    public synchronized void markFailed(String issueId, String email, String reply) {
        setState(issueId, email, DeliveryState.FAILED, reply);
    }

    /** A temporary failure: the recipient goes back to pending, to be retried by this run or the next. */
    public synchronized void markPending(String issueId, String email, String reply) {
        setState(issueId, email, DeliveryState.PENDING, reply);
    }

    private void setState(String issueId, String email, DeliveryState state, String reply) {
        try {
            setState(issueId, email, state, reply, now());
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    private void setState(String issueId, String email, DeliveryState state, String reply, String now) throws SQLException {
        updateState.setString(1, state.label());
        updateState.setString(2, reply);
        updateState.setString(3, now);
        updateState.setString(4, issueId);
        updateState.setString(5, key(email));
        updateState.executeUpdate();
    }

    /** Records a reply (or what happened instead) without changing the state: an uncertain send keeps SENDING. */
    public synchronized void noteReply(String issueId, String email, String reply) {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE deliveries SET last_reply = ?, updated_at = ? WHERE issue_id = ? AND address = ?")) {
            update.setString(1, reply);
            update.setString(2, now());
            update.setString(3, issueId);
            update.setString(4, key(email));
            update.executeUpdate();
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    /**
     * After a failed commit (a full disk) SQLite may already have rolled back: a second error here
     * would hide the first, which is the one that says what is wrong.
     */
    private void rollbackQuietly() {
        try {
            rollback.execute();
        } catch (SQLException ignored) {
            // the transaction is gone either way; nothing of it was committed
        }
    }

    /** Counts per state for one issue; states with no rows are 0. */
    public synchronized Map<DeliveryState, Long> counts(String issueId) {
        Map<DeliveryState, Long> counts = new EnumMap<>(DeliveryState.class);
        for (DeliveryState state : DeliveryState.values()) {
            counts.put(state, 0L);
        }
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT state, COUNT(*) FROM deliveries WHERE issue_id = ? GROUP BY state")) {
            query.setString(1, issueId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(DeliveryState.parse(rows.getString(1)), rows.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
        return counts;
    }

    /** The rows of one issue in a state, oldest change first, at most {@code limit}. */
    public synchronized List<Delivery> inState(String issueId, DeliveryState state, int limit) {
        List<Delivery> rows = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT email, state, attempts, last_reply, message_id, updated_at FROM deliveries"
                        + " WHERE issue_id = ? AND state = ? ORDER BY updated_at, address LIMIT ?")) {
            query.setString(1, issueId);
            query.setString(2, state.label());
            query.setInt(3, limit);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    rows.add(new Delivery(row.getString(1), DeliveryState.parse(row.getString(2)), row.getInt(3),
                            row.getString(4), row.getString(5), row.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
        return rows;
    }

    /**
     * The messages with these Message-IDs, by Message-ID; IDs the ledger does not know are absent.
     * Read only. There is no index on message_id, which would cost a page write per message sent
     * for the few look-ups {@code unsubscribes} makes: one scan per batch of IDs instead.
     */
    public synchronized Map<String, SentMessage> byMessageId(Collection<String> messageIds) {
        Map<String, SentMessage> found = new HashMap<>();
        List<String> ids = List.copyOf(messageIds);
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            String marks = String.join(", ", Collections.nCopies(batch.size(), "?"));
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT message_id, issue_id, email, state FROM deliveries WHERE message_id IN (" + marks + ")")) {
                for (int i = 0; i < batch.size(); i++) {
                    query.setString(i + 1, batch.get(i));
                }
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        found.put(row.getString(1), new SentMessage(row.getString(1), row.getString(2), row.getString(3),
                                DeliveryState.parse(row.getString(4))));
                    }
                }
            } catch (SQLException e) {
                throw failure("read", e);
            }
        }
        return found;
    }

    /** Messages delivered (any issue) since the given moment: the rolling quota of --daily-limit. */
    public synchronized long sentSince(Instant since) {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COUNT(*) FROM deliveries WHERE state = 'sent' AND updated_at >= ?")) {
            query.setString(1, since.toString());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }

    private String now() {
        return clock.instant().toString();
    }

    static String key(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    private LedgerException failure(String action, SQLException e) {
        return new LedgerException(file + ": cannot " + action + " the send ledger: " + reason(e)
                + "; nothing recorded so far is lost, and re-running after fixing it is safe", e);
    }

    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.contains("SQLITE_FULL")) {
            return "the disk is full";
        }
        if (message.contains("SQLITE_IOERR")) {
            return "a disk I/O error (is the disk full?)";
        }
        if (message.contains("SQLITE_READONLY")) {
            return "the file or its directory is read-only";
        }
        if (message.contains("SQLITE_NOTADB") || message.contains("SQLITE_CORRUPT")) {
            return "the file is not a tidings ledger (or is damaged)";
        }
        if (message.contains("SQLITE_CANTOPEN")) {
            return "the file cannot be opened or created here";
        }
        return message.replaceAll("\\s+", " ");
    }
}
