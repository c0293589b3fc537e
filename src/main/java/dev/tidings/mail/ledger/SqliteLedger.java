package dev.tidings.mail.ledger;

import dev.tidings.ExitStatus;
import dev.tidings.mail.DeliveryState;
import dev.tidings.mail.Ledger;
import dev.tidings.mail.LedgerException;

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
 *
 * <p>Longer than the house's 300 lines on purpose: it is all the SQL of the ledger (the schema and
 * its migration, the claim transaction, the reads of {@code status}, the quota and
 * {@code unsubscribes}, and the translation of SQLite's errors into what the editor must fix), so
 * that a change to the schema is checked against every statement that uses it in one file. Split
 * into reads and writes, each half would have to know the other's schema and error handling.
 */
public final class SqliteLedger implements Ledger {
    /** 2 added the relay of each delivery; a version 1 ledger gains the column when opened. */
    private static final int SCHEMA_VERSION = 2;

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
    /** Takes the write lock at once: a quota counted under it cannot be spent by another process meanwhile. */
    private final PreparedStatement beginImmediate;
    private final PreparedStatement commit;
    private final PreparedStatement rollback;
    /** Why the ledger first failed to read or write, kept to name every later failure of this run. */
    private String firstFailure;

    private SqliteLedger(Path file, Connection connection, Clock clock) throws SQLException {
        this.file = file;
        this.connection = connection;
        this.clock = clock;
        createSchema();
        selectState = connection.prepareStatement("SELECT state FROM deliveries WHERE issue_id = ? AND address = ?");
        upsertSending = connection.prepareStatement(
                "INSERT INTO deliveries (issue_id, address, email, state, attempts, message_id, created_at, updated_at, relay)"
                        + " VALUES (?, ?, ?, 'sending', 1, ?, ?, ?, ?)"
                        + " ON CONFLICT (issue_id, address) DO UPDATE SET state = 'sending', attempts = attempts + 1,"
                        + " message_id = excluded.message_id, updated_at = excluded.updated_at, relay = excluded.relay");
        updateState = connection.prepareStatement(
                "UPDATE deliveries SET state = ?, last_reply = ?, updated_at = ? WHERE issue_id = ? AND address = ?");
        begin = connection.prepareStatement("BEGIN");
        beginImmediate = connection.prepareStatement("BEGIN IMMEDIATE");
        commit = connection.prepareStatement("COMMIT");
        rollback = connection.prepareStatement("ROLLBACK");
    }

    public static SqliteLedger open(Path file, Clock clock) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!Files.exists(file)) {
                create(file, clock);
            }
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                throw notALedger(file, Files.isRegularFile(file) ? "it is empty" : "it is not a regular file");
            }
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), driverProperties());
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA busy_timeout = 10000");
                    if (!hasLedgerSchema(statement)) {
                        throw notALedger(file, "it is an SQLite database without a tidings ledger's tables");
                    }
                    statement.execute("PRAGMA journal_mode = WAL");
                    statement.execute("PRAGMA synchronous = NORMAL");
                }
                return new SqliteLedger(file, connection, clock);
            } catch (SQLException | RuntimeException e) {
                connection.close(); // else the file stays open (and its disk busy) until the process ends
                throw e;
            }
        } catch (SQLException | java.io.IOException e) {
            if (String.valueOf(e.getMessage()).contains("SQLITE_NOTADB")) {
                throw notALedger(file, "it is not an SQLite database");
            }
            throw new LedgerException(file + ": cannot open the send ledger: " + reason(e), e);
        }
    }

    /**
     * Makes a new ledger whole under a temporary name and links it into place, which fails if
     * another process got there first (two sends starting at once on a new shared ledger): the file
     * under the ledger's name is then always a complete ledger, never one half made, so an empty
     * file there can only be a damaged or a foreign one.
     */
    private static void create(Path file, Clock clock) throws SQLException, java.io.IOException {
        Path fresh = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".new");
        try {
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + fresh, driverProperties())) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA journal_mode = WAL"); // kept in the file: every later connection uses it
                }
                new SqliteLedger(fresh, connection, clock).closeStatements();
            }
            try {
                Files.createLink(file, fresh);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another send made it meanwhile: theirs is as good
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                if (!Files.exists(file)) {
                    Files.move(fresh, file); // a file system without hard links
                }
            }
        } finally {
            Files.deleteIfExists(fresh);
        }
    }

    /**
     * A file where the ledger should be that is not one (empty, truncated, another database) is
     * refused rather than taken as a new ledger: a new ledger knows no deliveries, so everyone
     * would get the issue again.
     */
    private static LedgerException notALedger(Path file, String why) {
        return new LedgerException(ExitStatus.INVALID_INPUT, file + ": not a tidings send ledger (" + why + "). A new ledger would"
                + " know of no delivery and send the issue to everyone again; if nothing was ever sent with it, delete the file,"
                + " or give the right one with --ledger", null);
    }

    private static boolean hasLedgerSchema(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'deliveries')")) {
            return row.next() && row.getInt(1) == 2;
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
                    + " relay TEXT," // the relay that took the message: scheme://host:port, never credentials
                    + " PRIMARY KEY (issue_id, address)) WITHOUT ROWID");
            if (!hasColumn(statement, "deliveries", "relay")) {
                statement.execute("ALTER TABLE deliveries ADD COLUMN relay TEXT");
            }
            // No index on (state, updated_at): the daily-limit count scans once per run, while an
            // index would cost a page write in every one of the two commits per message.
            statement.execute("DROP INDEX IF EXISTS deliveries_sent_at");
            statement.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', '" + SCHEMA_VERSION + "')");
        }
    }

    private static boolean hasColumn(Statement statement, String table, String column) throws SQLException {
        try (ResultSet rows = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rows.next()) {
                if (column.equals(rows.getString("name"))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Whether the ledger holds any delivery of this issue: none on its first run. */
    @Override
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
    @Override
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

    /**
     * Claims a recipient (SENDING, with the relay the message goes to) before its message goes out,
     * recording the worker's previous delivery (SENT, after its 250) in the same transaction when
     * there is one: half the commits, the same guarantees (SENT still follows the 250, SENDING still
     * precedes DATA; a crash between the 250 and this commit leaves the previous recipient
     * uncertain, never lost or doubled).
     *
     * <p>With a quota, the claim is made only while fewer than its limit of messages were claimed
     * or sent since its start, counted in the ledger under SQLite's write lock: two sends sharing
     * the ledger (two issues at once) then share one quota. The count scans the table, once per
     * message and only under {@code --daily-limit}, which sends slowly by design.
     *
     * @param previousEmail the worker's previous recipient to mark SENT first, or null
     * @return false when the quota is spent (the previous delivery is recorded all the same)
     */
    @Override
    public synchronized boolean claim(String issueId, String email, String messageId, String relay, Quota quota,
                                      String previousEmail, String previousReply) {
        try {
            String now = now();
            if (quota == null && previousEmail == null) {
                upsertSending(issueId, email, messageId, relay, now);
                return true;
            }
            (quota == null ? begin : beginImmediate).execute();
            try {
                if (previousEmail != null) {
                    setState(issueId, previousEmail, DeliveryState.SENT, previousReply, now);
                }
                boolean allowed = quota == null || claimedOrSentSince(quota.since().toString()) < quota.limit();
                if (allowed) {
                    upsertSending(issueId, email, messageId, relay, now);
                }
                commit.execute();
                return allowed;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    private void upsertSending(String issueId, String email, String messageId, String relay, String now) throws SQLException {
        upsertSending.setString(1, issueId);
        upsertSending.setString(2, key(email));
        upsertSending.setString(3, email);
        upsertSending.setString(4, messageId);
        upsertSending.setString(5, now);
        upsertSending.setString(6, now);
        upsertSending.setString(7, relay);
        upsertSending.executeUpdate();
    }

    @Override
    public synchronized void markSent(String issueId, String email, String reply) {
        setState(issueId, email, DeliveryState.SENT, reply);
    }

    @Override
    public synchronized void markFailed(String issueId, String email, String reply) {
        setState(issueId, email, DeliveryState.FAILED, reply);
    }

    /** A temporary failure: the recipient goes back to pending, to be retried by this run or the next. */
    @Override
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
    @Override
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
    @Override
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
    @Override
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
    @Override
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

    /** The issue ids: the primary key's first column, so SQLite reads them off its b-tree. */
    @Override
    public synchronized List<String> issueIds() {
        List<String> ids = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT DISTINCT issue_id FROM deliveries ORDER BY issue_id")) {
            while (row.next()) {
                ids.add(row.getString(1));
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
        return ids;
    }

    @Override
    public synchronized List<SentMessage> messagesOf(String issueId) {
        List<SentMessage> messages = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT message_id, issue_id, email, state FROM deliveries WHERE issue_id = ?")) {
            query.setString(1, issueId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    messages.add(new SentMessage(row.getString(1), row.getString(2), row.getString(3), DeliveryState.parse(row.getString(4))));
                }
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
        return messages;
    }

    /**
     * Messages sent or in flight (any issue) since the given moment: what the rolling quota of
     * --daily-limit has spent. A message in flight counts: it may be delivered, and a crash may
     * leave it so.
     */
    @Override
    public synchronized long claimedOrSentSince(Instant since) {
        try {
            return claimedOrSentSince(since.toString());
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    private long claimedOrSentSince(String since) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COUNT(*) FROM deliveries WHERE state IN ('sent', 'sending') AND updated_at >= ?")) {
            query.setString(1, since);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /** How many of the issue's recipients were sent through each relay; rows from before relays were recorded under {@link #UNRECORDED_RELAY}. */
    @Override
    public synchronized Map<String, Long> sentThrough(String issueId) {
        Map<String, Long> relays = new java.util.TreeMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT relay, COUNT(*) FROM deliveries WHERE issue_id = ? AND state = 'sent' GROUP BY relay")) {
            query.setString(1, issueId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String relay = rows.getString(1);
                    relays.put(relay == null ? UNRECORDED_RELAY : relay, rows.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
        return relays;
    }

    /** Closes this object's prepared statements, leaving the connection to its owner. */
    private void closeStatements() throws SQLException {
        for (PreparedStatement statement : List.of(selectState, upsertSending, updateState, begin, beginImmediate, commit, rollback)) {
            statement.close();
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
        if (firstFailure == null) {
            firstFailure = reason(e);
        }
        // After a first failure (a full disk), sqlite-jdbc may fail the next statement with a reason of
        // its own ("statement is not executing"); the first one is what the editor must fix.
        return new LedgerException(file + ": cannot " + action + " the send ledger: " + firstFailure
                + "; nothing recorded so far is lost, and re-running after fixing it is safe", e);
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "the file or its directory is read-only";
        }
        if (e instanceof java.nio.file.FileSystemException fileSystem) {
            return fileSystem.getReason() == null ? e.getClass().getSimpleName() : fileSystem.getReason();
        }
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
