package dev.tidings.subscribers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tidings.subscribers.ListEvent.Kind.SUBSCRIBED;
import static dev.tidings.subscribers.ListEvent.Kind.UNSUBSCRIBED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal applied to a real CSV: bytes kept, consent recorded, idempotent, and never over another program's edit. */
class JournalApplierTest {
    private static final Instant AT = Instant.parse("2026-03-01T10:15:30.123Z");
    private static final String LIST = String.join("\r\n",
            "email,name,company",
            "\"karl.moore@example.com\" , \"Moore, Karl\" ,McGill",
            "left@example.org,Left",
            "",
            "olga@example.org,Ольга Иванова,\"a \"\"quoted\"\" co\"") + "\r\n";

    @TempDir
    Path dir;

    private Path list;
    private Path journal;

    private JournalApplier applier(ListEvent... events) throws IOException {
        list = dir.resolve("list.csv");
        if (!Files.exists(list)) {
            Files.writeString(list, LIST);
        }
        journal = ListJournal.pathFor(list);
        Files.createDirectories(journal.getParent());
        byte[] bytes = JournalRecord.header(1);
        for (ListEvent event : events) {
            bytes = ListJournalTest.concat(bytes, JournalRecord.encode(event));
        }
        Files.write(journal, bytes);
        return new JournalApplier(list, journal);
    }

    private static ListEvent subscribed(String email, String name) {
        return new ListEvent(SUBSCRIBED, email, name, AT, "form");
    }

    private static ListEvent unsubscribed(String email) {
        return new ListEvent(UNSUBSCRIBED, email, null, AT, "one-click");
    }

    private static final String APPLIED = String.join("\r\n",
            "email,name,company,status,consent_at,consent_source",
            "\"karl.moore@example.com\" , \"Moore, Karl\" ,McGill,unsubscribed",
            "left@example.org,Left,,subscribed,2026-03-01T10:15:30Z,form",
            "",
            "olga@example.org,Ольга Иванова,\"a \"\"quoted\"\" co\"",
            "ann@example.org,\"Lee, Ann\",,subscribed,2026-03-01T10:15:30Z,form") + "\r\n";

    @Test
    void eventsBecomeStatusesAndConsentWithEveryOtherByteKept() throws IOException {
        JournalApplier applier = applier(unsubscribed("left@example.org"), subscribed("ann@example.org", "Lee, Ann"),
                unsubscribed("Karl.Moore@Example.com"), subscribed("left@example.org", null), unsubscribed("nobody@example.org"));
        applier.applyTo(Files.size(journal), 1);
        assertEquals(APPLIED, Files.readString(list));
        assertEquals("1 " + Files.size(journal) + "\n", Files.readString(journal.resolveSibling("list.csv.journal.applied")));
    }

    @Test
    void theListStaysOneThatTheReaderAndTheValidatorAccept() throws IOException {
        JournalApplier applier = applier(subscribed("ann@example.org", "Lee, Ann"), unsubscribed("karl.moore@example.com"));
        applier.applyTo(Files.size(journal), 1);
        SubscriberListCheck.Result check = new SubscriberListCheck().check(list);
        assertFalse(check.hasErrors(), check.problems().toString());
        assertEquals(3, check.subscribed());
        Subscriber ann = SubscriberReader.find(list, "ann@example.org");
        assertEquals("2026-03-01T10:15:30Z", ann.fields().get("consent_at"));
        assertEquals("form", ann.fields().get("consent_source"));
        assertEquals(SubscriberStatus.UNSUBSCRIBED, SubscriberReader.find(list, "karl.moore@example.com").status());
    }

    /** A crash between the list's replacement and the checkpoint: the next start applies the same events again. */
    @Test
    void applyingAgainWithoutTheCheckpointChangesNothing() throws IOException {
        JournalApplier applier = applier(unsubscribed("left@example.org"), subscribed("ann@example.org", "Lee, Ann"),
                unsubscribed("karl.moore@example.com"), subscribed("left@example.org", null));
        applier.applyTo(Files.size(journal), 1);
        String once = Files.readString(list);
        Files.delete(journal.resolveSibling("list.csv.journal.applied"));
        Files.delete(dir.resolve("list.csv.bak"));
        new JournalApplier(list, journal).applyTo(Files.size(journal), 1);
        assertEquals(once, Files.readString(list));
        assertFalse(Files.exists(dir.resolve("list.csv.bak")), "nothing to change, so the list was not even rewritten");
    }

    @Test
    void theCheckpointKeepsAppliedEventsFromBeingAppliedAgainAndAnotherGenerationStartsOver() throws IOException {
        JournalApplier applier = applier(unsubscribed("left@example.org"));
        applier.applyTo(Files.size(journal), 1);
        // The editor sets it back by hand; the applied event must not undo that.
        Files.writeString(list, Files.readString(list).replace("left@example.org,Left,,unsubscribed", "left@example.org,Left,,subscribed"));
        applier.applyTo(Files.size(journal), 1);
        assertTrue(Files.readString(list).contains("left@example.org,Left,,subscribed"));
        assertEquals(JournalRecord.HEADER_LENGTH, applier.checkpointed(2), "a checkpoint of generation 1 says nothing of generation 2");
    }

    @Test
    void anEditByAnotherCommandWhileTheListIsRewrittenIsKeptAndTheBatchAppliedOnTop() throws IOException {
        JournalApplier applier = applier(unsubscribed("karl.moore@example.com"), subscribed("ann@example.org", null));
        AtomicInteger commits = new AtomicInteger();
        applier.beforeCommit(() -> {
            if (commits.getAndIncrement() == 0) {
                new SubscriberListEditor(list).add("zed@example.org", "Zed", false);
            }
        });
        applier.applyTo(Files.size(journal), 1);
        assertEquals(2, commits.get(), "the first rewrite was refused, the second made from the edited list");
        List<String> lines = Files.readAllLines(list);
        assertTrue(lines.contains("zed@example.org,Zed,"), lines.toString());
        assertTrue(lines.contains("\"karl.moore@example.com\" , \"Moore, Karl\" ,McGill,unsubscribed"), lines.toString());
        assertTrue(lines.contains("ann@example.org,,,subscribed,2026-03-01T10:15:30Z,form"), lines.toString());
    }

    /** Issue 20: subscribers bounce (and resubscribe, sync: the same editor) while serve applies its journal loses neither side. */
    @Test
    void aBounceWhileServesBatchIsAppliedIsKeptAndTheBatchAppliedOnTop() throws IOException {
        JournalApplier applier = applier(unsubscribed("karl.moore@example.com"), subscribed("ann@example.org", null));
        AtomicInteger commits = new AtomicInteger();
        applier.beforeCommit(() -> {
            if (commits.getAndIncrement() == 0) {
                new SubscriberListEditor(list).bounce(List.of("left@example.org"), false);
            }
        });
        applier.applyTo(Files.size(journal), 1);
        assertEquals(2, commits.get(), "the first rewrite was refused, the second made from the bounced list");
        List<String> lines = Files.readAllLines(list);
        assertTrue(lines.contains("left@example.org,Left,,bounced"), lines.toString());
        assertTrue(lines.contains("\"karl.moore@example.com\" , \"Moore, Karl\" ,McGill,unsubscribed"), lines.toString());
        assertTrue(lines.contains("ann@example.org,,,subscribed,2026-03-01T10:15:30Z,form"), lines.toString());
    }

    @Test
    void onlyUnsubscribesOfAbsentAddressesLeaveTheListUntouched() throws IOException {
        JournalApplier applier = applier(unsubscribed("nobody@example.org"));
        applier.applyTo(Files.size(journal), 1);
        assertEquals(LIST, Files.readString(list));
        assertFalse(Files.exists(dir.resolve("list.csv.bak")));
    }
    /**
     * Red team 19, finding 1: a resubscribe (the undo on the unsubscribe page) only sets an
     * unsubscribed row back to subscribed, keeping its consent; a bounced row stays bounced, and an
     * address no longer on the list (removed, perhaps erased) gets no row back.
     */
    @Test
    void aResubscribeOnlyUndoesAnUnsubscribeAndNeverAddsARow() throws IOException {
        list = dir.resolve("list.csv");
        String before = String.join("\n",
                "email,name,status,consent_at,consent_source",
                "gone@example.org,Gone,unsubscribed,2025-01-02T03:04:05Z,form",
                "dead@example.org,Dead,bounced,2025-01-02T03:04:05Z,form",
                "here@example.org,Here,,2025-01-02T03:04:05Z,form") + "\n";
        Files.writeString(list, before);
        JournalApplier applier = applier(resubscribed("gone@example.org"), resubscribed("dead@example.org"),
                resubscribed("erased@example.org"), resubscribed("here@example.org"));
        applier.applyTo(Files.size(journal), 1);
        assertEquals(before.replace("Gone,unsubscribed", "Gone,subscribed"), Files.readString(list));
    }

    @Test
    void aResubscribeOfAnAddressNoLongerOnTheListLeavesTheListUntouched() throws IOException {
        JournalApplier applier = applier(resubscribed("erased@example.org"), resubscribed("left@example.org"));
        applier.applyTo(Files.size(journal), 1);
        assertEquals(LIST, Files.readString(list));
    }

    private static ListEvent resubscribed(String email) {
        return new ListEvent(SUBSCRIBED, email, null, AT, ListEvent.RESUBSCRIBE);
    }
}
