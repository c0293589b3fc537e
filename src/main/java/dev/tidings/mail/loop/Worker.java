package dev.tidings.mail.loop;

import dev.tidings.mail.LedgerException;
import dev.tidings.mail.MailConnection;
import dev.tidings.mail.SendOptions;
import dev.tidings.mail.SmtpFailure;
import dev.tidings.mail.StopReason;
import dev.tidings.mail.mime.OutgoingMessage;

/**
 * One sending thread with its own SMTP connection: opens (and re-opens) it through the
 * {@link Dispatcher}, sends each job through its {@link Claims} (which keep the ledger's order
 * around the wire), and reports each failure to the run's {@link Outcomes}.
 */
final class Worker {
    private final Dispatcher run;
    private final JobQueue queue;
    private final Dispatcher.Throttle throttle;
    private final Claims claims;
    private final Outcomes outcomes;
    private final SendOptions options;
    private MailConnection connection;
    private int sentOnConnection;

    /** @param connection an open connection to start with (the run's first, already logged in), or null */
    Worker(Dispatcher run, JobQueue queue, Dispatcher.Throttle throttle, Claims claims, Outcomes outcomes, SendOptions options,
           MailConnection connection) {
        this.run = run;
        this.queue = queue;
        this.throttle = throttle;
        this.claims = claims;
        this.outcomes = outcomes;
        this.options = options;
        this.connection = connection;
    }

    void run() {
        try {
            for (JobQueue.Job job = next(); job != null; job = next()) {
                if (!ensureConnection() || !send(job)) {
                    queue.putBack(job);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.stop(new StopReason(StopReason.Kind.INTERRUPTED, "interrupted"));
        } catch (LedgerException e) {
            run.stop(new StopReason(StopReason.Kind.LEDGER, e.getMessage()));
        } catch (Throwable e) {
            // Not an SMTP outcome: a template that fails for this recipient's data, a bug, or an Error
            // (out of memory, a stack overflow). Had the thread just died, its job would stay in play
            // and the run would wait for it for ever, or end as if every recipient had been served.
            run.crashed(e);
        } finally {
            flush();
            closeConnection();
        }
    }

    /** The next job; before waiting for one, the last delivery is written rather than held in memory. */
    private JobQueue.Job next() throws InterruptedException {
        JobQueue.Job job = queue.poll();
        if (job == null) {
            flush();
            job = queue.take();
        }
        return job;
    }

    private void flush() {
        try {
            claims.flush();
        } catch (LedgerException e) {
            run.stop(new StopReason(StopReason.Kind.LEDGER, e.getMessage()));
        }
    }

    /** Sends one job within the throttle; false when it must wait for another run (the daily limit). */
    private boolean send(JobQueue.Job job) throws InterruptedException {
        throttle.acquire();
        try {
            return attempt(job);
        } finally {
            throttle.release();
        }
    }

    private boolean attempt(JobQueue.Job job) {
        OutgoingMessage message = RenderAhead.await(job.message());
        try {
            if (claims.send(job.recipient(), message, connection) == null) {
                run.stop(Dispatcher.dailyLimitReached(options.dailyLimit()));
                return false;
            }
            sentOnConnection++;
            outcomes.delivered();
            queue.finished();
        } catch (SmtpFailure failure) {
            handle(job, failure);
        }
        return true;
    }

    private void handle(JobQueue.Job job, SmtpFailure failure) {
        switch (failure.kind()) {
            case PERMANENT -> {
                outcomes.refused(job.recipient(), failure);
                queue.finished();
            }
            case TEMPORARY, CONNECTION -> {
                if (failure.kind() == SmtpFailure.Kind.CONNECTION || !connection.usable()) {
                    closeConnection();
                }
                boolean lastTry = job.attempt() > options.retries();
                outcomes.temporary(job.recipient(), failure, lastTry);
                if (lastTry) {
                    queue.finished();
                } else {
                    queue.retryLater(job.retry(Backoff.delay(options.retryBaseDelay(), job.attempt())));
                }
            }
            case UNCERTAIN -> {
                closeConnection();
                outcomes.unanswered(job.recipient(), failure);
                queue.finished();
            }
            case SENDER_REJECTED -> {
                outcomes.senderRejected(job.recipient(), failure);
                queue.finished();
            }
            case AUTHENTICATION, TLS -> {
                outcomes.temporary(job.recipient(), failure, true);
                queue.finished();
                run.stop(StopReason.of(failure));
            }
            default -> throw new IllegalStateException(failure.kind().name());
        }
    }

    /** A usable connection, opened with back-off; false when the run must stop (the reason is recorded). */
    private boolean ensureConnection() throws InterruptedException {
        int max = options.maxPerConnection();
        if (connection != null && (!connection.usable() || max > 0 && sentOnConnection >= max)) {
            closeConnection();
        }
        if (connection != null) {
            return true;
        }
        connection = run.open();
        sentOnConnection = 0;
        return connection != null;
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
