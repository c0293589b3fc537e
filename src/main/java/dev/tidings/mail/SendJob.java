package dev.tidings.mail;

import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * One issue to one subscriber list: survey the list, rehearse (dry run), or send for real under
 * the ledger's lock. The command line decides what to ask and print; this decides what happens.
 */
public final class SendJob {
    /** How many failed or uncertain recipients a report names. */
    static final int NAMED_IN_REPORT = 50;

    /**
     * @param ledgerFile  the send ledger
     * @param bounceFile  where hard bounces are appended (and read from)
     * @param suppressFiles further --suppress files
     */
    public record Settings(Path list, Path ledgerFile, Path bounceFile, List<Path> suppressFiles, SendOptions options) {
        public Settings {
            suppressFiles = List.copyOf(suppressFiles);
        }
    }

    /** What a dry run found: every message rendered and built, nothing sent. */
    public record Rehearsal(Survey survey, long messages, long bytes, long largestHtml) {
    }

    private final PreparedIssue issue;
    private final MessageBuilder builder;
    private final Clock clock;
    private final Settings settings;

    public SendJob(PreparedIssue issue, MessageBuilder builder, Clock clock, Settings settings) {
        this.issue = issue;
        this.builder = builder;
        this.clock = clock;
        this.settings = settings;
    }

    private String issueId() {
        return issue.digest().issue().id();
    }

    private Suppressions suppressions() {
        return Suppressions.load(settings.bounceFile(), settings.suppressFiles(), clock);
    }

    /** Renders and builds every message that a send would send, without a connection and without writing the ledger. */
    public Rehearsal rehearse(SendProgress progress) {
        try (Ledger ledger = Files.exists(settings.ledgerFile()) ? Ledger.open(settings.ledgerFile(), clock) : null) {
            RecipientPlanner planner = planner(ledger, suppressions());
            Survey survey = planner.survey();
            long[] totals = new long[3];
            progress.started(survey.toSend());
            planner.forEach((row, decision) -> {
                if (decision == RecipientPlanner.Decision.SEND) {
                    var email = issue.render(Recipient.of(row.subscriber()));
                    totals[0]++;
                    totals[1] += builder.outgoing(issue.digest(), email).content().length;
                    totals[2] = Math.max(totals[2], email.htmlLength());
                    progress.advanced(new SendCounters(totals[0], 0, 0, 0, 0));
                }
            });
            progress.finished(new SendCounters(totals[0], 0, 0, 0, 0));
            return new Rehearsal(survey, totals[0], totals[1], totals[2]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Sends for real: takes the lock (a second send of the same issue stops here), surveys the
     * list against the ledger, asks {@code proceed} (the confirmation), then sends.
     *
     * @param proceed sees the survey; false ends the job before anything is sent (returns null)
     */
    public SendReport send(MailConnector connector, Predicate<Survey> proceed, SendProgress progress) {
        warmUp();
        try (LedgerLock lock = LedgerLock.acquire(settings.ledgerFile(), issueId());
             Ledger ledger = Ledger.open(settings.ledgerFile(), clock)) {
            Suppressions suppressions = suppressions();
            RecipientPlanner planner = planner(ledger, suppressions);
            Survey survey = planner.survey();
            if (!proceed.test(survey)) {
                return null;
            }
            long quota = quota(ledger);
            Dispatcher dispatcher = new Dispatcher(issue, builder, connector, ledger, suppressions,
                    settings.options(), quota, progress);
            SendResult result = dispatcher.run(survey.toSend(), sink -> planner.forEach((row, decision) -> {
                if (decision == RecipientPlanner.Decision.SEND && !sink.accept(Recipient.of(row.subscriber()))) {
                    throw new Dispatcher.SourceStopped();
                }
            }));
            return report(ledger, survey, result);
        }
    }

    /** A proof for the editor (--test-to): not recorded as a delivery, so the real send still reaches them. */
    public static SendResult proof(PreparedIssue issue, MessageBuilder builder, MailConnector connector,
                                   List<Recipient> recipients, SendOptions options, SendProgress progress) {
        Dispatcher dispatcher = new Dispatcher(issue, builder, connector, null, Suppressions.none(),
                options, Long.MAX_VALUE, progress);
        return dispatcher.run(recipients.size(), sink -> {
            for (Recipient recipient : recipients) {
                if (!sink.accept(recipient)) {
                    return;
                }
            }
        });
    }

    /** The status of this issue in the ledger, as {@code tidings status} shows it. */
    public static SendReport status(Path ledgerFile, String issueId, Clock clock) {
        try (Ledger ledger = Ledger.open(ledgerFile, clock)) {
            return new SendReport(null, null, ledger.counts(issueId),
                    ledger.inState(issueId, DeliveryState.FAILED, NAMED_IN_REPORT),
                    ledger.inState(issueId, DeliveryState.SENDING, NAMED_IN_REPORT));
        }
    }

    private SendReport report(Ledger ledger, Survey survey, SendResult result) {
        return new SendReport(survey, result, ledger.counts(issueId()),
                ledger.inState(issueId(), DeliveryState.FAILED, NAMED_IN_REPORT),
                ledger.inState(issueId(), DeliveryState.SENDING, NAMED_IN_REPORT));
    }

    private long quota(Ledger ledger) {
        long limit = settings.options().dailyLimit();
        if (limit <= 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, limit - ledger.sentSince(clock.instant().minus(Duration.ofHours(24))));
    }

    private RecipientPlanner planner(Ledger ledger, Suppressions suppressions) {
        return new RecipientPlanner(settings.list(), issueId(), ledger, suppressions, settings.options().resendUncertain(),
                settings.options().retryFailed(), settings.options().shard());
    }

    /**
     * Renders and builds one message for a sample reader on a spare core while this thread opens
     * the ledger and surveys the list: the first real message then finds its recipient shape's
     * stencil built (usually: a list with names has the sample's shape) and the code warm, instead
     * of holding up the first connection. Nothing of it is kept or sent; a failure here is left for
     * the real message to report.
     */
    private void warmUp() {
        Thread thread = new Thread(() -> {
            try {
                builder.outgoing(issue.digest(), issue.render(Recipient.sample()));
            } catch (RuntimeException e) {
                // the same template fails again for a real recipient, and is reported there
            }
        }, "tidings-warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
