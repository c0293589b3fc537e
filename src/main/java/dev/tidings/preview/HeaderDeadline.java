package dev.tidings.preview;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Connector;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Drops a connection that has not delivered a whole request header within a deadline of opening,
 * or of its previous response being sent. An idle timeout alone does not stop a client that sends
 * one byte every few seconds (slowloris): each byte restarts it, and an 8 KB header then holds the
 * connection for hours. This is the rule of Apache's {@code RequestReadTimeout header=} and nginx's
 * {@code client_header_timeout}. While a request is being answered (the preview's event stream for
 * as long as the page is open) the deadline does not run.
 */
public final class HeaderDeadline implements Connection.Listener {
    private final Connector connector;
    private final long deadlineNanos;
    private final Map<Connection, Watch> watches = new ConcurrentHashMap<>();

    /**
     * When the connection began waiting for a request, whether one is being answered now, and
     * which wait the pending check is for (so that one check per connection is ever pending).
     */
    private static final class Watch {
        volatile long waitingSince = System.nanoTime();
        volatile boolean answering;
        volatile int wait;
    }

    public HeaderDeadline(Connector connector, Duration deadline) {
        this.connector = connector;
        this.deadlineNanos = deadline.toNanos();
    }

    @Override
    public void onOpened(Connection connection) {
        Watch watch = new Watch();
        watches.put(connection, watch);
        check(connection, watch, 0, deadlineNanos);
    }

    @Override
    public void onClosed(Connection connection) {
        watches.remove(connection);
    }

    /** A whole request header arrived on this connection: no deadline until it is answered. */
    public void requestArrived(Connection connection) {
        Watch watch = watches.get(connection);
        if (watch != null) {
            watch.answering = true;
        }
    }

    /** The answer is sent: the next request's headers have the deadline from now. */
    public void answered(Connection connection) {
        Watch watch = watches.get(connection);
        if (watch != null) {
            watch.waitingSince = System.nanoTime();
            int wait = ++watch.wait; // one thread answers a connection at a time
            watch.answering = false;
            check(connection, watch, wait, deadlineNanos);
        }
    }

    private void check(Connection connection, Watch watch, int wait, long delayNanos) {
        connector.getScheduler().schedule(() -> expire(connection, watch, wait), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void expire(Connection connection, Watch watch, int wait) {
        if (watch.answering || watch.wait != wait || !watches.containsKey(connection)) {
            return; // a request arrived; answered() schedules the check of the next wait
        }
        long left = watch.waitingSince + deadlineNanos - System.nanoTime();
        if (left > 0) {
            check(connection, watch, wait, left);
        } else {
            connection.getEndPoint().close();
        }
    }
}
