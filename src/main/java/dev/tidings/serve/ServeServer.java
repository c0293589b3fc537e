package dev.tidings.serve;

import dev.tidings.preview.HeaderDeadline;
import dev.tidings.preview.ListenFailure;
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
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The HTTP server of {@code tidings serve}: Jetty 12 core, meant for the open Internet behind a
 * TLS reverse proxy. Jetty rather than the JDK's HttpServer: it reads requests on a selector until
 * a whole one has arrived, so slow clients hold no thread, and it gives the limits such a server
 * needs. Every request passes, in order:
 * <ol>
 * <li>the connection limits: {@link Limits#maxConnections}, an idle timeout, and
 * {@link HeaderDeadline} (the whole header within a deadline: slowloris), a header size limit (431);
 * <li>the body limit ({@link SizeLimitHandler}): a body declared larger than {@link Limits#bodyBytes}
 * is refused with 413 before a byte of it is read, one that turns out larger while read likewise;
 * <li>{@link Answers#secureDefaults} (security headers on every answer), then the routes.
 * </ol>
 */
public final class ServeServer implements AutoCloseable {
    /**
     * How much a client may take. Forms are small: a signup is a few hundred bytes, an RFC 8058
     * body 26. Slow clients: the header within {@code headerDeadline}, no silence longer than
     * {@code idleTimeout}.
     */
    public record Limits(int headerBytes, long bodyBytes, Duration headerDeadline, Duration idleTimeout, int maxConnections,
                         int maxThreads) {
        public static final Limits DEFAULT = new Limits(8 * 1024, 16 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(20), 1024, 64);
    }

    private final Server server;
    private final ServerConnector connector;

    private ServeServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    static ServeServer start(String host, int port, Limits limits, ReaderRoutes routes, Path site) {
        QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), 4);
        threads.setName("tidings-serve-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.headerBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setSendDateHeader(true);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setAcceptQueueSize(256);
        HeaderDeadline deadline = new HeaderDeadline(connector, limits.headerDeadline());
        connector.addBean(deadline);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        Handler handlers = site == null ? routes : new Handler.Sequence(routes, siteFiles(site));
        SizeLimitHandler size = new SizeLimitHandler(limits.bodyBytes(), -1);
        size.setHandler(handlers);
        server.setHandler(new Guard(deadline, size));
        server.setErrorHandler(new PlainErrors());
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw ListenFailure.of(host, port, e, "is another serve running? Choose another with --listen");
        }
        return new ServeServer(server, connector);
    }

    /** The archive's files: no directory listings, index.html for a directory, no file outside the folder. */
    private static ResourceHandler siteFiles(Path site) {
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.of(files).newResource(site.toAbsolutePath()));
        files.setDirAllowed(false);
        files.setWelcomeFiles(java.util.List.of("index.html"));
        files.setEtags(true);
        files.setCacheControl("no-cache");
        return files;
    }

    public int port() {
        return connector.getLocalPort();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // nothing left to release
        }
    }

    @Override
    public void close() {
        stopQuietly(server);
    }

    /** The header deadline's bookkeeping, and the headers every answer carries. */
    private static final class Guard extends Handler.Wrapper {
        private final HeaderDeadline deadline;

        Guard(HeaderDeadline deadline, Handler next) {
            super(next);
            this.deadline = deadline;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            var connection = request.getConnectionMetaData().getConnection();
            deadline.requestArrived(connection);
            Request.addCompletionListener(request, failure -> deadline.answered(connection));
            Answers.secureDefaults(response);
            if (!super.handle(request, response, callback)) {
                Answers.text(request, response, callback, 404, "not found\n");
            }
            return true;
        }
    }

    /** Jetty's own error answers (413, 431, 400) as one plain line with our headers. */
    private static final class PlainErrors extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = response.getStatus();
            Answers.secureDefaults(response);
            Answers.text(request, response, callback, status, status + " " + HttpStatus.getMessage(status) + "\n");
            return true;
        }
    }
}
