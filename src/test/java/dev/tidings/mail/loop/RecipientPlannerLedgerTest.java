package dev.tidings.mail.loop;

import dev.tidings.mail.Ledger;
import dev.tidings.mail.ledger.SqliteLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The planner skips per-row ledger lookups for an issue the ledger has never seen, and only then:
 * against a real SQLite ledger, the decisions are those of the lookups.
 */
class RecipientPlannerLedgerTest {
    @TempDir
    Path dir;

    @Test
    void aFirstRunAndARerunDecideFromTheLedger() throws Exception {
        Path list = Files.writeString(dir.resolve("list.csv"), "email,name\na@example.org,A\nb@example.org,B\nc@example.org,C\n");
        try (Ledger ledger = SqliteLedger.open(dir.resolve("ledger.db"), Clock.systemUTC())) {
            assertFalse(ledger.hasDeliveries("issue-1"));
            assertEquals(List.of("SEND", "SEND", "SEND"), decisions(list, ledger, "issue-1"));

            ledger.markSending("issue-1", "a@example.org", "<1@example.org>");
            ledger.markSent("issue-1", "a@example.org", "250 ok");
            ledger.markSending("issue-1", "B@example.org", "<2@example.org>");
            assertTrue(ledger.hasDeliveries("issue-1"));
            assertFalse(ledger.hasDeliveries("issue-2"), "another issue of the same ledger is still new");
            assertEquals(List.of("ALREADY_SENT", "UNCERTAIN", "SEND"), decisions(list, ledger, "issue-1"));
            assertEquals(List.of("SEND", "SEND", "SEND"), decisions(list, ledger, "issue-2"));
        }
    }

    private static List<String> decisions(Path list, Ledger ledger, String issueId) throws InterruptedException {
        List<String> decisions = new ArrayList<>();
        new RecipientPlanner(list, issueId, ledger, Suppressions.none(), false, false)
                .forEach((row, decision) -> decisions.add(decision.name()));
        return decisions;
    }

    /** Issue 20: the failures a re-run still exits 3 for are those the list has as subscribed, each address once. */
    @Test
    void theFailuresStillSubscribedAreCountedOncePerAddressAndOnlyWhileTheListSaysSubscribed() throws Exception {
        Path list = Files.writeString(dir.resolve("failed.csv"), "email,status\n"
                + "Gone@x.example,subscribed\n"     // failed, still subscribed: counts
                + "gone@X.example,subscribed\n"     // its duplicate: not twice
                + "bounced@x.example,bounced\n"     // failed, dealt with
                + "left@x.example,unsubscribed\n"   // failed, dealt with
                + "fine@x.example,subscribed\n");   // never failed
        RecipientPlanner planner = new RecipientPlanner(list, "issue", null, Suppressions.none(), false, false);
        assertEquals(1, planner.stillSubscribed(java.util.Set.of("gone@x.example", "bounced@x.example", "left@x.example",
                "removed@x.example")));
        assertEquals(0, planner.stillSubscribed(java.util.Set.of()));
    }
}
