package dev.tidings.mail;

import dev.tidings.mail.mime.OutgoingMessage;

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

    /** @param connection an open connection to start with (the run's first, already logged in), or null */
    Worker(Dispatcher dispatcher, MailConnection connection) {
        this.dispatcher = dispatcher;
        this.connection = connection;
    }

    void run() {
        JobQueue queue = dispatcher.queue();
        try {
            for (JobQueue.Job job = next(queue); job != null; job = next(queue)) {
                if (!ensureConnection() || !send(job)) {
                    queue.putBack(job);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dispatcher.stop(new StopReason(StopReason.Kind.INTERRUPTED, "interrupted"));
        } catch (LedgerException e) {
            dispatcher.stop(new StopReason(StopReason.Kind.LEDGER, e.getMessage()));
        } catch (Throwable e) {
            // Not an SMTP outcome: a template that fails for this recipient's data, a bug, or an Error
            // (out of memory, a stack overflow). Had the thread just died, its job would stay in play
            // and the run would wait for it for ever, or end as if every recipient had been served.
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

    /** Sends one job within the throttle; false when it must wait for another run (the daily limit). */
    private boolean send(JobQueue.Job job) throws InterruptedException {
        dispatcher.throttle().acquire();
        try {
            dispatcher.admit();
            return attempt(job);
        } finally {
            dispatcher.throttle().release();
        }
    }

    private boolean attempt(JobQueue.Job job) {
        OutgoingMessage message = RenderAhead.await(job.message());
        Dispatcher.Delivered previous = unrecorded;
        unrecorded = null;
        if (!dispatcher.claim(job.recipient(), message.messageId(), previous)) {
            return false;
        }
        try {
            String reply = connection.send(message);
            sentOnConnection++;
            unrecorded = new Dispatcher.Delivered(job.recipient(), reply);
            dispatcher.delivered();
            dispatcher.queue().finished();
        } catch (SmtpFailure failure) {
            handle(job, failure);
        }
        return true;
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
                dispatcher.stop(StopReason.of(failure));
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
        if (connection != null) {
            return true;
        }
        ConnectionOpener.Opened opened = ConnectionOpener.open(dispatcher.connector(), dispatcher.options(), dispatcher::note,
                dispatcher::stopped);
        if (opened.stop() != null) {
            dispatcher.stop(opened.stop());
        }
        connection = opened.connection();
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
