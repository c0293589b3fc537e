package dev.tidings.mail.loop;

import dev.tidings.ExitStatus;
import dev.tidings.mail.DeliveryState;
import dev.tidings.mail.MailConnection;
import dev.tidings.mail.MailConnector;
import dev.tidings.mail.SendCounters;
import dev.tidings.mail.SendOptions;
import dev.tidings.mail.SendProgress;
import dev.tidings.mail.SendReport;
import dev.tidings.mail.StopReason;
import dev.tidings.mail.ledger.SqliteLedgerStore;
import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.mail.mime.OutgoingMessage;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.RenderFixtures;
import dev.tidings.render.TemplateSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The send loop against a scripted connector and a real ledger file: what happens when a
 * sending thread fails in a way no SMTP reply explains (issue 16, finding 1). Before, a worker
 * caught only RuntimeException: an Error killed the thread, the run ended with its recipients
 * neither sent nor failed, and the report said "done", exit 0.
 */
class SendLoopFailuresTest {
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void anErrorInASendingThreadStopsTheRunWithExitFourAndTheLedgerTellsTheRest() throws IOException {
        AtomicInteger sends = new AtomicInteger();
        SendReport report = send(20, message -> {
            if (sends.incrementAndGet() == 4) {
                throw new OutOfMemoryError("Java heap space (scripted)");
            }
            return "250 2.0.0 OK";
        });
        assertEquals(ExitStatus.TEMPORARY_FAILURE, report.status());
        assertEquals(StopReason.Kind.INTERNAL, report.stop().kind());
        assertTrue(report.stop().message().contains("OutOfMemoryError: Java heap space (scripted)"), report.stop().message());
        long sent = report.inState(DeliveryState.SENT);
        assertEquals(3, sent, "the three before it were delivered and recorded");
        assertEquals(1, report.inState(DeliveryState.SENDING), "the one it broke on may have gone out: uncertain, not resent");
        assertEquals(20 - sent - report.inState(DeliveryState.SENDING), report.unsent(), "the rest: planned, without an outcome");
        assertTrue(report.unsent() > 0);
    }

    @Test
    void aStackOverflowOutsideATemplateStopsTheRunToo() throws IOException {
        SendReport report = send(5, message -> {
            throw new StackOverflowError();
        });
        assertEquals(ExitStatus.TEMPORARY_FAILURE, report.status());
        assertEquals(StopReason.Kind.INTERNAL, report.stop().kind());
        assertEquals(0, report.inState(DeliveryState.SENT));
    }

    @Test
    void aVerdictWithPlannedRecipientsLeftIsNeverDoneEvenWithoutAStopReason() {
        SendReport report = new SendReport(SendReport.Kind.SEND, null, new SendCounters(3, 0, 0, 0, 0), null, 0, false,
                Map.of(DeliveryState.SENT, 3L), List.of(), List.of(), 2, "smtp://relay.test:25", Map.of(), null);
        assertEquals(ExitStatus.TEMPORARY_FAILURE, report.status());
    }

    private SendReport send(int subscribers, Function<OutgoingMessage, String> relay) throws IOException {
        StringBuilder csv = new StringBuilder("email,name\n");
        for (int i = 1; i <= subscribers; i++) {
            csv.append("reader").append(i).append("@example.org,Reader ").append(i).append('\n');
        }
        Path list = Files.writeString(dir.resolve("list.csv"), csv);
        PreparedIssue issue = RenderFixtures.prepare(RenderFixtures.load(RenderFixtures.SAMPLE), TemplateSet.defaultTheme(),
                RenderFixtures.TEST_SECRET);
        SendOptions options = SendOptions.defaults().forList(list, dir.resolve("ledger.db"), dir.resolve("suppressed.txt"))
                .withConnections(1).withRetries(0, Duration.ZERO); // one thread: in order
        SendJob job = new SendJob(issue, new MessageBuilder(Clock.systemUTC()), new SqliteLedgerStore(), Clock.systemUTC(), options);
        return assertTimeoutPreemptively(DEADLINE, () -> job.send(new ScriptedConnector(relay), survey -> { }, survey -> true,
                SendProgress.NONE));
    }

    /** A relay in memory: each message gets what the script says, or the Error it throws. */
    private record ScriptedConnector(Function<OutgoingMessage, String> script) implements MailConnector {
        @Override
        public MailConnection open() {
            return new MailConnection() {
                @Override
                public String send(OutgoingMessage message) {
                    return script.apply(message);
                }

                @Override
                public boolean usable() {
                    return true;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public String describe() {
            return "scripted";
        }
    }
}
