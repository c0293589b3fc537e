package dev.tidings.mail.smtp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A plain TCP socket to the relay whose input obeys {@link ReplyLimits}: every write starts the
 * clock for the reply it asks for, and must itself be done within the timeout (see
 * {@link WriteDeadline}). With {@code loopbackOnly}, the connection is refused unless the
 * address it reached is a loopback address: a relay let go without TLS because its name looked
 * local must be local by address, whatever DNS answered when the URL was read.
 */
final class GuardedSocket extends Socket {
    private final Duration timeout;
    private final boolean loopbackOnly;
    private ReplyLimits input;
    private OutputStream output;

    GuardedSocket(Duration timeout, boolean loopbackOnly) {
        this.timeout = timeout;
        this.loopbackOnly = loopbackOnly;
    }

    /** Refused before a byte of SMTP: the relay resolved to an address that is not loopback. */
    static final class NotLoopback extends IOException {
        NotLoopback(InetAddress address) {
            super("it resolved to " + address.getHostAddress() + ", which is not a loopback address, and a relay"
                    + " off this machine must be reached with TLS");
        }
    }

    @Override
    public void connect(SocketAddress endpoint, int timeoutMillis) throws IOException {
        super.connect(endpoint, timeoutMillis);
        InetAddress reached = getInetAddress();
        if (loopbackOnly && (reached == null || !reached.isLoopbackAddress())) {
            close();
            throw new NotLoopback(reached);
        }
        if (input != null) {
            input.startClock(); // the greeting is due within the timeout of the connection
        }
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (input == null) {
            input = new ReplyLimits(super.getInputStream(), timeout, this::setSoTimeout);
        }
        return input;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
        if (output == null) {
            output = ((ReplyLimits) getInputStream()).startingTheClock(new WriteDeadline(super.getOutputStream()));
        }
        return output;
    }

    /**
     * Each write done within the timeout, or the socket is closed and the write fails with
     * {@link ReplyLimits.WriteStalled}. Java has no write timeout: a relay that stops reading (or
     * answers a pipelined batch ahead, then reads nothing) blocks a write for ever once the socket
     * buffers are full. Angus guards its own writes (mail.smtp.writetimeout), but the data of a
     * pipelined batch is written to this socket directly ({@link AngusSmtpConnection}), and a
     * relay that answered a thousand transactions at once held a send, and the ledger's lock, for
     * ever. Postfix bounds each write the same way ({@code smtp_data_xfer_timeout}).
     */
    private final class WriteDeadline extends FilterOutputStream {
        WriteDeadline(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ScheduledFuture<?> watch = ReplyLimits.WATCHDOG.schedule(this::abandon, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                out.write(bytes, offset, length);
            } catch (IOException | RuntimeException e) {
                if (watch.cancel(false)) {
                    throw e;
                }
                throw new ReplyLimits.WriteStalled(timeout);
            }
            if (!watch.cancel(false)) {
                throw new ReplyLimits.WriteStalled(timeout); // done, but only as the socket was closed under it
            }
        }

        private void abandon() {
            try {
                GuardedSocket.this.close();
            } catch (IOException ignored) {
                // the blocked write fails either way, which is the point
            }
        }
    }

    /** TLS is being layered over this socket (STARTTLS): the limits move above it. */
    void carryTls() throws IOException {
        ((ReplyLimits) getInputStream()).carryTls();
    }
}
