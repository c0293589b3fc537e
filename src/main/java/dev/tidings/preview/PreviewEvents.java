package dev.tidings.preview;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The preview's server-sent events ({@code /events}): "hello" when a page connects, "reload"
 * whenever the rendering changes, and a comment line every 15 seconds so that an open stream is
 * never idle long enough for us or a proxy to close it. One thread waits for new renderings and
 * writes to every open stream without waiting on any: a stream holds no thread, and a page that
 * stops reading loses its stream (the browser's EventSource reconnects, and "hello" reloads it).
 */
final class PreviewEvents implements AutoCloseable {
    static final Duration KEEPALIVE = Duration.ofSeconds(15);
    /** More open preview pages than anyone has; past this a stream is refused rather than kept. */
    static final int MAX_STREAMS = 32;
    /** What may wait for a stream that is still writing before it is given up. */
    private static final int MAX_PENDING_CHARS = 4096;

    private final LivePreview preview;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final Thread broadcaster;
    private volatile boolean closed;

    PreviewEvents(LivePreview preview) {
        this.preview = preview;
        this.broadcaster = new Thread(this::broadcast, "tidings-preview-events");
        broadcaster.setDaemon(true);
        broadcaster.start();
    }

    void open(Request request, Response response, Callback callback) {
        if (streams.size() >= MAX_STREAMS) {
            Http.send(request, response, callback, 503, "text/plain", "too many open preview pages; close some and reload\n");
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        Stream stream = new Stream(response, callback);
        streams.add(stream); // before reading the version: a rendering from now on reaches this stream too
        request.addFailureListener(stream::end);
        stream.send("retry: 500\nevent: hello\ndata: " + preview.current().version() + "\n\n");
    }

    private void broadcast() {
        long seen = preview.current().version();
        while (!closed) {
            long waitStarted = System.nanoTime();
            long now;
            try {
                now = preview.awaitNewerThan(seen, KEEPALIVE);
            } catch (InterruptedException e) {
                return;
            }
            if (now == seen && System.nanoTime() - waitStarted < KEEPALIVE.toNanos()) {
                return; // only a closed preview returns early with nothing new
            }
            String message = now > seen ? "event: reload\ndata: " + now + "\n\n" : ": keepalive\n\n";
            seen = now;
            streams.forEach(stream -> stream.send(message));
        }
    }

    @Override
    public void close() {
        closed = true;
        broadcaster.interrupt();
        streams.forEach(stream -> stream.end(new TimeoutException("the preview stopped")));
    }

    /** One open stream: writes one at a time, keeps what arrives meanwhile, up to a limit. */
    private final class Stream {
        private final Response response;
        private final Callback done;
        private final StringBuilder pending = new StringBuilder();
        private boolean writing;
        private boolean ended;

        Stream(Response response, Callback done) {
            this.response = response;
            this.done = done;
        }

        synchronized void send(String text) {
            if (ended) {
                return;
            }
            if (!writing) {
                write(text);
            } else if (pending.length() + text.length() <= MAX_PENDING_CHARS) {
                pending.append(text);
            } else {
                end(new TimeoutException("the page stopped reading its event stream"));
            }
        }

        private void write(String text) {
            writing = true;
            response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), Callback.from(this::written, this::end));
        }

        private synchronized void written() {
            writing = false;
            if (!ended && pending.length() > 0) {
                String next = pending.toString();
                pending.setLength(0);
                write(next);
            }
        }

        synchronized void end(Throwable why) {
            if (!ended) {
                ended = true;
                streams.remove(this);
                done.failed(why);
            }
        }
    }
}
