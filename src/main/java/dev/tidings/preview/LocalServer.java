package dev.tidings.preview;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.time.Duration;

/**
 * The HTTP server under {@code preview} and {@code sandbox}: Jetty 12 core, no servlets, on the
 * address given (loopback unless told otherwise), with limits that keep slow or idle clients from
 * locking anyone out.
 *
 * <p>Why Jetty and not the JDK's HttpServer these two used before: the JDK server reads a
 * request's headers on a worker thread, so as many clients as it has threads, each sending a
 * header a byte at a time or nothing at all, stopped it answering anyone (the sandbox had four).
 * Jetty reads requests on a selector, without a thread, until a whole request has arrived, and
 * offers what such a server needs: an idle timeout per connection, a header size limit, a bounded
 * pool of threads and a cap on connections. To these we add a deadline for the request headers
 * ({@link HeaderDeadline}), as Apache's {@code RequestReadTimeout} and nginx's
 * {@code client_header_timeout} do, and the guard every request passes first
 * ({@link RequestGuard}: the Host check against DNS rebinding, methods, security headers).
 */
final class LocalServer implements AutoCloseable {
    /**
     * How much a client may take. A request header over {@code headerBytes} gets 431; one whose
     * headers are not complete {@code headerDeadline} after the connection opened (or after its
     * previous response) is dropped; a connection with no traffic for {@code idleTimeout} is
     * closed (the preview's event stream writes a keep-alive line more often than that).
     */
    record Limits(int headerBytes, Duration headerDeadline, Duration idleTimeout, int maxConnections, int maxThreads) {
        static final Limits DEFAULT = new Limits(8 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(30), 256, 32);
    }

    private final Server server;
    private final ServerConnector connector;

    private LocalServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Listens on {@code bind:port} (0 picks a free port) and hands each request that passes the
     * guard to {@code routes}. {@code name} names the threads; {@code busyHint} ends the message
     * when the port is taken.
     */
    static LocalServer start(String name, String bind, int port, Limits limits, Handler routes, String busyHint) {
        QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), 2);
        threads.setName("tidings-" + name + "-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.headerBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setAcceptQueueSize(64);
        HeaderDeadline deadline = new HeaderDeadline(connector, limits.headerDeadline());
        connector.addBean(deadline);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        RequestGuard guard = new RequestGuard(bind, connector::getLocalPort, deadline);
        guard.setHandler(routes);
        server.setHandler(guard);
        server.setErrorHandler(new PlainErrors());
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw ListenFailure.of(bind, port, e, busyHint);
        }
        return new LocalServer(server, connector);
    }

    int port() {
        return connector.getLocalPort();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // it never started; nothing is left to release
        }
    }

    @Override
    public void close() {
        stopQuietly(server);
    }

    /** Jetty's own error answers as one plain line with our headers, not an HTML page that repeats the exception. */
    private static final class PlainErrors extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = response.getStatus();
            Http.secureDefaults(response);
            Http.send(request, response, callback, status, "text/plain", status + " " + HttpStatus.getMessage(status) + "\n");
            return true;
        }
    }
}
