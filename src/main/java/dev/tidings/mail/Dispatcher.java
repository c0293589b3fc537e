package dev.tidings.mail;

import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;

import java.util.ArrayList;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The send loop: N threads, each with its own SMTP connection, take recipients from a shared
 * {@link JobQueue}, send each message ({@link RenderAhead} has rendered and built it meanwhile), and
 * record every step in the {@link Ledger}:
 * SENDING before the message goes out, SENT after the 250, FAILED on a 5xx, PENDING (and a
 * retry with back-off) on a 4xx or a dropped connection.
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
    private final Suppressions suppressions;
    private final SendOptions options;
    private final SendProgress progress;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong deferred = new AtomicLong();
    private final AtomicLong uncertain = new AtomicLong();
    private final ContentBreaker contentBreaker = new ContentBreaker();
    private final UnansweredBreaker unansweredBreaker = new UnansweredBreaker();
    private final AddressBreaker addressBreaker;
    private final AtomicLong retries = new AtomicLong();
    private final AtomicReference<StopReason> stop = new AtomicReference<>();
    private final AtomicReference<RuntimeException> crash = new AtomicReference<>();
    private final Throttle throttle;
    private final RateLimiter rateLimiter;
    private final Clock clock;
    private final JobQueue queue;

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
        this.suppressions = suppressions;
        this.options = options;
        this.progress = progress;
        this.throttle = new Throttle(this.options.connections());
        this.rateLimiter = options.rate() == null ? null : new RateLimiter(options.rate());
        this.clock = clock;
        this.queue = new JobQueue(this.options.connections() * 4);
        this.addressBreaker = new AddressBreaker(ledger != null
                && ledger.sentThrough(issue.digest().issue().id()).getOrDefault(connector.relay(), 0L) > 0);
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
            return SendReport.proof(counters(), stop.get());
        }
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
        finishAddressRefusals();
        if (sourceFailure != null) {
            throw sourceFailure;
        }
        if (crash.get() != null) {
            throw crash.get();
        }
        SendCounters counters = counters();
        progress.finished(counters);
        return SendReport.proof(counters, stop.get());
    }

    /** Refusals still held when the run ends: bounces if the relay proved it delivers, else given back, and the run says why. */
    private void finishAddressRefusals() {
        AddressBreaker.Verdict verdict = addressBreaker.finish();
        verdict.bounced().forEach(held -> bounced(held.recipient(), held.failure()));
        int givenBack = verdict.givenBack().size();
        if (givenBack > 0) {
            deferred.addAndGet(givenBack);
            advanced();
            stop(new StopReason(StopReason.Kind.ADDRESSES_REFUSED, "the relay refused " + (givenBack == 1 ? "the address"
                    : "all " + givenBack + " addresses") + " it was given and delivered nothing, in this run or of this issue before ("
                    + verdict.givenBack().get(givenBack - 1).failure().reply() + "): nothing shows the addresses rather than the relay"
                    + " are at fault, so none was suppressed or marked failed; check the relay (or remove the addresses if they are gone)"));
        }
    }

    /** The run's first connection, before the others: one login attempt per run. Null when the run must stop. */
    private MailConnection openFirst() {
        try {
            ConnectionOpener.Opened opened = ConnectionOpener.open(connector, options, this::note, this::stopped);
            if (opened.stop() != null) {
                stop(opened.stop());
            }
            return opened.connection();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(new StopReason(StopReason.Kind.INTERRUPTED, "interrupted"));
            return null;
        }
    }

    private List<Thread> startWorkers(MailConnection first) {
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < options.connections(); i++) {
            Thread worker = new Thread(new Worker(this, i == 0 ? first : null)::run, "tidings-smtp-" + (i + 1));
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
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

    SendCounters counters() {
        return new SendCounters(sent.get(), failed.get(), deferred.get(), uncertain.get(), retries.get());
    }

    // --- what workers report -------------------------------------------------------------

    MailConnector connector() {
        return connector;
    }

    SendOptions options() {
        return options;
    }

    JobQueue queue() {
        return queue;
    }

    Throttle throttle() {
        return throttle;
    }

    /** Waits for the rate limit. */
    void admit() throws InterruptedException {
        if (rateLimiter != null) {
            rateLimiter.acquire();
        }
    }

    static StopReason dailyLimitReached(long limit) {
        return new StopReason(StopReason.Kind.DAILY_LIMIT, "the daily limit of " + limit
                + " messages per 24 hours is reached; run the same command again later to continue");
    }

    /**
     * Claims a recipient (SENDING) before its message goes out, recording a delivery still to be
     * written first, and under --daily-limit only while the quota the ledger counts (across every
     * issue sharing it) allows; false, and the run stops, when it does not.
     */
    boolean claim(Recipient recipient, String messageId, Delivered previous) {
        if (ledger == null) {
            return true;
        }
        Ledger.Quota quota = options.dailyLimit() > 0
                ? new Ledger.Quota(options.dailyLimit(), clock.instant().minus(Duration.ofHours(24))) : null;
        boolean claimed = ledger.claim(issue.digest().issue().id(), recipient.email(), messageId, connector.relay(), quota,
                previous == null ? null : previous.recipient().email(), previous == null ? null : previous.reply());
        if (!claimed) {
            stop(dailyLimitReached(options.dailyLimit()));
        }
        return claimed;
    }

    /**
     * A 250: counted now, written to the ledger with the worker's next claim or by
     * {@link #recordDelivered}; it proves the relay takes mail, so refusals held back before it
     * were real bounces.
     */
    void delivered() {
        sent.incrementAndGet();
        contentBreaker.delivered();
        unansweredBreaker.delivered();
        addressBreaker.delivered().forEach(held -> bounced(held.recipient(), held.failure()));
        advanced();
    }

    /** Writes a delivery that no next claim will carry (the worker stops, or its next attempt failed). */
    void recordDelivered(Delivered delivered) {
        if (ledger != null && delivered != null) {
            ledger.markSent(issue.digest().issue().id(), delivered.recipient().email(), delivered.reply());
        }
    }

    /** A message the server accepted, whose SENT mark is still to be written. */
    record Delivered(Recipient recipient, String reply) {
    }

    /**
     * A permanent refusal. One of the address itself (a hard bounce) waits in the
     * {@link AddressBreaker} as PENDING until a delivery shows the relay works; any other is FAILED now.
     */
    void recordFailed(Recipient recipient, SmtpFailure failure) {
        if (failure.isBadAddress()) {
            if (ledger != null) {
                ledger.markPending(issue.digest().issue().id(), recipient.email(), failure.reply());
            }
            AddressBreaker.Verdict verdict = addressBreaker.refused(recipient, failure);
            verdict.bounced().forEach(held -> bounced(held.recipient(), held.failure()));
            if (!verdict.givenBack().isEmpty()) {
                deferred.addAndGet(verdict.givenBack().size());
                advanced();
            }
            if (verdict.tripped()) {
                stop(new StopReason(StopReason.Kind.ADDRESSES_REFUSED, "the relay refused " + AddressBreaker.LIMIT
                        + " addresses in a row across " + AddressBreaker.DOMAINS + " or more domains, with no delivery between"
                        + " them (" + failure.reply() + "): that is the relay's doing (relaying denied, a wrong account or"
                        + " port), not bad addresses. None of them was suppressed or marked failed; check the relay"));
            }
            return;
        }
        if (ledger != null) {
            ledger.markFailed(issue.digest().issue().id(), recipient.email(), failure.reply());
        }
        failed.incrementAndGet();
        advanced();
        if (contentBreaker.refused(failure)) {
            stop(new StopReason(StopReason.Kind.CONTENT_REJECTED, "the relay refused the message itself "
                    + ContentBreaker.LIMIT + " times in a row (" + failure.reply() + "): the content or the sender is the"
                    + " problem, not the addresses. Fix it, then run again with --retry-failed"));
        }
    }

    /** A hard bounce confirmed: FAILED, and suppressed from every later send. */
    private void bounced(Recipient recipient, SmtpFailure failure) {
        if (ledger != null) {
            ledger.markFailed(issue.digest().issue().id(), recipient.email(), failure.reply());
        }
        suppressions.addBounce(recipient.email(), failure.reply());
        failed.incrementAndGet();
        advanced();
    }

    /** No reply after the whole message went out: the ledger keeps it SENDING (uncertain); not retried. */
    void recordUncertain(Recipient recipient, SmtpFailure failure) {
        if (ledger != null) {
            ledger.noteReply(issue.digest().issue().id(), recipient.email(), failure.reply());
        }
        uncertain.incrementAndGet();
        advanced();
        if (unansweredBreaker.unanswered()) {
            stop(new StopReason(StopReason.Kind.UNANSWERED, "the relay answered none of the last " + UnansweredBreaker.LIMIT
                    + " messages in time (" + failure.reply() + "); they are"
                    + " uncertain, and the rest of the list waits rather than join them"));
        }
    }

    /** The relay refused the sender (MAIL FROM): the recipient goes back to pending and the run stops. */
    void senderRejected(Recipient recipient, SmtpFailure failure) {
        if (ledger != null) {
            ledger.markPending(issue.digest().issue().id(), recipient.email(), failure.reply());
        }
        stop(new StopReason(StopReason.Kind.SENDER_REJECTED, "the relay refused the sender (" + failure.reply()
                + "); check the From address and the relay's rules for it (SPF, allowed senders), then run again"));
    }

    /** A temporary failure; {@code finalForThisRun} when the retries are used up and the next run must try again. */
    void recordTemporary(Recipient recipient, SmtpFailure failure, boolean finalForThisRun) {
        if (ledger != null) {
            ledger.markPending(issue.digest().issue().id(), recipient.email(), failure.reply());
        }
        if (finalForThisRun) {
            deferred.incrementAndGet();
            advanced();
        } else {
            retries.incrementAndGet();
        }
        if (failure.isThrottling() && throttle.lower()) {
            progress.note("the relay is throttling (" + failure.reply() + "); sending on " + throttle.limit() + " connection(s)");
        }
    }

    void note(String message) {
        progress.note(message);
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

    boolean stopped() {
        return stop.get() != null || crash.get() != null;
    }

    private void advanced() {
        progress.advanced(counters());
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
     * Counts refusals of the message itself (a 5xx to DATA that is not about the address) in a
     * row: the same content refused again and again means a content or sender problem, and
     * going on would only mark the whole list failed.
     */
    static final class ContentBreaker {
        static final int LIMIT = 5;
        private int inARow;

        synchronized boolean refused(SmtpFailure failure) {
            if (failure.stage() != SmtpFailure.Stage.DATA || failure.isBadAddress()) {
                return false;
            }
            return ++inARow >= LIMIT;
        }

        synchronized void delivered() {
            inARow = 0;
        }
    }

    /**
     * Counts messages left uncertain in a row: the whole message went out and no reply came in
     * time. A relay that never answers the end of a message (a content filter that hangs; Postfix
     * keeps no message whose client left before its 250) would otherwise leave the whole list
     * uncertain, never resent without --resend-uncertain, and the run would end "done" with
     * nobody served. A delivery in between shows the relay answers, and starts the count again.
     */
    static final class UnansweredBreaker {
        static final int LIMIT = 3;
        private int inARow;

        synchronized boolean unanswered() {
            return ++inARow >= LIMIT;
        }

        synchronized void delivered() {
            inARow = 0;
        }
    }

    /** How many threads may send at once; lowered, never below one, when the relay says it is throttling. */
    static final class Throttle {
        private final ReducibleSemaphore permits;
        private int limit;

        Throttle(int connections) {
            this.permits = new ReducibleSemaphore(connections);
            this.limit = connections;
        }

        void acquire() throws InterruptedException {
            permits.acquire();
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
