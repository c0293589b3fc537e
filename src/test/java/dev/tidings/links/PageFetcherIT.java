package dev.tidings.links;

import dev.tidings.Deadlines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page fetcher of {@code tidings add} against a real web server on loopback: what it reads, and every way it refuses. */
class PageFetcherIT {
    private static final String UA = "tidings/test (newsletter curation)";
    private static LinkServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = LinkServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aPageIsReadWholeAfterItsRedirectsWithItsContentType() throws Exception {
        LinkServer own = LinkServer.start();
        try (own) {
            byte[] page = "<!DOCTYPE html><title>Caf\u00e9</title>".getBytes(StandardCharsets.UTF_8);
            own.page("cafe", "text/html; charset=utf-8", page);
            FetchedPage fetched = fetcher(Deadlines.seconds(10)).fetch(URI.create(own.url("/go/cafe#part-two")));
            assertEquals(URI.create(own.url("/go/cafe#part-two")), fetched.requested());
            assertEquals(URI.create(own.url("/pages/cafe")), fetched.finalUri());
            assertEquals("text/html; charset=utf-8", fetched.contentType());
            assertArrayEquals(page, fetched.body());
            assertEquals(List.of(new LinkServer.Request("GET", "/go/cafe", UA), new LinkServer.Request("GET", "/pages/cafe", UA)), own.requests());
        }
    }

    @Test
    void aPageIsAskedForGzippedAndDecoded() throws Exception {
        LinkServer own = LinkServer.start();
        try (own) {
            byte[] page = ("<!DOCTYPE html><title>Caf\u00e9</title>" + "<p>la la la</p>".repeat(1000)).getBytes(StandardCharsets.UTF_8);
            own.page("cafe", "text/html; charset=utf-8", page);
            FetchedPage fetched = fetcher(Deadlines.seconds(10)).fetch(URI.create(own.url("/gzipped/cafe")));
            assertArrayEquals(page, fetched.body());
            assertEquals("text/html; charset=utf-8", fetched.contentType());
        }
    }

    @Test
    void aGzipBombIsRefusedAtTwoMegabytesDecoded() {
        assertEquals("larger than 2 MB once decoded", failure("/gzip-bomb"));
        assertEquals("sent in an encoding tidings does not read (br)", failure("/brotli"));
    }

    @Test
    void errorAnswersAreRefusedInWords() {
        assertEquals("answered 404 Not Found", failure("/missing"));
        assertEquals("answered 403 Forbidden", failure("/forbidden"));
        assertEquals("answered 429 Too Many Requests", failure("/busy"));
        assertEquals("answered 404 Not Found (after redirects to '" + server.url("/missing") + "')", failure("/moved-to-missing"));
    }

    @Test
    void redirectsThatLeadNowhereAreRefused() {
        assertEquals("redirect loop: " + server.url("/loop-a") + " -> " + server.url("/loop-b") + " -> " + server.url("/loop-a"),
                failure("/loop-a"));
        assertEquals("more than 10 redirects (after redirects to '" + server.url("/chain/10") + "')", failure("/chain/0"));
        assertEquals("redirects to 'ftp://127.0.0.1/file', which is not an http or https address", failure("/to-ftp"));
    }

    @Test
    void onlyWebAddressesAreFetched() {
        for (String address : List.of("ftp://127.0.0.1/file", "file:///etc/passwd", "javascript:alert(1)", "mailto:a@example.org")) {
            FetchFailure refused = assertThrows(FetchFailure.class, () -> fetcher(Deadlines.seconds(10)).fetch(URI.create(address)));
            assertEquals("is not an http or https address", refused.getMessage(), address);
        }
    }

    @Test
    void aHeaderWithAnEscapeSequenceIsRefusedWithoutTheEscapeReachingTheTerminal() throws Exception {
        // Red team: the client's "Invalid header value" message quotes the header, ESC and BEL included; the reason was
        // printed as it was, so any page could retitle the editor's terminal or, with OSC 52, write to its clipboard.
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (var client = socket.accept()) {
                    client.getInputStream().read(new byte[4096]);
                    client.getOutputStream().write(("HTTP/1.1 302 Found\r\nLocation: /x\u001b]52;c;ZXZpbA==\u0007\r\n"
                            + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    client.getOutputStream().flush();
                } catch (IOException ignored) {
                    // the test sees what the fetcher made of it
                }
            });
            answer.start();
            FetchFailure refused = assertThrows(FetchFailure.class,
                    () -> fetcher(Deadlines.seconds(10)).fetch(URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/")));
            answer.join();
            assertEquals("no answer (Invalid header value \"Location: /x\\x1B]52;c;ZXZpbA==\")", refused.getMessage());
        }
    }

    @Test
    void aClosedPortIsConnectionRefused() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        FetchFailure refused = assertThrows(FetchFailure.class,
                () -> fetcher(Deadlines.seconds(10)).fetch(URI.create("http://127.0.0.1:" + port + "/")));
        assertEquals("connection refused", refused.getMessage());
    }

    @Test
    void aDeclaredFiftyMegabytesIsRefusedUnread() throws Exception {
        LinkServer own = LinkServer.start();
        try (own) {
            FetchFailure refused = assertThrows(FetchFailure.class, () -> fetcher(Deadlines.seconds(10)).fetch(URI.create(own.url("/huge-declared"))));
            assertEquals("larger than 2 MB", refused.getMessage());
            long sent = own.hugeEnded().get(Deadlines.seconds(30).toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(sent < 16 << 20, "the server sent " + sent + " bytes of 50 MB before the fetcher hung up");
        }
    }

    @Test
    void aStreamedFiftyMegabytesIsCutAfterTwo() throws Exception {
        LinkServer own = LinkServer.start();
        try (own) {
            FetchFailure refused = assertThrows(FetchFailure.class, () -> fetcher(Deadlines.seconds(10)).fetch(URI.create(own.url("/huge-streamed"))));
            assertEquals("larger than 2 MB", refused.getMessage());
            long sent = own.hugeEnded().get(Deadlines.seconds(30).toMillis(), TimeUnit.MILLISECONDS);
            // Two megabytes read, plus what the sockets' buffers held: far from fifty.
            assertTrue(sent < 16 << 20, "the server sent " + sent + " bytes of 50 MB before the fetcher hung up");
        }
    }

    @Test
    void aPageThatDripsFailsAtTheDeadlineAndIsHungUpOn() throws Exception {
        LinkServer own = LinkServer.start();
        try (own) {
            long timeout = Deadlines.wholeSeconds(1);
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                Future<FetchedPage> fetch = thread.submit(() -> fetcher(Duration.ofSeconds(timeout)).fetch(URI.create(own.url("/drip"))));
                // Waited for with a deadline well past the timeout: a fetcher that reads on while bytes come never ends.
                ExecutionException refused = assertThrows(ExecutionException.class,
                        () -> fetch.get(timeout * 1000 + Deadlines.seconds(5).toMillis(), TimeUnit.MILLISECONDS));
                assertEquals("timed out: the page was still arriving after " + timeout + " s", refused.getCause().getMessage());
            } finally {
                thread.shutdownNow();
            }
            // The connection is closed, not left dripping: the server's next writes fail.
            own.dripEnded().get(Deadlines.seconds(30).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        long timeout = Deadlines.wholeSeconds(1);
        FetchFailure refused = assertThrows(FetchFailure.class, () -> fetcher(Duration.ofSeconds(timeout)).fetch(URI.create(server.url("/stall"))));
        assertEquals("timed out: no answer within " + timeout + " s", refused.getMessage());
    }

    @Test
    void noMoreThanTheLimitIsInFlightToOneHost() throws Exception {
        LinkServer own = LinkServer.start();
        List<Thread> fetching = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(6, runnable -> {
            Thread thread = new Thread(runnable, "fetch");
            fetching.add(thread);
            return thread;
        });
        try (own) {
            // Held until released: the two allowed stay in flight while the other four fetches must wait for a permit.
            LinkServer.Hold company = new LinkServer.Hold();
            own.holdUntil(company, Integer.MAX_VALUE, Integer.MAX_VALUE);
            PageFetcher shared = new PageFetcher(new LinkCheckSettings(Deadlines.seconds(30), Deadlines.seconds(30), 8, 2, UA));
            List<Future<FetchedPage>> fetches = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                URI uri = URI.create(own.url("/hold/" + i));
                fetches.add(threads.submit(() -> shared.fetch(uri)));
            }
            Deadlines.await("two requests at the server and four fetches waiting for their host's permit",
                    () -> own.requests().size() == 2 && waitingForAPermit(fetching) == 4, Duration.ofSeconds(10));
            company.release();
            for (Future<FetchedPage> fetch : fetches) {
                fetch.get(Deadlines.seconds(60).toMillis(), TimeUnit.MILLISECONDS);
            }
            assertEquals(6, own.requests().size());
            assertEquals(2, own.maxInFlight(), "two at once to one host, never more");
        } finally {
            threads.shutdownNow();
        }
    }

    private static long waitingForAPermit(List<Thread> threads) {
        return threads.stream().filter(thread -> thread.getState() == Thread.State.WAITING
                && java.util.Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getClassName().equals(HostPermits.class.getName()))).count();
    }

    private static String failure(String path) {
        FetchFailure failure = assertThrows(FetchFailure.class, () -> fetcher(Deadlines.seconds(10)).fetch(URI.create(server.url(path))));
        return failure.getMessage();
    }

    private static PageFetcher fetcher(Duration timeout) {
        return new PageFetcher(new LinkCheckSettings(timeout, timeout, 8, 2, UA));
    }
}
