package dev.tidings.mail;

import java.time.Duration;

/**
 * One sending thread with its own SMTP connection: opens (and re-opens) it with back-off, sends
 * each job, and turns each reply into a ledger record through the {@link Dispatcher}.
 */
final class Worker {
    private final Dispatcher dispatcher;
    private MailConnection connection;
    private int sentOnConnection;
    /** The last 250, written to the ledger together with the next claim (one commit instead of two). */
    private Dispatcher.Delivered unrecorded;

    Worker(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    void run() {
        JobQueue queue = dispatcher.queue();
        try {
            for (JobQueue.Job job = next(queue); job != null; job = next(queue)) {
                if (!ensureConnection()) {
                    queue.putBack(job);
                    return;
                }
                dispatcher.throttle().acquire();
                try {
                    if (!dispatcher.admit(job)) {
                        queue.putBack(job);
                        return;
                    }
                    attempt(job);
                } finally {
                    dispatcher.throttle().release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dispatcher.stop(new StopReason(StopReason.Kind.INTERRUPTED, "interrupted"));
        } catch (LedgerException e) {
            dispatcher.stop(new StopReason(StopReason.Kind.LEDGER, e.getMessage()));
        } catch (RuntimeException e) {
            // Not an SMTP outcome (a template that fails for this recipient's data, a bug): had the
            // thread just died, its job would stay in play and the run would wait for it forever.
            dispatcher.crashed(e);
        } finally {
            recordUnrecorded();
            closeConnection();
        }
    }

    /** The next job; before waiting for one, the last delivery is written rather than held in memory. */
    private JobQueue.Job next(JobQueue queue) throws InterruptedException {
        JobQueue.Job job = queue.poll();
        if (job == null) {
            recordUnrecorded();
            job = queue.take();
        }
        return job;
    }

    private void recordUnrecorded() {
        Dispatcher.Delivered delivered = unrecorded;
        unrecorded = null;
        if (delivered != null) {
            try {
                dispatcher.recordDelivered(delivered);
            } catch (LedgerException e) {
                dispatcher.stop(new StopReason(StopReason.Kind.LEDGER, e.getMessage()));
            }
        }
    }

    private void attempt(JobQueue.Job job) {
        OutgoingMessage message = RenderAhead.await(job.message());
        Dispatcher.Delivered previous = unrecorded;
        unrecorded = null;
        dispatcher.recordSending(job.recipient(), message.messageId(), previous);
        try {
            String reply = connection.send(message);
            sentOnConnection++;
            unrecorded = new Dispatcher.Delivered(job.recipient(), reply);
            dispatcher.countSent();
            dispatcher.resetContentBreaker();
            dispatcher.queue().finished();
        } catch (SmtpFailure failure) {
            handle(job, failure);
        }
    }

    private void handle(JobQueue.Job job, SmtpFailure failure) {
        switch (failure.kind()) {
            case PERMANENT -> {
                dispatcher.recordFailed(job.recipient(), failure);
                dispatcher.queue().finished();
            }
            case TEMPORARY, CONNECTION -> {
                if (failure.kind() == SmtpFailure.Kind.CONNECTION || !connection.usable()) {
                    closeConnection();
                }
                boolean lastTry = job.attempt() > dispatcher.options().retries();
                dispatcher.recordTemporary(job.recipient(), failure, lastTry);
                if (lastTry) {
                    dispatcher.queue().finished();
                } else {
                    dispatcher.queue().retryLater(job.retry(Backoff.delay(dispatcher.options().retryBaseDelay(), job.attempt())));
                }
            }
            case UNCERTAIN -> {
                closeConnection();
                dispatcher.recordUncertain(job.recipient(), failure);
                dispatcher.queue().finished();
            }
            case SENDER_REJECTED -> {
                dispatcher.senderRejected(job.recipient(), failure);
                dispatcher.queue().finished();
            }
            case AUTHENTICATION, TLS -> {
                dispatcher.recordTemporary(job.recipient(), failure, true);
                dispatcher.queue().finished();
                dispatcher.stop(new StopReason(failure.kind() == SmtpFailure.Kind.TLS ? StopReason.Kind.TLS
                        : StopReason.Kind.AUTHENTICATION, failure.reply()));
            }
            default -> throw new IllegalStateException(failure.kind().name());
        }
    }

    /** A usable connection, opened with back-off; false when the run must stop (the reason is recorded). */
    private boolean ensureConnection() throws InterruptedException {
        int max = dispatcher.options().maxPerConnection();
        if (connection != null && (!connection.usable() || max > 0 && sentOnConnection >= max)) {
            closeConnection();
        }
        for (int attempt = 1; connection == null; attempt++) {
            if (dispatcher.stopped()) {
                return false;
            }
            try {
                connection = dispatcher.connector().open();
                sentOnConnection = 0;
            } catch (SmtpFailure failure) {
                if (failure.kind() == SmtpFailure.Kind.AUTHENTICATION || failure.kind() == SmtpFailure.Kind.TLS) {
                    dispatcher.stop(new StopReason(failure.kind() == SmtpFailure.Kind.TLS ? StopReason.Kind.TLS
                            : StopReason.Kind.AUTHENTICATION, failure.reply()));
                    return false;
                }
                if (attempt > dispatcher.options().retries()) {
                    dispatcher.stop(new StopReason(StopReason.Kind.UNREACHABLE, failure.reply()));
                    return false;
                }
                Duration delay = Backoff.delay(dispatcher.options().retryBaseDelay(), attempt);
                dispatcher.note(failure.reply() + "; retrying in " + delay.toMillis() + " ms");
                Thread.sleep(delay.toMillis());
            }
        }
        return true;
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
