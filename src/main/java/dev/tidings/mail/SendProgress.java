package dev.tidings.mail;

/** Hears how a send is going: a progress bar on a terminal, a periodic log line under cron, nothing in tests. */
public interface SendProgress {
    SendProgress NONE = new SendProgress() {
    };

    /** The run starts with this many messages to send. */
    default void started(long total) {
    }

    /** A message reached its outcome for this run. */
    default void advanced(SendCounters counters) {
    }

    /** Something worth telling the person at the terminal (a reconnect, lowered concurrency). */
    default void note(String message) {
    }

    default void finished(SendCounters counters) {
    }
}
