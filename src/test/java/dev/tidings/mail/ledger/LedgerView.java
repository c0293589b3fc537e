package dev.tidings.mail.ledger;

import dev.tidings.mail.Ledger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a send ledger with plain SQL, independently of {@link Ledger}, so that tests check what is
 * really in the file rather than what the code under test says is in it.
 */
public final class LedgerView {
    private final Path file;

    public LedgerView(Path file) {
        this.file = file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /** Address (lower-cased) to state label (pending, sending, sent, failed) for one issue. */
    public Map<String, String> states(String issueId) {
        Map<String, String> states = new TreeMap<>();
        if (!exists()) {
            return states;
        }
        query("SELECT address, state FROM deliveries WHERE issue_id = ?", row -> states.put(row.getString(1), row.getString(2)), issueId);
        return states;
    }

    /** Address to last SMTP reply for one issue. */
    public Map<String, String> replies(String issueId) {
        Map<String, String> replies = new TreeMap<>();
        query("SELECT address, last_reply FROM deliveries WHERE issue_id = ?", row -> replies.put(row.getString(1), row.getString(2)), issueId);
        return replies;
    }

    public long count(String issueId, String state) {
        return states(issueId).values().stream().filter(state::equals).count();
    }

    public long rows() {
        if (!exists()) {
            return 0;
        }
        long[] rows = {0};
        query("SELECT COUNT(*) FROM deliveries", row -> rows[0] = row.getLong(1));
        return rows[0];
    }

    /** SQLite's own verdict on the file: "ok" when it is intact. */
    public String integrity() {
        StringBuilder verdict = new StringBuilder();
        query("PRAGMA integrity_check", row -> verdict.append(row.getString(1)));
        return verdict.toString();
    }

    /** Moves every delivery of the ledger back in time, as if the runs had happened that long ago. */
    public void age(Duration by) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             PreparedStatement rows = connection.prepareStatement("SELECT issue_id, address, updated_at FROM deliveries");
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE deliveries SET updated_at = ?, created_at = ? WHERE issue_id = ? AND address = ?")) {
            try (ResultSet row = rows.executeQuery()) {
                while (row.next()) {
                    String earlier = Instant.parse(row.getString(3)).minus(by).toString();
                    update.setString(1, earlier);
                    update.setString(2, earlier);
                    update.setString(3, row.getString(1));
                    update.setString(4, row.getString(2));
                    update.addBatch();
                }
            }
            update.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }

    private interface RowHandler {
        void row(ResultSet row) throws SQLException;
    }

    private void query(String sql, RowHandler handler, String... parameters) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    handler.row(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }
}
