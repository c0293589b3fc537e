package dev.tidings.mail.loop;

import dev.tidings.mail.mime.OutgoingMessage;
import dev.tidings.render.Recipient;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The work of one send, shared by the sending threads: new recipients from the list (bounded, so
 * the list is streamed rather than read into memory), and recipients waiting out a back-off.
 * It knows when the run is over: the list is exhausted and no recipient is still in play.
 */
final class JobQueue {
    /**
     * One recipient, its message (being rendered ahead, see {@link RenderAhead}) and how many
     * attempts it has had. A retry sends the same message: the same bytes and Message-ID.
     */
    record Job(Recipient recipient, CompletableFuture<OutgoingMessage> message, int attempt, long notBeforeNanos) {
        Job retry(Duration delay) {
            return new Job(recipient, message, attempt + 1, System.nanoTime() + delay.toNanos());
        }
    }

    private final int capacity;
    private final ArrayDeque<Job> fresh = new ArrayDeque<>();
    private final PriorityQueue<Job> waiting = new PriorityQueue<>((a, b) -> Long.compare(a.notBeforeNanos(), b.notBeforeNanos()));
    private long inPlay;
    private boolean producing = true;
    private boolean stopped;

    int capacity() {
        return capacity;
    }

    JobQueue(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Adds a recipient from the list, waiting while the queue is full, and starts rendering its
     * message (so at most the queue's capacity of messages is held). Returns false once the run has stopped.
     */
    synchronized boolean offer(Recipient recipient, Function<Recipient, CompletableFuture<OutgoingMessage>> render)
            throws InterruptedException {
        while (fresh.size() >= capacity && !stopped) {
            wait();
        }
        if (stopped) {
            return false;
        }
        fresh.add(new Job(recipient, render.apply(recipient), 1, 0));
        inPlay++;
        notifyAll();
        return true;
    }

    synchronized void doneProducing() {
        producing = false;
        notifyAll();
    }

    /** A job that can be taken right now, or null (there may be more later: {@link #take()} waits for them). */
    synchronized Job poll() {
        if (stopped) {
            return null;
        }
        Job due = waiting.peek();
        if (due != null && due.notBeforeNanos() <= System.nanoTime()) {
            return waiting.poll();
        }
        Job job = fresh.poll();
        if (job != null) {
            notifyAll();
        }
        return job;
    }

    /** The next job, retries first once due; null when the run is over or stopped. */
    synchronized Job take() throws InterruptedException {
        while (true) {
            if (stopped) {
                return null;
            }
            long now = System.nanoTime();
            Job due = waiting.peek();
            if (due != null && due.notBeforeNanos() <= now) {
                return waiting.poll();
            }
            if (!fresh.isEmpty()) {
                Job job = fresh.poll();
                notifyAll();
                return job;
            }
            if (!producing && inPlay == 0) {
                return null;
            }
            long waitNanos = due == null ? 100_000_000L : Math.max(1, due.notBeforeNanos() - now);
            wait(Math.max(1, waitNanos / 1_000_000L), (int) (waitNanos % 1_000_000L));
        }
    }

    /** A temporary failure: the job comes back after its back-off. */
    synchronized void retryLater(Job job) {
        waiting.add(job);
        notifyAll();
    }

    /** A job that was taken but could not be attempted (its connection failed): first in line again. */
    synchronized void putBack(Job job) {
        fresh.addFirst(job);
        notifyAll();
    }

    /** The job reached its outcome for this run (sent, failed, or deferred to the next run). */
    synchronized void finished() {
        inPlay--;
        notifyAll();
    }

    synchronized void stop() {
        stopped = true;
        notifyAll();
    }
}
