package dev.tidings.mail.ledger;

import dev.tidings.mail.DeliveryState;
import dev.tidings.mail.Ledger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The sweep's look-up of the messages a ledger records, on a real SQLite file. */
class LedgerByMessageIdTest {
    @TempDir
    Path dir;

    @Test
    void messagesAreFoundByMessageIdAcrossIssuesAndBatches() {
        Path file = dir.resolve("ledger.db");
        List<String> ids = new ArrayList<>();
        try (Ledger ledger = SqliteLedger.open(file, Clock.systemUTC())) {
            for (int i = 0; i < 1_200; i++) { // more than two statements' worth of IDs
                String id = "<issue-" + (i % 2) + "." + i + "@news.example>";
                ledger.markSending("issue-" + (i % 2), "Reader" + i + "@Example.org", id);
                if (i % 3 == 0) {
                    ledger.markSent("issue-" + (i % 2), "reader" + i + "@example.org", "250 ok");
                }
                ids.add(id);
            }
        }
        ids.add("<never-sent@news.example>");
        try (Ledger ledger = SqliteLedger.open(file, Clock.systemUTC())) {
            Map<String, Ledger.SentMessage> found = ledger.byMessageId(ids);
            assertEquals(1_200, found.size());
            assertEquals(new Ledger.SentMessage("<issue-1.7@news.example>", "issue-1", "Reader7@Example.org", DeliveryState.SENDING),
                    found.get("<issue-1.7@news.example>"));
            assertEquals(DeliveryState.SENT, found.get("<issue-0.600@news.example>").state());
            assertEquals(Map.of(), ledger.byMessageId(List.of()));
        }
        assertEquals(1_200, new LedgerView(file).rows(), "read only: nothing added");
    }

    /** What a VERP bounce's token is checked against: the issues, and every message of one, as written. */
    @Test
    void theIssuesAndEachIssuesMessagesAreListedForVerp() {
        Path file = dir.resolve("ledger.db");
        try (Ledger ledger = SqliteLedger.open(file, Clock.systemUTC())) {
            ledger.markSending("issue-b", "Reader1@Example.org", "<b.1@news.example>");
            ledger.markSending("issue-a", "reader2@example.org", "<a.2@news.example>");
            ledger.markSent("issue-a", "reader2@example.org", "250 ok");
            ledger.markSending("issue-a", "reader3@example.org", "<a.3@news.example>");
        }
        try (Ledger ledger = SqliteLedger.open(file, Clock.systemUTC())) {
            assertEquals(List.of("issue-a", "issue-b"), ledger.issueIds());
            assertEquals(java.util.Set.of(
                    new Ledger.SentMessage("<a.2@news.example>", "issue-a", "reader2@example.org", DeliveryState.SENT),
                    new Ledger.SentMessage("<a.3@news.example>", "issue-a", "reader3@example.org", DeliveryState.SENDING)),
                    java.util.Set.copyOf(ledger.messagesOf("issue-a")));
            assertEquals(List.of(new Ledger.SentMessage("<b.1@news.example>", "issue-b", "Reader1@Example.org", DeliveryState.SENDING)),
                    ledger.messagesOf("issue-b"));
            assertEquals(List.of(), ledger.messagesOf("issue-c"));
        }
        assertEquals(3, new LedgerView(file).rows(), "read only: nothing added");
    }
}
