package dev.tidings.mail.loop;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import dev.tidings.mail.MailConnection;
import dev.tidings.mail.MailConnector;
import dev.tidings.mail.SendOptions;
import dev.tidings.mail.SendProgress;
import dev.tidings.mail.SendReport;
import dev.tidings.mail.Survey;
import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.RenderFixtures;
import dev.tidings.render.TemplateSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the send decides before anything goes out, now that the command line only asks and
 * prints: a list with invalid rows is shown, then refused unless told to skip them; a proof's
 * addresses are checked before any connection.
 */
class SendJobRefusalsTest {
    @TempDir
    Path dir;

    private final AtomicInteger connections = new AtomicInteger();
    private final MailConnector connector = new MailConnector() {
        @Override
        public MailConnection open() {
            connections.incrementAndGet();
            throw new AssertionError("nothing may connect");
        }

        @Override
        public String describe() {
            return "smtp://relay.test:25";
        }
    };
    private PreparedIssue issue;
    private Path list;

    @BeforeEach
    void prepare() throws IOException {
        issue = RenderFixtures.prepare(RenderFixtures.load(RenderFixtures.SAMPLE), TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET);
        list = Files.writeString(dir.resolve("list.csv"), "email,name\nann@example.org,Ann\nnot-an-address,Bad\nbo@example.org,Bo\n");
    }

    private SendJob job(SendOptions options) {
        return new SendJob(issue, new MessageBuilder(Clock.systemUTC()), new InMemoryLedgerStore(new InMemoryLedger.Events()), Clock.systemUTC(), options);
    }

    private SendOptions options() {
        return SendOptions.defaults().forList(list, dir.resolve("ledger.db"), dir.resolve("suppressed.txt"));
    }

    @Test
    void aListWithInvalidRowsIsShownThenRefusedBeforeTheQuestion() {
        List<Survey> shown = new ArrayList<>();
        AtomicInteger asked = new AtomicInteger();
        TidingsException refused = assertThrows(TidingsException.class, () -> job(options()).send(connector, shown::add,
                survey -> asked.incrementAndGet() > 0, SendProgress.NONE));
        assertEquals(ExitStatus.INVALID_INPUT, refused.status());
        assertEquals(list + ": 1 invalid row(s), listed above; nothing was sent. Fix them, or add --skip-invalid to send to the"
                + " valid rows", refused.getMessage());
        assertEquals(1, shown.size(), "the survey (which names the rows) is shown first");
        assertEquals(1, shown.get(0).invalid());
        assertEquals(0, asked.get(), "nobody is asked about a list that is refused");
        assertEquals(0, connections.get());
    }

    @Test
    void skippingInvalidRowsTheQuestionIsAskedAndNoStopsTheSend() {
        SendReport report = job(options().skippingInvalidRows()).send(connector, survey -> { }, survey -> false, SendProgress.NONE);
        assertEquals(SendReport.Kind.DECLINED, report.kind());
        assertEquals(2, report.survey().toSend());
        assertEquals(ExitStatus.OK, report.status());
        assertEquals(0, connections.get());
    }

    @Test
    void aDryRunSaysWhetherARealSendWouldRefuseTheList() {
        SendReport refused = job(options()).rehearse(SendProgress.NONE);
        assertEquals(2, refused.counts().sent());
        assertTrue(refused.bytes() > 0);
        assertTrue(refused.listRefused());
        assertTrue(!job(options().skippingInvalidRows()).rehearse(SendProgress.NONE).listRefused());
    }

    @Test
    void aProofToABadAddressIsRefusedBeforeAnyConnection() {
        TidingsException refused = assertThrows(TidingsException.class, () -> Proof.send(issue, new MessageBuilder(Clock.systemUTC()),
                connector, List.of(" ann@example.org", "no-at-sign"), options(), SendProgress.NONE));
        assertEquals(ExitStatus.USAGE, refused.status());
        assertTrue(refused.getMessage().startsWith("--test-to 'no-at-sign' "), refused.getMessage());
        assertEquals(0, connections.get());
    }
}
