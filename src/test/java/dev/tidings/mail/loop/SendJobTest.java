package dev.tidings.mail.loop;

import dev.tidings.ExitStatus;
import dev.tidings.mail.DeliveryState;
import dev.tidings.mail.SendOptions;
import dev.tidings.mail.SendProgress;
import dev.tidings.mail.SendCounters;
import dev.tidings.mail.SendReport;
import dev.tidings.mail.StopReason;
import dev.tidings.mail.Survey;
import dev.tidings.subscribers.ListEvent;
import dev.tidings.subscribers.ListJournal;
import dev.tidings.mail.loop.ScriptedRelay.Reply;
import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.RenderFixtures;
import dev.tidings.render.TemplateSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A whole {@link SendJob} (plan, lock, loop, report) against a ledger store in memory and a scripted
 * relay: the verdict is 0 only when the ledger shows every planned recipient sent, a re-run sends
 * only to those not yet sent, a dry run makes no ledger, and a send to a mail catcher is recorded
 * in a throwaway ledger, never in the issue's.
 */
class SendJobTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final List<String> LIST = List.of("ada@example.org", "ben@example.org", "cy@example.org");

    private static PreparedIssue issue;

    @TempDir
    Path dir;

    private final InMemoryLedger.Events events = new InMemoryLedger.Events();
    private final Clock clock = Clock.fixed(ScriptedLoop.NOW, ZoneOffset.UTC);
    private final InMemoryLedgerStore store = new InMemoryLedgerStore(events);
    private final ScriptedRelay relay = new ScriptedRelay(events);

    @BeforeAll
    static void prepareIssue() {
        issue = RenderFixtures.prepare(RenderFixtures.load(RenderFixtures.SAMPLE), TemplateSet.defaultTheme(),
                RenderFixtures.TEST_SECRET);
    }

    private SendReport send(SendOptions options) throws IOException {
        SendJob job = job(options);
        return assertTimeoutPreemptively(DEADLINE, () -> job.send(relay, survey -> { }, survey -> true, SendProgress.NONE));
    }

    private SendJob job(SendOptions options) throws IOException {
        Path list = dir.resolve("list.csv");
        Files.writeString(list, "email\n" + String.join("\n", LIST) + "\n");
        return new SendJob(issue, new MessageBuilder(clock), store, clock,
                options.forList(list, store.in(dir), dir.resolve("suppressed.txt")));
    }

    @Test
    void aDryRunBuildsEveryMessageAndMakesNoLedger() throws IOException {
        SendReport rehearsal = job(ScriptedLoop.inOrder(0)).rehearse(SendProgress.NONE);
        assertEquals(3, rehearsal.counts().sent());
        assertFalse(store.exists(store.in(dir)), "a dry run reads a ledger if there is one, and never makes one");
        assertEquals(0, relay.opened());
    }

    @Test
    void aSendToAMailCatcherIsARehearsalRecordedInAThrowawayLedgerNotTheIssues() throws IOException {
        relay.greeting("220 localhost GreenMail SMTP Service v2.1.8 ready");
        SendReport report = send(ScriptedLoop.inOrder(0));
        assertEquals("GreenMail", report.rehearsal());
        assertEquals(3, report.counts().sent());
        assertEquals(0, store.ledger(store.in(dir), clock).counts(issue.digest().issue().id()).get(DeliveryState.SENT),
                "the real send must still reach everyone");
    }

    @Test
    void everyPlannedRecipientSentIsDone() throws IOException {
        SendReport report = send(ScriptedLoop.inOrder(0));
        assertEquals(ExitStatus.OK, report.status());
        assertEquals(3, report.inState(DeliveryState.SENT));
        assertEquals(0, report.unsent());
    }

    /**
     * serve acknowledged ben's unsubscribe and cy's unsubscribe then resubscribe, and was killed
     * before writing them into the list: the send honours the journal, the last event winning.
     */
    @Test
    void anUnsubscribeAcknowledgedByServeButNotYetInTheListIsHonoured() throws IOException {
        SendJob job = job(ScriptedLoop.inOrder(0));
        Path list = dir.resolve("list.csv");
        try (ListJournal journal = ListJournal.open(list, new ListJournal.Batching(Duration.ofDays(1), Integer.MAX_VALUE), e -> { })) {
            journal.record(new ListEvent(ListEvent.Kind.UNSUBSCRIBED, "Ben@Example.org", null, ScriptedLoop.NOW, "one-click"));
            journal.record(new ListEvent(ListEvent.Kind.UNSUBSCRIBED, "cy@example.org", null, ScriptedLoop.NOW, "page"));
            journal.record(new ListEvent(ListEvent.Kind.SUBSCRIBED, "cy@example.org", null, ScriptedLoop.NOW, "resubscribe"));
            SendReport report = assertTimeoutPreemptively(DEADLINE, () -> job.send(relay, survey -> { }, survey -> true, SendProgress.NONE));
            assertEquals(ExitStatus.OK, report.status());
            assertEquals(2, report.inState(DeliveryState.SENT), "ada and cy");
            assertEquals(1, report.survey().count(Survey.Decision.SUPPRESSED), "ben");
            assertEquals("email\nada@example.org\nben@example.org\ncy@example.org\n", Files.readString(list), "not applied yet");
        }
    }

    @Test
    void subscribersAddedWhileARunSendsAreNamedAsNewcomersNotAsLostRecipients() throws IOException {
        SendJob job = job(ScriptedLoop.inOrder(0));
        Path list = dir.resolve("list.csv");
        // tidings serve or subscribers add replaces the list (a new file renamed over it) once this run
        // is under way, reading the version it planned
        java.util.concurrent.atomic.AtomicBoolean replaced = new java.util.concurrent.atomic.AtomicBoolean();
        SendProgress meanwhile = new SendProgress() {
            @Override
            public void advanced(SendCounters counters) {
                if (!replaced.getAndSet(true)) {
                    try {
                        Path edited = Files.writeString(dir.resolve(".list.csv.edit"), Files.readString(list) + "dee@example.org\nemi@example.org\n");
                        Files.move(edited, list, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        };
        SendReport report = assertTimeoutPreemptively(DEADLINE, () -> job.send(relay, survey -> { }, survey -> true, meanwhile));
        assertEquals(3, report.inState(DeliveryState.SENT), "the three planned");
        assertEquals(2, report.unsent(), "the two added meanwhile");
        assertEquals(StopReason.Kind.LIST_CHANGED, report.stop().kind(), String.valueOf(report.stop()));
        assertTrue(report.stop().message().startsWith("the list changed while this run sent: 2 subscriber(s)"), report.stop().message());
        assertEquals(ExitStatus.TEMPORARY_FAILURE, report.status(), "work left: a re-run sends to them");
        SendJob rerun = new SendJob(issue, new MessageBuilder(clock), store, clock,
                ScriptedLoop.inOrder(0).forList(list, store.in(dir), dir.resolve("suppressed.txt")));
        SendReport again = assertTimeoutPreemptively(DEADLINE, () -> rerun.send(relay, survey -> { }, survey -> true, SendProgress.NONE));
        assertEquals(ExitStatus.OK, again.status());
        assertEquals(5, relay.messageIds().size(), "the re-run sent to the newcomers only");
    }

    @Test
    void aPermanentFailureIsExitThreeAndARunAfterItSendsNothingAndStillSaysSo() throws IOException {
        relay.script("ben@example.org", Reply.CONTENT_REFUSED);
        assertEquals(ExitStatus.PERMANENT_FAILURES, send(ScriptedLoop.inOrder(0)).status());
        SendReport again = send(ScriptedLoop.inOrder(0));
        assertEquals(0, again.counts().done(), "nothing left to send");
        assertEquals(3, relay.messageIds().size(), "the re-run sent nobody a second copy");
        assertEquals(ExitStatus.PERMANENT_FAILURES, again.status());
    }

    @Test
    void anUncertainRecipientIsNotDone() throws IOException {
        relay.script("cy@example.org", Reply.NO_ANSWER);
        SendReport report = send(ScriptedLoop.inOrder(0));
        assertNull(report.stop());
        assertEquals(1, report.inState(DeliveryState.SENDING));
        assertEquals(ExitStatus.PERMANENT_FAILURES, report.status());
    }

    @Test
    void aRecipientLeftForTheNextRunIsExitFourAndTheNextRunSendsOnlyToThem() throws IOException {
        relay.script("ada@example.org", Reply.TEMPORARY);
        SendReport first = send(ScriptedLoop.inOrder(0));
        assertEquals(ExitStatus.TEMPORARY_FAILURE, first.status());
        assertEquals(1, first.counts().deferred());
        SendReport second = send(ScriptedLoop.inOrder(0));
        assertEquals(ExitStatus.OK, second.status());
        assertEquals(1, second.counts().sent());
        assertEquals(4, relay.messageIds().size());
    }

    @Test
    void aQuotaSpentBeforeTheRunConnectsToNobodyAndIsExitFour() throws IOException {
        InMemoryLedger ledger = store.ledger(store.in(dir), clock);
        ledger.put("an-earlier-issue", "earlier@example.org", DeliveryState.SENT, ScriptedLoop.NOW.minus(Duration.ofHours(1)), null);
        SendReport report = send(SendOptions.defaults().withConnections(1).withRetries(0, Duration.ZERO).withDailyLimit(1));
        assertEquals(StopReason.Kind.DAILY_LIMIT, report.stop().kind());
        assertEquals(0, relay.opened(), "no login to the relay when nothing may be sent");
        assertEquals(3, report.unsent());
        assertEquals(ExitStatus.TEMPORARY_FAILURE, report.status());
    }

    @Test
    void aLedgerFailingMidRunIsExitFourWithTheRestUnsent() throws IOException {
        store.ledger(store.in(dir), clock).failFrom("claim", 2);
        SendReport report = send(ScriptedLoop.inOrder(0));
        assertEquals(StopReason.Kind.LEDGER, report.stop().kind());
        assertEquals(1, report.inState(DeliveryState.SENDING) + report.inState(DeliveryState.SENT),
                "the first went out; its 250 is recorded, or it is uncertain if it was to be written with the claim that failed");
        assertEquals(2, report.unsent());
        assertEquals(ExitStatus.TEMPORARY_FAILURE, report.status());
    }
}
