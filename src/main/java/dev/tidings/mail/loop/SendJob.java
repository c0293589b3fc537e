package dev.tidings.mail.loop;

import dev.tidings.TidingsException;
import dev.tidings.mail.DeliveryState;
import dev.tidings.mail.Ledger;
import dev.tidings.mail.LedgerException;
import dev.tidings.mail.LedgerStore;
import dev.tidings.mail.MailCatchers;
import dev.tidings.mail.MailConnection;
import dev.tidings.mail.MailConnector;
import dev.tidings.mail.SendCounters;
import dev.tidings.mail.SendOptions;
import dev.tidings.mail.SendProgress;
import dev.tidings.mail.SendReport;
import dev.tidings.mail.StopReason;
import dev.tidings.mail.Survey;
import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One issue to one subscriber list: survey the list, rehearse (dry run), or send for real under
 * the ledger's lock. The command line decides what to ask and print; this decides what happens.
 */
public final class SendJob {
    /** How many failed or uncertain recipients a report names. */
    static final int NAMED_IN_REPORT = 50;

    private final PreparedIssue issue;
    private final MessageBuilder builder;
    private final LedgerStore store;
    private final Clock clock;
    private final SendOptions settings;
    /** The list when this run planned ({@link #send}); null before, or when it could not be read. */
    private ListVersion planned;

    /** @param store where the ledger is kept ({@code cli} chooses: SQLite files) */
    public SendJob(PreparedIssue issue, MessageBuilder builder, LedgerStore store, Clock clock, SendOptions settings) {
        this.issue = issue;
        this.builder = builder;
        this.store = store;
        this.clock = clock;
        this.settings = settings;
    }

    private String issueId() {
        return issue.digest().issue().id();
    }

    private Suppressions suppressions() {
        return Suppressions.load(settings.bounceFile(), settings.suppressFiles(), clock).withJournalOf(settings.list());
    }

    /**
     * Renders and builds every message that a send would send, without a connection and without
     * writing the ledger: a dry run, whose report says whether a real send would refuse the list.
     */
    public SendReport rehearse(SendProgress progress) {
        try (Ledger ledger = store.exists(settings.ledgerFile()) ? store.open(settings.ledgerFile(), clock) : null) {
            RecipientPlanner planner = planner(ledger, suppressions());
            Survey survey = planner.survey();
            long[] totals = new long[2];
            progress.started(survey.toSend());
            planner.forEach((row, decision) -> {
                if (decision == Survey.Decision.SEND) {
                    var email = issue.render(Recipient.of(row.subscriber()));
                    totals[0]++;
                    totals[1] += builder.outgoing(issue.digest(), email).content().length;
                    progress.advanced(new SendCounters(totals[0], 0, 0, 0, 0));
                }
            });
            progress.finished(new SendCounters(totals[0], 0, 0, 0, 0));
            return SendReport.dryRun(survey, totals[0], totals[1], refusesInvalidRows(survey));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Sends for real: takes the lock (a second send of the same issue stops here), surveys the
     * list against the ledger and shows the survey, refuses a list with invalid rows unless told to
     * skip them, asks {@code proceed} (the confirmation), opens the first connection, then sends.
     * A relay that greets as a mail catcher ({@link MailCatchers}) makes the run a rehearsal,
     * recorded in a throwaway ledger ({@link #rehearse}), never in the issue's.
     *
     * @param surveyed sees the survey first, before anything is refused
     * @param proceed  then says whether to send; false ends the job before anything is sent
     */
    public SendReport send(MailConnector connector, Consumer<Survey> surveyed, Predicate<Survey> proceed, SendProgress progress) {
        warmUp();
        try (LedgerStore.Lock lock = store.lock(settings.ledgerFile(), issueId());
             Ledger ledger = store.open(settings.ledgerFile(), clock)) {
            Suppressions suppressions = suppressions();
            planned = ListVersion.of(settings.list());
            Survey survey = planner(ledger, suppressions).survey();
            surveyed.accept(survey);
            if (refusesInvalidRows(survey)) {
                throw TidingsException.invalidInput(settings.list() + ": " + survey.invalid() + " invalid row(s), listed above;"
                        + " nothing was sent. Fix them, or add --skip-invalid to send to the valid rows");
            }
            if (!proceed.test(survey)) {
                return SendReport.declined(survey);
            }
            if (survey.toSend() == 0) {
                // Nothing to send: no login to the relay (a cron job re-runs a finished issue all day).
                return report(ledger, suppressions, survey, SendReport.nothing(null), connector, null);
            }
            if (quota(ledger) <= 0) {
                // Nothing may be sent today: don't even connect (and log in) to the relay.
                return report(ledger, suppressions, survey,
                        SendReport.nothing(Dispatcher.dailyLimitReached(settings.dailyLimit())), connector, null);
            }
            ConnectionOpener.Opened first = ConnectionOpener.open(connector, settings, progress::note, () -> false);
            if (first.connection() == null) {
                return report(ledger, suppressions, survey, SendReport.nothing(first.stop()), connector, null);
            }
            String catcher = MailCatchers.recognise(first.connection().greeting());
            if (catcher != null && !settings.throwawayLedger()) {
                return rehearse(connector, first.connection(), catcher, progress);
            }
            return deliver(ledger, suppressions, survey, connector, first.connection(), progress, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The list as it was when this run planned, to tell a recipient lost from one added meanwhile. */
    private record ListVersion(long size, long modified, Object key) {
        static ListVersion of(Path list) {
            try {
                var attributes = Files.readAttributes(list, java.nio.file.attribute.BasicFileAttributes.class);
                return new ListVersion(attributes.size(), attributes.lastModifiedTime().toMillis(), attributes.fileKey());
            } catch (java.io.IOException e) {
                return null; // unreadable now: the report says what the re-plan found, as before
            }
        }
    }

    private SendReport deliver(Ledger ledger, Suppressions suppressions, Survey survey, MailConnector connector,
                               MailConnection first, SendProgress progress, String catcher) {
        RecipientPlanner planner = planner(ledger, suppressions);
        Dispatcher dispatcher = new Dispatcher(issue, builder, connector, ledger, suppressions, settings, clock, progress);
        SendReport run = dispatcher.run(survey.toSend(), sink -> planner.forEach((row, decision) -> {
            if (decision == Survey.Decision.SEND && !sink.accept(Recipient.of(row.subscriber()))) {
                throw new Dispatcher.SourceStopped();
            }
        }), first);
        return report(ledger, suppressions, survey, run, connector, catcher);
    }

    /**
     * A send through a mail catcher: the whole list, as the real send would reach it (its
     * suppressions are honoured), recorded in a ledger and a bounce file of its own that are deleted
     * afterwards. Without this, the README's rehearsal (tidings sandbox, then a send to it) marked
     * the real issue sent, and the real send from cron reported success while nobody got it.
     */
    private SendReport rehearse(MailConnector connector, MailConnection first, String catcher, SendProgress progress) {
        Path dir;
        try {
            dir = Files.createTempDirectory("tidings-rehearsal-");
        } catch (java.io.IOException e) {
            first.close();
            throw new LedgerException("cannot make a throwaway ledger for the rehearsal: " + e.getMessage(), e);
        }
        progress.note("rehearsal: " + connector.describe() + " is a mail catcher (" + catcher + "); this run is recorded in a"
                + " throwaway ledger, not in " + settings.ledgerFile() + ", so the real send still reaches everyone");
        List<Path> suppressFiles = new java.util.ArrayList<>(settings.suppressFiles());
        if (Files.exists(settings.bounceFile())) {
            suppressFiles.add(settings.bounceFile());
        }
        try (Ledger throwaway = store.open(store.in(dir), clock)) {
            Suppressions suppressions = Suppressions.load(dir.resolve("suppressed.txt"), suppressFiles, clock)
                    .withJournalOf(settings.list());
            Survey survey = planner(throwaway, suppressions).survey();
            return deliver(throwaway, suppressions, survey, connector, first, progress, catcher);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory; the system cleans it in time
        }
    }

    /** The status of this issue in the ledger, as {@code tidings status} shows it. */
    public static SendReport status(LedgerStore store, Path ledgerFile, String issueId, Clock clock) {
        try (Ledger ledger = store.open(ledgerFile, clock)) {
            return SendReport.status(ledger.counts(issueId), ledger.inState(issueId, DeliveryState.FAILED, NAMED_IN_REPORT),
                    ledger.inState(issueId, DeliveryState.SENDING, NAMED_IN_REPORT), ledger.sentThrough(issueId));
        }
    }

    /**
     * The run as the ledger records it afterwards. Who is still to be sent is planned again from
     * the list and the ledger, not taken from the run's own counters: whatever happened to a
     * thread, a recipient the plan had and the ledger does not show served is not "done".
     */
    private SendReport report(Ledger ledger, Suppressions suppressions, Survey survey, SendReport run, MailConnector connector,
                              String catcher) {
        long unsent = run.counts().done() == 0 && run.stop() != null ? survey.toSend()
                : outcomes(ledger, suppressions).survey().toSend();
        StopReason stop = run.stop();
        if (stop == null && unsent > 0 && planned != null && !planned.equals(ListVersion.of(settings.list()))) {
            // Not a lost recipient: serve or subscribers add wrote the list while this run sent, and
            // the ones they added are on it now, without the issue. A re-run sends to them.
            stop = new StopReason(StopReason.Kind.LIST_CHANGED, "the list changed while this run sent: " + unsent
                    + " subscriber(s) on it now have no outcome in the ledger (added meanwhile, e.g. by tidings serve or subscribers add)");
        }
        var counts = ledger.counts(issueId());
        long failedOnList = outcomes(ledger, suppressions).stillSubscribed(failed(ledger, counts.getOrDefault(DeliveryState.FAILED, 0L)));
        return new SendReport(SendReport.Kind.SEND, survey, run.counts(), stop, 0, false, counts,
                ledger.inState(issueId(), DeliveryState.FAILED, NAMED_IN_REPORT),
                ledger.inState(issueId(), DeliveryState.SENDING, NAMED_IN_REPORT), unsent, connector.relay(),
                ledger.sentThrough(issueId()), catcher, failedOnList);
    }

    /**
     * The issue's permanently failed recipients, lower-cased, looked up in a set while the list is
     * read once more (rather than the ledger asked per row): a few as a rule, one string per failure at worst.
     */
    private Set<String> failed(Ledger ledger, long count) {
        Set<String> failed = new HashSet<>();
        if (count > 0) {
            ledger.inState(issueId(), DeliveryState.FAILED, (int) Math.min(Integer.MAX_VALUE, count))
                    .forEach(delivery -> failed.add(delivery.email().toLowerCase(Locale.ROOT)));
        }
        return failed;
    }

    /** Invalid rows are named, then the list refused, unless --skip-invalid says to send to the valid ones. */
    private boolean refusesInvalidRows(Survey survey) {
        return survey.invalid() > 0 && !settings.skipInvalid();
    }

    private long quota(Ledger ledger) {
        long limit = settings.dailyLimit();
        if (limit <= 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, limit - ledger.claimedOrSentSince(clock.instant().minus(Duration.ofHours(24))));
    }

    /**
     * A plan that sees any outcome (sent, failed, uncertain) as one, whatever --retry-failed and
     * --resend-uncertain asked: what it would still send are the recipients with none.
     */
    private RecipientPlanner outcomes(Ledger ledger, Suppressions suppressions) {
        return new RecipientPlanner(settings.list(), issueId(), ledger, suppressions, false, false, settings.shard());
    }

    private RecipientPlanner planner(Ledger ledger, Suppressions suppressions) {
        return new RecipientPlanner(settings.list(), issueId(), ledger, suppressions, settings.resendUncertain(),
                settings.retryFailed(), settings.shard());
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
            } catch (RuntimeException | Error e) {
                // the same template fails again for a real recipient, and is reported there (not as a
                // stack trace from this thread)
            }
        }, "tidings-warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
