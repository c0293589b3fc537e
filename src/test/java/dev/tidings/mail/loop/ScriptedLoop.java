package dev.tidings.mail.loop;

import dev.tidings.mail.SendOptions;
import dev.tidings.mail.SendProgress;
import dev.tidings.mail.SendReport;
import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;
import dev.tidings.render.RenderFixtures;
import dev.tidings.render.TemplateSet;
import org.junit.jupiter.api.BeforeAll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What the send loop's unit tests run on: the sample issue, a ledger in memory, a scripted relay
 * that logs each message it is handed (with the recipient's ledger state at that moment) in the
 * same event log as the ledger's writes, a fixed clock, and suppressions in memory. No back-off is
 * waited for: the tests' retry delay is zero unless a test needs one that is never due.
 */
abstract class ScriptedLoop {
    /** Only a hung loop takes this long; a healthy run takes milliseconds. */
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    static PreparedIssue issue;
    static String issueId;

    final InMemoryLedger.Events events = new InMemoryLedger.Events();
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final InMemoryLedger ledger = new InMemoryLedger(clock, events);
    final ScriptedRelay relay = new ScriptedRelay(events).probe(email -> ledger.stateOf(issueId, email));
    final Suppressions suppressions = Suppressions.none();

    @BeforeAll
    static void prepareIssue() {
        if (issue == null) {
            issue = RenderFixtures.prepare(RenderFixtures.load(RenderFixtures.SAMPLE), TemplateSet.defaultTheme(),
                    RenderFixtures.TEST_SECRET);
            issueId = issue.digest().issue().id();
        }
    }

    /** One connection (recipients in list order), the given retries, no back-off delay, no daily limit. */
    static SendOptions inOrder(int retries) {
        return SendOptions.defaults().withConnections(1).withRetries(retries, Duration.ZERO);
    }

    /** A {@link Dispatcher} run over these recipients, in this order. */
    SendReport run(SendOptions options, String... emails) {
        Dispatcher dispatcher = new Dispatcher(issue, new MessageBuilder(clock), relay, ledger, suppressions, options, clock,
                SendProgress.NONE);
        return assertTimeoutPreemptively(DEADLINE, () -> dispatcher.run(emails.length, sink -> {
            for (String email : emails) {
                if (!sink.accept(Recipient.of(email))) {
                    return;
                }
            }
        }, null));
    }

    static String[] readers(int count) {
        String[] emails = new String[count];
        for (int i = 0; i < count; i++) {
            emails[i] = "reader" + (i + 1) + "@example.org";
        }
        return emails;
    }
}
