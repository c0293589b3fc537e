package dev.tidings.mail.loop;

import dev.tidings.mail.MailConnection;
import dev.tidings.mail.MailConnector;
import dev.tidings.mail.SendOptions;
import dev.tidings.mail.SmtpFailure;
import dev.tidings.mail.StopReason;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Opens a connection to the relay, retrying with back-off what may pass (a refused or dropped
 * connection, a 421 greeting) and giving up at once on what will not: a refused login (retrying a
 * 535 only gets the account locked) or a TLS failure. One rule for the first connection of a run
 * and for every reconnection after it.
 */
final class ConnectionOpener {
    private ConnectionOpener() {
    }

    /** A connection, or why the run must stop (both null: the run was stopped meanwhile by someone else). */
    record Opened(MailConnection connection, StopReason stop) {
    }

    /**
     * @param note    hears each failed attempt that will be retried
     * @param stopped tells whether the run has stopped meanwhile (then no further attempt is made)
     */
    static Opened open(MailConnector connector, SendOptions options, Consumer<String> note, BooleanSupplier stopped)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            if (stopped.getAsBoolean()) {
                return new Opened(null, null);
            }
            try {
                return new Opened(connector.open(), null);
            } catch (SmtpFailure failure) {
                if (failure.kind() == SmtpFailure.Kind.AUTHENTICATION || failure.kind() == SmtpFailure.Kind.TLS) {
                    return new Opened(null, StopReason.of(failure));
                }
                if (attempt > options.retries()) {
                    return new Opened(null, new StopReason(StopReason.Kind.UNREACHABLE, failure.reply()));
                }
                Duration delay = Backoff.delay(options.retryBaseDelay(), attempt);
                note.accept(failure.reply() + "; retrying in " + delay.toMillis() + " ms");
                Thread.sleep(delay.toMillis());
            }
        }
    }
}
