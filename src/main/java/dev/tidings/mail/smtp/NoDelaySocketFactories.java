package dev.tidings.mail.smtp;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Socket factories that turn off Nagle's algorithm (TCP_NODELAY).
 *
 * <p>Why: Angus Mail writes a message larger than its 8 KiB buffer in two segments. With Nagle on,
 * the second segment waits until the first is acknowledged, and the receiving kernel delays that
 * acknowledgement (delayed ACK, ~40 ms on Linux). Every newsletter-sized message then costs ~44 ms
 * of idle time: about 23 messages per second per connection on loopback instead of thousands.
 * SMTP is request/response with large writes, exactly the case TCP_NODELAY is for.
 *
 * <p>Every socket they make also holds the relay to {@link ReplyLimits}: bounded reply lines and
 * replies, and a deadline per reply rather than per read.
 */
final class NoDelaySocketFactories {
    private NoDelaySocketFactories() {
    }

    /**
     * Plain sockets whose replies obey {@link ReplyLimits} within {@code timeout}; with
     * {@code loopbackOnly}, refused unless they reach a loopback address (see {@link GuardedSocket}).
     */
    static SocketFactory plain(Duration timeout, boolean loopbackOnly) {
        return new Plain(timeout, loopbackOnly);
    }

    static SSLSocketFactory tls(SSLSocketFactory delegate, Duration timeout) {
        return new Tls(() -> delegate, timeout);
    }

    /**
     * TLS with the JVM's default trust store, set up on first use: loading the trust store costs
     * about 100 ms, which a send to a loopback relay without TLS never needs to pay.
     */
    static SSLSocketFactory defaultTls(Duration timeout) {
        return new Tls(new java.util.function.Supplier<>() {
            private SSLSocketFactory factory;

            @Override
            public synchronized SSLSocketFactory get() {
                if (factory == null) {
                    factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
                }
                return factory;
            }
        }, timeout);
    }

    /** The plain socket the factory made last on this thread: see {@link #takePlainSocket()}. */
    private static final ThreadLocal<Socket> LAST_PLAIN = new ThreadLocal<>();

    /**
     * The plain socket made on this thread since the last call, or null; a connection takes it
     * right after Angus has connected, to write message data itself (see {@link AngusSmtpConnection}).
     */
    static Socket takePlainSocket() {
        Socket socket = LAST_PLAIN.get();
        LAST_PLAIN.remove();
        return socket;
    }

    private static Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static Socket remembered(Socket socket) throws IOException {
        // A send buffer that holds a whole message: its data is then queued in one write that
        // cannot block (the server has read all that came before, or it would not have replied).
        socket.setSendBufferSize(SEND_BUFFER);
        LAST_PLAIN.set(socket);
        return noDelay(socket);
    }

    /** Bytes of send buffer asked for; Linux doubles it for its bookkeeping. */
    static final int SEND_BUFFER = 256 * 1024;

    private static final class Plain extends SocketFactory {
        private final Duration timeout;
        private final boolean loopbackOnly;

        Plain(Duration timeout, boolean loopbackOnly) {
            this.timeout = timeout;
            this.loopbackOnly = loopbackOnly;
        }

        @Override
        public Socket createSocket() throws IOException {
            return remembered(new GuardedSocket(timeout, loopbackOnly));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connected(createSocket(), null, new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return connected(createSocket(), new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connected(createSocket(), null, new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return connected(createSocket(), new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
        }

        private Socket connected(Socket socket, InetSocketAddress local, InetSocketAddress remote) throws IOException {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return socket;
        }
    }

    /** TLS sockets whose decrypted replies obey {@link ReplyLimits} (see {@link GuardedSslSocket}). */
    private static final class Tls extends SSLSocketFactory {
        private final java.util.function.Supplier<SSLSocketFactory> delegate;
        private final Duration timeout;

        Tls(java.util.function.Supplier<SSLSocketFactory> delegate, Duration timeout) {
            this.delegate = delegate;
            this.timeout = timeout;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.get().getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.get().getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return guarded(delegate.get().createSocket());
        }

        /**
         * STARTTLS, and implicit TLS (Angus connects a plain socket first): layers TLS over the
         * connected socket. When that is this thread's guarded plain socket, its limits move above TLS.
         */
        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            if (LAST_PLAIN.get() instanceof GuardedSocket plain) {
                plain.carryTls();
            }
            return guarded(delegate.get().createSocket(socket, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return guarded(delegate.get().createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return guarded(delegate.get().createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return guarded(delegate.get().createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return guarded(delegate.get().createSocket(address, port, localAddress, localPort));
        }

        private Socket guarded(Socket socket) throws IOException {
            return noDelay(new GuardedSslSocket((SSLSocket) socket, timeout));
        }
    }
}
