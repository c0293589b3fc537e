package dev.tidings.inbox;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A socket whose reads end at a deadline instead of after a quiet spell (see {@link ImapDeadlines}):
 * a write starts a command's clock, and a read waits only for what is left of it. It wraps the
 * socket Angus Mail connected, and delegates everything else to it.
 *
 * <p>Past 300 lines only because {@link Socket} is a class, not an interface: two thirds of this
 * file are the one-line delegations a wrapper of a connected socket must write out. The deadline
 * logic is the first hundred lines (the constructor to {@link #getOutputStream}).
 */
final class DeadlineSocket extends Socket {
    private final Socket socket;
    private final ImapDeadlines deadlines;
    /** System.nanoTime() by which the command being answered must be done; set at creation (the greeting) and by each write. */
    private volatile long commandEnd;
    private InputStream in;
    private OutputStream out;

    DeadlineSocket(Socket socket, ImapDeadlines deadlines) {
        this.socket = socket;
        this.deadlines = deadlines;
        this.commandEnd = deadlines.commandEnd();
    }

    /** Before a read: SO_TIMEOUT is what is left; nothing left drops the connection. Returns the deadline. */
    private long beforeRead() throws IOException {
        long deadline = deadlines.deadline(commandEnd);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw dropped(deadline);
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left) + 1));
        return deadline;
    }

    /** A read timed out at the SO_TIMEOUT set to the time left: the deadline has passed. */
    private SocketTimeoutException dropped(long deadline) {
        SocketTimeoutException e = deadlines.expire(deadline);
        try {
            socket.close(); // Angus must not go on with a connection that is behind: the next command would read the old answer
        } catch (IOException ignored) {
            // closed either way
        }
        return e;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (in == null) {
            InputStream raw = socket.getInputStream();
            in = new FilterInputStream(raw) {
                @Override
                public int read() throws IOException {
                    long deadline = beforeRead();
                    try {
                        return raw.read();
                    } catch (SocketTimeoutException e) {
                        throw dropped(deadline);
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    long deadline = beforeRead();
                    try {
                        return raw.read(b, off, len);
                    } catch (SocketTimeoutException e) {
                        throw dropped(deadline);
                    }
                }
            };
        }
        return in;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
        if (out == null) {
            OutputStream raw = socket.getOutputStream();
            out = new FilterOutputStream(raw) {
                @Override
                public void write(int b) throws IOException {
                    commandEnd = deadlines.commandEnd();
                    raw.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    commandEnd = deadlines.commandEnd(); // a command going out: its answer is due within --timeout from now
                    raw.write(b, off, len);
                }
            };
        }
        return out;
    }

    // Everything else is the wrapped socket's.

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        socket.connect(endpoint);
        commandEnd = deadlines.commandEnd();
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        socket.connect(endpoint, timeout);
        commandEnd = deadlines.commandEnd();
    }

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        socket.bind(bindpoint);
    }

    @Override
    public InetAddress getInetAddress() {
        return socket.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getPort() {
        return socket.getPort();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return socket.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return socket.getLocalSocketAddress();
    }

    @Override
    public SocketChannel getChannel() {
        return null; // reads must go through the deadline, not around it
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        socket.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return socket.getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        socket.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return socket.getSoLinger();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        socket.setSoTimeout(timeout); // each read sets its own from the deadline
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return socket.getSoTimeout();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        socket.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return socket.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        socket.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return socket.getReceiveBufferSize();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        socket.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return socket.getKeepAlive();
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
        socket.setOOBInline(on);
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        return socket.getOOBInline();
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        socket.sendUrgentData(data);
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        socket.setTrafficClass(tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
        return socket.getTrafficClass();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        socket.setReuseAddress(on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return socket.getReuseAddress();
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        socket.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return socket.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return socket.supportedOptions();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public void shutdownInput() throws IOException {
        socket.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public boolean isConnected() {
        return socket.isConnected();
    }

    @Override
    public boolean isBound() {
        return socket.isBound();
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public boolean isInputShutdown() {
        return socket.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return socket.isOutputShutdown();
    }

    @Override
    public String toString() {
        return "DeadlineSocket[" + socket + "]";
    }
}
