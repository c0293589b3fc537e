package dev.tidings.links;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.tidings.Deadlines;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A web server on 127.0.0.1 with a page for every answer a link check has to understand. It
 * records each request, counts the requests in flight at once, and can hold requests until
 * enough are in flight together, so that a concurrency limit is put to the test without timing.
 *
 * <pre>
 * /ok                200                     /missing     404
 * /moved             301 to /ok (relative)   /error       500
 * /moved-308         308 to /ok (absolute)   /busy        429, /down 503
 * /found             302 to /ok              /no-head     HEAD 405, GET 200 with a 64 MiB body
 * /loop-a, /loop-b   302 to each other       /chain/N     302 to /chain/N+1, forever
 * /moved-to-missing  301 to /missing         /stall       accepts, never answers (until close)
 * /hold/...          200 once the hold's company has arrived (see {@link Hold})
 * /forbidden         403                     /to-ftp      302 to ftp://127.0.0.1/file
 * /huge-declared     200, Content-Length 50 MB, sent   /huge-streamed  200, 50 MB chunked (no length)
 * /drip              200, then one byte every 100 ms until the client hangs up
 * /pages/NAME        a page given to {@link #page}, with its Content-Type;  /go/NAME  302 to /pages/NAME
 * /gzipped/NAME      the same page gzipped, to a client that asks for gzip (406 to one that does not)
 * /gzip-bomb         20 MB of zeros in some 20 KB of gzip     /brotli  a body in Content-Encoding br
 * </pre>
 */
public final class LinkServer implements AutoCloseable {
    /** One request as the server saw it. */
    public record Request(String method, String target, String userAgent) {
        @Override
        public String toString() {
            return method + " " + target;
        }
    }

    private static final int BIG_BODY = 64 << 20;
    private static final int HUGE_BODY = 50 << 20;

    /** A page to serve at /pages/NAME. */
    private record Page(String contentType, byte[] body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Request> requests = new ArrayList<>();
    private final CompletableFuture<Boolean> pageAbandoned = new CompletableFuture<>();
    private final CompletableFuture<Long> hugeEnded = new CompletableFuture<>();
    private final CompletableFuture<Long> dripEnded = new CompletableFuture<>();
    private final java.util.Map<String, Page> pages = new java.util.concurrent.ConcurrentHashMap<>();
    private final Hold own = new Hold();
    private volatile Hold shared;
    private volatile int holdUntilInFlight = Integer.MAX_VALUE;
    private volatile int holdUntilArrived = 0;

    private LinkServer(HttpServer server) {
        this.server = server;
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public static LinkServer start() throws IOException {
        return new LinkServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    /** The same pages over TLS, presenting the certificate of this context. */
    public static LinkServer startTls(SSLContext context) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new LinkServer(server);
    }

    public String url(String path) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The paths requested, in arrival order, as "HEAD /ok". */
    public List<String> requestLines() {
        return requests().stream().map(Request::toString).toList();
    }

    /** Completes when a GET of /no-head ends: true when the client hung up before the whole page was sent. */
    public CompletableFuture<Boolean> pageAbandoned() {
        return pageAbandoned;
    }

    /** Serves {@code body} at /pages/{@code name} with this Content-Type (none when null). */
    public void page(String name, String contentType, byte[] body) {
        pages.put(name, new Page(contentType, body));
    }

    /** Completes when a /huge-* page ends, sent or abandoned: how many bytes of its body were written. */
    public CompletableFuture<Long> hugeEnded() {
        return hugeEnded;
    }

    /** Completes when the client hangs up on /drip: how many bytes had dripped. */
    public CompletableFuture<Long> dripEnded() {
        return dripEnded;
    }

    /** The most /hold requests this server had in flight at once. */
    public int maxInFlight() {
        return own.max();
    }

    /**
     * /hold requests wait until {@code inFlight} are in flight at once (counted by {@code company},
     * which servers may share), or until {@code expected} have arrived in all, since then no more are coming.
     */
    public void holdUntil(Hold company, int inFlight, int expected) {
        this.shared = company;
        this.holdUntilInFlight = inFlight;
        this.holdUntilArrived = expected;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        synchronized (this) {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("User-Agent")));
        }
        try (exchange) {
            if (path.startsWith("/hold/")) {
                hold(exchange);
            } else if (path.startsWith("/pages/")) {
                servePage(exchange, pages.get(path.substring("/pages/".length())));
            } else if (path.startsWith("/gzipped/")) {
                gzipped(exchange, pages.get(path.substring("/gzipped/".length())));
            } else if (path.startsWith("/go/")) {
                redirect(exchange, 302, "/pages/" + path.substring("/go/".length()));
            } else if (path.startsWith("/chain/")) {
                redirect(exchange, 302, "/chain/" + (Integer.parseInt(path.substring("/chain/".length())) + 1));
            } else {
                switch (path) {
                    case "/ok" -> answer(exchange, 200);
                    case "/moved" -> redirect(exchange, 301, "/ok");
                    case "/moved-308" -> redirect(exchange, 308, url("/ok"));
                    case "/found" -> redirect(exchange, 302, "/ok");
                    case "/moved-to-missing" -> redirect(exchange, 301, "/missing");
                    case "/loop-a" -> redirect(exchange, 302, "/loop-b");
                    case "/loop-b" -> redirect(exchange, 302, "/loop-a");
                    case "/missing" -> answer(exchange, 404);
                    case "/error" -> answer(exchange, 500);
                    case "/busy" -> answer(exchange, 429);
                    case "/down" -> answer(exchange, 503);
                    case "/no-head" -> noHead(exchange);
                    case "/stall" -> stall();
                    case "/forbidden" -> answer(exchange, 403);
                    case "/to-ftp" -> redirect(exchange, 302, "ftp://127.0.0.1/file");
                    case "/huge-declared" -> huge(exchange, HUGE_BODY);
                    case "/huge-streamed" -> huge(exchange, 0);
                    case "/drip" -> drip(exchange);
                    case "/gzip-bomb" -> encoded(exchange, "gzip", gzip(new byte[20 << 20]));
                    case "/brotli" -> encoded(exchange, "br", new byte[] {0x1b, 0x03, 0x00});
                    default -> answer(exchange, 404);
                }
            }
        }
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        byte[] page = ("<!DOCTYPE html><title>" + status + "</title>").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : page.length);
        if (!head) {
            exchange.getResponseBody().write(page);
        }
    }

    private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(status, -1);
    }

    /** Refuses HEAD like some servers do; GET sends a page far bigger than any socket buffer, to see whether it is read. */
    private void noHead(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        exchange.sendResponseHeaders(200, BIG_BODY);
        byte[] chunk = new byte[64 << 10];
        try {
            OutputStream body = exchange.getResponseBody();
            for (int sent = 0; sent < BIG_BODY; sent += chunk.length) {
                body.write(chunk);
            }
            body.flush();
            pageAbandoned.complete(false);
        } catch (IOException e) {
            pageAbandoned.complete(true);
        }
    }

    private static void servePage(HttpExchange exchange, Page page) throws IOException {
        if (page == null) {
            answer(exchange, 404);
            return;
        }
        if (page.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", page.contentType());
        }
        exchange.sendResponseHeaders(200, page.body().length);
        exchange.getResponseBody().write(page.body());
    }

    private static void gzipped(HttpExchange exchange, Page page) throws IOException {
        String accepted = String.valueOf(exchange.getRequestHeaders().getFirst("Accept-Encoding"));
        if (page == null || !accepted.contains("gzip")) {
            answer(exchange, page == null ? 404 : 406);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", page.contentType());
        encoded(exchange, "gzip", gzip(page.body()));
    }

    private static void encoded(HttpExchange exchange, String encoding, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Encoding", encoding);
        exchange.getResponseHeaders().putIfAbsent("Content-Type", List.of("text/html; charset=utf-8"));
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    /** 50 MB of page, declared ({@code length} > 0) or chunked (0), counting what was written before the client hung up. */
    private void huge(HttpExchange exchange, long length) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, length);
        byte[] chunk = "<p>la la la</p>\n".repeat(4096).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long sent = 0;
        try {
            OutputStream body = exchange.getResponseBody();
            while (sent + chunk.length <= HUGE_BODY) {
                body.write(chunk);
                sent += chunk.length;
            }
            body.flush();
        } catch (IOException e) {
            // the client hung up: what it had been sent is the point
        }
        hugeEnded.complete(sent);
    }

    /** Headers at once, then a byte every 100 ms, for ever: a reader must give up on its own deadline. */
    private void drip(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        long sent = 0;
        try {
            OutputStream body = exchange.getResponseBody();
            while (!closing.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                body.write('<');
                body.flush();
                sent++;
            }
        } catch (IOException e) {
            dripEnded.complete(sent);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stall() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void hold(HttpExchange exchange) throws IOException {
        Hold company = shared == null ? own : shared;
        own.enter();
        if (company != own) {
            company.enter();
        }
        company.awaitCompany(holdUntilInFlight, holdUntilArrived);
        // Counted out before the answer leaves: once the client has it, it may send the next request at once.
        own.exit();
        if (company != own) {
            company.exit();
        }
        answer(exchange, 200);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }

    /** Requests in flight at once: now, at most, and arrived in all. */
    public static final class Hold {
        /**
         * Only a bound for a checker that never sends enough requests together; a correct one never
         * waits this long (scaled: on a busy machine the company may be slow to arrive). The tests
         * give the checker a longer timeout than this.
         */
        private static final long SAFETY_MILLIS = Deadlines.seconds(10).toMillis();

        private int inFlight;
        private int max;
        private int arrived;
        private boolean released;

        /** Lets every held request go now, and every later one at once. */
        public synchronized void release() {
            released = true;
            notifyAll();
        }

        synchronized void enter() {
            inFlight++;
            arrived++;
            max = Math.max(max, inFlight);
            notifyAll();
        }

        synchronized void exit() {
            inFlight--;
        }

        public synchronized int max() {
            return max;
        }

        synchronized void awaitCompany(int wanted, int expected) {
            long deadline = System.currentTimeMillis() + SAFETY_MILLIS;
            while (!released && max < wanted && arrived < expected) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
