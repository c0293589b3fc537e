package dev.tidings.mail.loop;

import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.mail.mime.OutgoingMessage;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Renders and builds messages while the sending threads wait on the network. A recipient's message
 * is started as it enters the {@link JobQueue}, so by the time a connection is free for it the
 * bytes are ready: rendering (CPU) overlaps SMTP round trips (waiting), and one connection keeps a
 * second core busy. The queue is bounded, so at most its capacity of messages is held at once.
 *
 * <p>Rendering has no side effect: a message rendered and never sent (the run stopped, the daily
 * limit) changes nothing. The ledger still records SENDING just before DATA, not here.
 */
final class RenderAhead implements AutoCloseable {
    private final PreparedIssue issue;
    private final MessageBuilder builder;
    private final ExecutorService renderers;

    /** @param threads how many messages are rendered at once (see {@link #threadsFor}) */
    RenderAhead(PreparedIssue issue, MessageBuilder builder, int threads) {
        this.issue = issue;
        this.builder = builder;
        AtomicInteger number = new AtomicInteger();
        this.renderers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "tidings-render-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * How many rendering threads to use: one per core (rendering is the CPU work of a send; even one
     * connection sends faster than one core renders), at most one per message the queue holds.
     */
    static int threadsFor(int queueCapacity) {
        return Math.max(1, Math.min(queueCapacity, Runtime.getRuntime().availableProcessors()));
    }

    /** Starts rendering this recipient's message. */
    CompletableFuture<OutgoingMessage> start(Recipient recipient) {
        return CompletableFuture.supplyAsync(() -> builder.outgoing(issue.digest(), issue.render(recipient)), renderers);
    }

    /**
     * The message, waiting for it if it is still being rendered. A failure to render (a template
     * that fails on this recipient's data) is thrown as it was, as if rendered on this thread.
     */
    static OutgoingMessage await(CompletableFuture<OutgoingMessage> message) {
        try {
            return message.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        renderers.shutdownNow();
    }
}
