package dev.tidings.mail.loop;

import dev.tidings.mail.Ledger;
import dev.tidings.mail.MailConnection;
import dev.tidings.mail.MailConnector;
import dev.tidings.mail.SendCounters;
import dev.tidings.mail.SendOptions;
import dev.tidings.mail.SendProgress;
import dev.tidings.mail.SendReport;
import dev.tidings.mail.StopReason;
import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The send loop: N threads ({@link Worker}), each with its own SMTP connection, take recipients
 * from a shared {@link JobQueue}, send each message ({@link RenderAhead} has rendered and built it
 * meanwhile), and record every step in the {@link Ledger}: SENDING before the message goes out and
 * SENT after the 250 ({@link Claims}), FAILED on a 5xx, PENDING (and a retry with back-off) on a
 * 4xx or a dropped connection ({@link Outcomes}).
 *
 * <p>The first connection is opened, and logged in, before any other: a refused password is then
 * tried once per run, not once per connection (Postfix logged two failed logins per run, and a
 * cron job every half hour would lock the account).
 *
 * <p>Runs stop early, leaving the rest for the next run, when the relay cannot be reached after
 * the retries, refuses the credentials (at once: retrying a 535 only gets the account locked),
 * fails TLS, refuses addresses in a row across domains ({@link AddressBreaker}), or the daily
 * limit is reached; and when a sending thread fails in a way no SMTP reply explains. A reply that
 * says the relay is throttling lowers the number of threads that may send at once.
 */
public final class Dispatcher {
    private final PreparedIssue issue;
    private final MessageBuilder builder;
    private final MailConnector connector;
    private final Ledger ledger;
    private final SendOptions options;
    private final SendProgress progress;
    private final Clock clock;
    private final Throttle throttle;
    private final JobQueue queue;
    private final Outcomes outcomes;
    private final AtomicReference<StopReason> stop = new AtomicReference<>();
    private final AtomicReference<RuntimeException> crash = new AtomicReference<>();

    /**
     * @param ledger where outcomes are recorded, or null for a proof (--test-to) that is not a delivery
     * @param clock  the time of the rolling quota of --daily-limit, counted in the ledger
     */
    public Dispatcher(PreparedIssue issue, MessageBuilder builder, MailConnector connector, Ledger ledger,
                      Suppressions suppressions, SendOptions options, Clock clock, SendProgress progress) {
        this.issue = issue;
        this.builder = builder;
        this.connector = connector;
        this.ledger = ledger;
        this.options = options;
        this.progress = progress;
        this.clock = clock;
        this.throttle = new Throttle(this.options.connections(), options.rate() == null ? null : new RateLimiter(options.rate()));
        this.queue = new JobQueue(this.options.connections() * 4);
        this.outcomes = new Outcomes(ledger, issueId(), connector.relay(), suppressions, progress, throttle, this::stop);
    }

    private String issueId() {
        return issue.digest().issue().id();
    }

    /**
     * Sends to every recipient that {@code source} produces (it is called on this thread and
     * streams them), and returns once each has reached its outcome for this run, or the run stopped.
     *
     * @return what the loop did (its counts and why it stopped): a proof's whole report; a send's
     *         is completed from the ledger ({@link SendJob})
     * @param first the run's first connection, already open (and logged in), or null to open it here
     *              before any other
     */
    public SendReport run(long total, RecipientSource source, MailConnection first) {
        MailConnection opened = total > 0 && first == null ? openFirst() : first;
        if (opened == null && total > 0) {
            return SendReport.proof(outcomes.counters(), stop.get());
        }
        PlaceholderTokens.refuseForARealRelay(issue, opened, connector);
        progress.started(total);
        List<Thread> workers = startWorkers(opened);
        RuntimeException sourceFailure = null;
        RenderAhead renderAhead = new RenderAhead(issue, builder, RenderAhead.threadsFor(queue.capacity()));
        try {
            source.feed(recipient -> queue.offer(recipient, renderAhead::start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(new StopReason(StopReason.Kind.INTERRUPTED, "interrupted"));
        } catch (SourceStopped e) {
            // the run stopped (the reason is recorded); the rest of the list waits for the next run
        } catch (RuntimeException e) {
            // the list or the ledger failed mid-stream: finish what is in flight, then report it
            stop(new StopReason(StopReason.Kind.LEDGER, e.getMessage()));
            sourceFailure = e;
        } catch (Error e) {
            stop(internal("reading the list", e));
        } finally {
            queue.doneProducing();
        }
        for (Thread worker : workers) {
            joinUninterruptibly(worker);
        }
        renderAhead.close(); // only once no worker can wait for a message any more
        outcomes.finish();
        if (sourceFailure != null) {
            throw sourceFailure;
        }
        if (crash.get() != null) {
            throw crash.get();
        }
        SendCounters counters = outcomes.counters();
        progress.finished(counters);
        return SendReport.proof(counters, stop.get());
    }

    /** The run's first connection, before the others: one login attempt per run. Null when the run must stop. */
    private MailConnection openFirst() {
        try {
            return open();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(new StopReason(StopReason.Kind.INTERRUPTED, "interrupted"));
            return null;
        }
    }

    private List<Thread> startWorkers(MailConnection first) {
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < options.connections(); i++) {
            Claims claims = new Claims(ledger, issueId(), connector.relay(), options.dailyLimit(), clock);
            Worker worker = new Worker(this, queue, throttle, claims, outcomes, options, i == 0 ? first : null);
            Thread thread = new Thread(worker::run, "tidings-smtp-" + (i + 1));
            thread.setDaemon(true);
            thread.start();
            workers.add(thread);
        }
        return workers;
    }

    /** Produces the recipients to send to, streaming them into the sink. */
    @FunctionalInterface
    public interface RecipientSource {
        void feed(RecipientSink sink) throws InterruptedException;
    }

    /** Thrown by a source whose sink said no more: ends the feeding quietly. */
    public static final class SourceStopped extends RuntimeException {
        public SourceStopped() {
            super(null, null, false, false);
        }
    }

    /** Receives the recipients to send to; false means the run has stopped and no more are wanted. */
    @FunctionalInterface
    public interface RecipientSink {
        boolean accept(Recipient recipient) throws InterruptedException;
    }

    // --- what workers ask: a connection, and to stop the run ------------------------------

    /** A new connection, opened with back-off ({@link ConnectionOpener}); null when the run must stop (the reason is recorded) or has. */
    MailConnection open() throws InterruptedException {
        ConnectionOpener.Opened opened = ConnectionOpener.open(connector, options, progress::note, this::stopped);
        if (opened.stop() != null) {
            stop(opened.stop());
        }
        return opened.connection();
    }

    static StopReason dailyLimitReached(long limit) {
        return new StopReason(StopReason.Kind.DAILY_LIMIT, "the daily limit of " + limit
                + " messages per 24 hours is reached; run the same command again later to continue");
    }

    void stop(StopReason reason) {
        if (stop.compareAndSet(null, reason)) {
            queue.stop();
        }
    }

    /**
     * A worker failed with something that is no SMTP outcome. An exception (a template that fails
     * for a recipient's data, a bug) is thrown by {@link #run} once every worker has finished, so
     * that it is reported, with its own exit code, instead of lost. An Error (out of memory, a stack
     * overflow) stops the run as a temporary condition: nothing after it was sent, and what was is
     * in the ledger.
     */
    void crashed(Throwable e) {
        if (e instanceof RuntimeException exception) {
            crash.compareAndSet(null, exception);
            queue.stop();
        } else {
            stop(internal("sending", e));
        }
    }

    private static StopReason internal(String during, Throwable e) {
        String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new StopReason(StopReason.Kind.INTERNAL, "tidings failed while " + during + " (" + what + "); nothing more was"
                + " sent, and every delivery so far is in the ledger");
    }

    private boolean stopped() {
        return stop.get() != null || crash.get() != null;
    }

    private static void joinUninterruptibly(Thread thread) {
        while (true) {
            try {
                thread.join();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * How fast the threads may send: how many at once, lowered (never below one) when the relay
     * says it is throttling, and the --rate across all of them ({@link RateLimiter}).
     */
    static final class Throttle {
        private final ReducibleSemaphore permits;
        private final RateLimiter rate;
        private int limit;

        /** @param rate the token bucket of --rate, or null for as fast as the relay takes */
        Throttle(int connections, RateLimiter rate) {
            this.permits = new ReducibleSemaphore(connections);
            this.rate = rate;
            this.limit = connections;
        }

        /** Waits for a thread's turn, then for the rate; {@link #release} once the message is through. */
        void acquire() throws InterruptedException {
            permits.acquire();
            if (rate == null) {
                return;
            }
            try {
                rate.acquire();
            } catch (InterruptedException e) {
                permits.release();
                throw e;
            }
        }

        void release() {
            permits.release();
        }

        synchronized boolean lower() {
            if (limit <= 1) {
                return false;
            }
            limit--;
            permits.reduce();
            return true;
        }

        synchronized int limit() {
            return limit;
        }
    }

    private static final class ReducibleSemaphore extends Semaphore {
        ReducibleSemaphore(int permits) {
            super(permits, true);
        }

        void reduce() {
            reducePermits(1);
        }
    }
}
