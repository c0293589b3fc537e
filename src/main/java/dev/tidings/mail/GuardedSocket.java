package dev.tidings.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * A plain TCP socket to the relay whose input obeys {@link ReplyLimits}: every write starts the
 * clock for the reply it asks for. With {@code loopbackOnly}, the connection is refused unless the
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
            output = ((ReplyLimits) getInputStream()).startingTheClock(super.getOutputStream());
        }
        return output;
    }

    /** TLS is being layered over this socket (STARTTLS): the limits move above it. */
    void carryTls() throws IOException {
        ((ReplyLimits) getInputStream()).carryTls();
    }
}
