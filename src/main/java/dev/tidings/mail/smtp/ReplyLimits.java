package dev.tidings.mail.smtp;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * What a relay may send back, enforced on the bytes as they arrive, under Angus Mail's reply reader
 * (which reads lines of any length, and multi-line replies of any number of lines, into memory):
 * <ul>
 * <li>a reply line of at most {@link #MAX_LINE} octets. RFC 5321 §4.5.3.1.5 caps a reply line at
 *     512 octets but asks clients to tolerate more; Postfix's SMTP client reads up to its
 *     {@code line_length_limit}, 2048, and so do we;</li>
 * <li>a multi-line reply ({@code 250-...}) of at most {@link #MAX_LINES} lines: an EHLO reply has a
 *     dozen, the longest real refusals a handful;</li>
 * <li>a complete reply within the timeout of the command it answers (or of the last byte of the
 *     message, or of the connection for the greeting), not a timeout per read: a relay that
 *     trickles one byte a second would otherwise keep a send alive forever (Postfix's
 *     {@code smtp_per_request_deadline} does the same).</li>
 * </ul>
 * Past a limit the read fails with {@link Violation} or a {@link SocketTimeoutException}: the
 * connection is dropped as a protocol error, and memory stays bounded whatever the relay sends.
 *
 * <p>Once TLS is layered over a plain connection ({@link #carryTls()}), the bytes here are TLS
 * records: they pass through untouched except for the deadline, and the limits apply above TLS.
 */
final class ReplyLimits extends FilterInputStream {
    static final int MAX_LINE = 2048;
    static final int MAX_LINES = 200;

    /**
     * Closes a connection whose TLS handshake or write outlives its deadline; one daemon thread for
     * the process. A write is watched each time, so a cancelled watch leaves the queue at once
     * rather than at its deadline.
     */
    static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "tidings-smtp-deadline");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.setRemoveOnCancelPolicy(true);
        return watchdog;
    }

    /** Sets the socket's read timeout, so that a read blocks no longer than the deadline allows. */
    @FunctionalInterface
    interface ReadTimeout {
        void set(int millis) throws IOException;
    }

    /** The relay broke a limit of the protocol; the connection cannot be trusted any further. */
    static final class Violation extends IOException {
        Violation(String message) {
            super(message);
        }
    }

    /** No complete reply before the deadline; a timeout, as the send loop understands timeouts. */
    static final class DeadlinePassed extends SocketTimeoutException {
        DeadlinePassed(Duration timeout) {
            super("no complete reply within " + timeout.toSeconds() + " s");
        }
    }

    /** The relay took in nothing of a write within the timeout: it stopped reading; a timeout, as the send loop understands timeouts. */
    static final class WriteStalled extends SocketTimeoutException {
        WriteStalled(Duration timeout) {
            super("the relay took in no data for " + timeout.toSeconds() + " s");
        }
    }

    private final Duration timeout;
    private final ReadTimeout readTimeout;
    private volatile long deadline;
    private volatile boolean tls;
    private int lineLength;
    private int linesInReply;
    private boolean continued;

    ReplyLimits(InputStream in, Duration timeout, ReadTimeout readTimeout) {
        super(in);
        this.timeout = timeout;
        this.readTimeout = readTimeout;
        startClock();
    }

    /** A command (or the message) went out: its reply is due within the timeout from now. */
    void startClock() {
        deadline = System.nanoTime() + timeout.toNanos();
    }

    /** The socket's output as the client must write it: every write starts the clock for the reply it asks for. */
    OutputStream startingTheClock(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length); // not FilterOutputStream's, which writes byte by byte
                startClock();
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                startClock();
            }
        };
    }

    /** From now on this stream carries TLS records: only the deadline applies here. */
    void carryTls() {
        tls = true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        waitNoLongerThanTheDeadline();
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (SocketTimeoutException e) {
            throw new DeadlinePassed(timeout); // the read timeout was what was left of the deadline
        }
        if (!tls) {
            for (int i = offset; i < offset + n; i++) {
                see(buffer[i]);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
    }

    private void waitNoLongerThanTheDeadline() throws IOException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new DeadlinePassed(timeout);
        }
        readTimeout.set((int) Math.max(1, Math.min(Integer.MAX_VALUE, Duration.ofNanos(remaining).toMillis())));
    }

    /** Follows the reply's line structure one octet at a time: "250-" continues a reply, "250 " ends it. */
    private void see(byte b) throws Violation {
        if (b == '\n') {
            linesInReply = continued ? linesInReply + 1 : 0;
            if (linesInReply >= MAX_LINES) {
                throw new Violation("the relay's reply runs on past " + MAX_LINES + " lines");
            }
            lineLength = 0;
            continued = false;
            return;
        }
        if (lineLength == 3) {
            continued = b == '-';
        }
        if (++lineLength > MAX_LINE) {
            throw new Violation("the relay's reply has a line longer than " + MAX_LINE + " octets");
        }
    }
}
