package dev.tidings.inbox;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Deadlines for an IMAP session: each command must be answered within {@code --timeout} of being
 * written, and connecting with logging in must be done within it as a whole.
 *
 * <p>Why: Angus Mail's {@code mail.imap.timeout} is the socket's SO_TIMEOUT, a limit on each read.
 * A server that sends one byte a second never trips it, and keeps {@code unsubscribes} (and the
 * cron job behind it) waiting for ever. Angus has no deadline of its own.
 *
 * <p>How: every socket of the session, plain or under TLS, is a {@link DeadlineSocket}. Writing
 * starts a command's clock (IMAP is request and response: the client writes a command, then reads
 * until its tagged answer), and each read first sets SO_TIMEOUT to what is left before the nearer
 * deadline. Past it the socket is closed, so Angus cannot go on with it, and the read fails. A
 * watchdog thread that closes the socket could bound whole calls into Angus, but not each
 * command: only the socket sees where one begins. It is what Postfix made of its own per-read
 * limits when they proved as weak ({@code smtp_per_request_deadline}, Postfix 3.7: one time limit
 * for sending a complete request and receiving its complete response).
 */
final class ImapDeadlines {
    private final long perCommandNanos;
    private final Duration perCommand;
    private volatile boolean loggingIn;
    private volatile long loginEnd;
    private volatile String expired;

    ImapDeadlines(Duration perCommand) {
        this.perCommand = perCommand;
        this.perCommandNanos = perCommand.toNanos();
    }

    /** From now until {@link #loggedIn()}, connecting and logging in share one deadline too. */
    void loggingIn() {
        loginEnd = System.nanoTime() + perCommandNanos;
        loggingIn = true;
    }

    void loggedIn() {
        loggingIn = false;
    }

    /** What ran out of time, in words for the stop message; null while nothing has. */
    String expired() {
        return expired;
    }

    Duration perCommand() {
        return perCommand;
    }

    long commandEnd() {
        return System.nanoTime() + perCommandNanos;
    }

    /** The nearer of a command's deadline and, while logging in, the login's. */
    long deadline(long commandEnd) {
        return loggingIn && loginEnd - commandEnd < 0 ? loginEnd : commandEnd;
    }

    /** Records that the deadline passed and says so in the exception the read throws. */
    SocketTimeoutException expire(long deadline) {
        boolean login = loggingIn && deadline == loginEnd;
        String what = login ? "connecting and logging in took longer than " + seconds()
                : "the server did not complete a command within " + seconds();
        if (expired == null) {
            expired = what;
        }
        return new SocketTimeoutException(what);
    }

    private String seconds() {
        return perCommand.toSeconds() + " s (--timeout)";
    }

    /** For mail.imap.socketFactory: Angus asks it for an unconnected socket and connects it. */
    SocketFactory plain() {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return new DeadlineSocket(new Socket(), ImapDeadlines.this);
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return connected(new InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return connected(new InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return connected(new InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
                return connected(new InetSocketAddress(address, port));
            }

            private Socket connected(InetSocketAddress address) throws IOException {
                Socket socket = createSocket();
                socket.connect(address, (int) Math.min(Integer.MAX_VALUE, perCommand.toMillis()));
                return socket;
            }
        };
    }

    /**
     * For mail.imap.ssl.socketFactory: Angus connects a plain socket itself (imaps://, STARTTLS)
     * and asks this factory to put TLS over it; the plain socket is guarded first, so the
     * handshake and every record read under TLS keep the deadlines too.
     */
    SSLSocketFactory tls(SSLSocketFactory delegate) {
        SocketFactory plain = plain();
        return new SSLSocketFactory() {
            @Override
            public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
                return delegate.createSocket(new DeadlineSocket(socket, ImapDeadlines.this), host, port, autoClose);
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return createSocket(plain.createSocket(host, port), host, port, true);
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return createSocket(host, port);
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return createSocket(plain.createSocket(host, port), host.getHostName(), port, true);
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
                return createSocket(address, port);
            }

            @Override
            public String[] getDefaultCipherSuites() {
                return delegate.getDefaultCipherSuites();
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return delegate.getSupportedCipherSuites();
            }
        };
    }
}
