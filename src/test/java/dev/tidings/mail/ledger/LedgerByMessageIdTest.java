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
}
