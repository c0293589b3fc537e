package dev.tidings.mail;

import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;

import java.util.ArrayList;
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
 * <p>Runs stop early, leaving the rest for the next run, when the relay cannot be reached after
 * the retries, refuses the credentials (at once: retrying a 535 only gets the account locked),
 * fails TLS, or the daily limit is reached. A reply that says the relay is throttling lowers the
 * number of threads that may send at once.
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
    private final AtomicLong retries = new AtomicLong();
    private final AtomicReference<StopReason> stop = new AtomicReference<>();
    private final AtomicReference<RuntimeException> crash = new AtomicReference<>();
    private final Throttle throttle;
    private final RateLimiter rateLimiter;
    private final AtomicLong quota;
    private JobQueue queue;

    /**
     * @param ledger  where outcomes are recorded, or null for a proof (--test-to) that is not a delivery
     * @param quota   messages this run may still send under --daily-limit, or Long.MAX_VALUE
     */
    public Dispatcher(PreparedIssue issue, MessageBuilder builder, MailConnector connector, Ledger ledger,
                      Suppressions suppressions, SendOptions options, long quota, SendProgress progress) {
        this.issue = issue;
        this.builder = builder;
        this.connector = connector;
        this.ledger = ledger;
        this.suppressions = suppressions;
        this.options = options.clamped();
        this.progress = progress;
        this.throttle = new Throttle(this.options.connections());
        this.rateLimiter = options.rate() == null ? null : new RateLimiter(options.rate());
        this.quota = new AtomicLong(quota);
    }

    /**
     * Sends to every recipient that {@code source} produces (it is called on this thread and
     * streams them), and returns once each has reached its outcome for this run, or the run stopped.
     */
    public SendResult run(long total, RecipientSource source) {
        int capacity = options.connections() * 4;
        queue = new JobQueue(capacity);
        if (total > 0 && quota.get() <= 0) {
            // Nothing may be sent today: don't even connect (and log in) to the relay.
            stop(dailyLimitReached());
            return new SendResult(counters(), stop.get());
        }
        progress.started(total);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < options.connections(); i++) {
            Thread worker = new Thread(new Worker(this)::run, "tidings-smtp-" + (i + 1));
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        RuntimeException sourceFailure = null;
        RenderAhead renderAhead = new RenderAhead(issue, builder, RenderAhead.threadsFor(capacity));
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
        } finally {
            queue.doneProducing();
        }
        for (Thread worker : workers) {
            joinUninterruptibly(worker);
        }
        renderAhead.close(); // only once no worker can wait for a message any more
        if (sourceFailure != null) {
            throw sourceFailure;
        }
        if (crash.get() != null) {
            throw crash.get();
        }
        SendCounters counters = counters();
        progress.finished(counters);
        return new SendResult(counters, stop.get());
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

    PreparedIssue issue() {
        return issue;
    }

    MessageBuilder builder() {
        return builder;
    }

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

    /**
     * Waits for the rate limit and, for a first attempt, takes one message from the daily quota
     * (a retry of a refused message does not count twice); false when the quota is spent.
     */
    boolean admit(JobQueue.Job job) throws InterruptedException {
        if (job.attempt() == 1 && quota.getAndDecrement() <= 0) {
            stop(dailyLimitReached());
            return false;
        }
        if (rateLimiter != null) {
            rateLimiter.acquire();
        }
        return true;
    }

    private StopReason dailyLimitReached() {
        return new StopReason(StopReason.Kind.DAILY_LIMIT, "the daily limit of " + options.dailyLimit()
                + " messages per 24 hours is reached; run the same command again later to continue");
    }

    /** Claims a recipient (SENDING) before its message goes out, recording a delivery still to be written first. */
    void recordSending(Recipient recipient, String messageId, Delivered previous) {
        if (ledger == null) {
            return;
        }
        String issueId = issue.digest().issue().id();
        if (previous == null) {
            ledger.markSending(issueId, recipient.email(), messageId);
        } else {
            ledger.markSentThenSending(issueId, previous.recipient().email(), previous.reply(), recipient.email(), messageId);
        }
    }

    /** A 250: counted now; written to the ledger with the worker's next claim, or by {@link #recordDelivered}. */
    void countSent() {
        sent.incrementAndGet();
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

    void recordFailed(Recipient recipient, SmtpFailure failure) {
        if (ledger != null) {
            ledger.markFailed(issue.digest().issue().id(), recipient.email(), failure.reply());
        }
        if (failure.isBadAddress()) {
            suppressions.addBounce(recipient.email(), failure.reply());
        }
        failed.incrementAndGet();
        advanced();
        if (contentBreaker.refused(failure)) {
            stop(new StopReason(StopReason.Kind.CONTENT_REJECTED, "the relay refused the message itself "
                    + ContentBreaker.LIMIT + " times in a row (" + failure.reply() + "): the content or the sender is the"
                    + " problem, not the addresses. Fix it, then run again with --retry-failed"));
        }
    }

    void resetContentBreaker() {
        contentBreaker.delivered();
    }

    /** No reply after the whole message went out: the ledger keeps it SENDING (uncertain); not retried. */
    void recordUncertain(Recipient recipient, SmtpFailure failure) {
        if (ledger != null) {
            ledger.noteReply(issue.digest().issue().id(), recipient.email(), failure.reply());
        }
        uncertain.incrementAndGet();
        advanced();
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
     * A worker failed with an exception that is no SMTP outcome: the run stops, and {@link #run}
     * throws it once every worker has finished, so that it is reported instead of lost.
     */
    void crashed(RuntimeException e) {
        crash.compareAndSet(null, e);
        queue.stop();
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
