package dev.tidings.links;

import dev.tidings.Deadlines;
import dev.tidings.digest.load.LinkUse;
import dev.tidings.digest.Problem;
import dev.tidings.digest.SourcePosition;
import dev.tidings.mail.smtp.TestCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The link checker against a real web server on loopback; no test needs the outside network (.invalid never resolves, RFC 2606). */
class LinkCheckerIT {
    private static final String UA = "tidings/test (newsletter link check)";
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
    void everyKindOfAnswerGetsItsVerdictInFileOrder() throws IOException {
        String closedPort = "http://127.0.0.1:" + closedPort() + "/";
        // Written out of order: the report must come in file order whatever order the answers come in.
        List<LinkUse> uses = List.of(
                use(14, server.url("/stall")),
                use(1, server.url("/ok")),
                use(2, server.url("/found")),
                use(3, server.url("/no-head")),
                use(4, server.url("/moved")),
                use(5, server.url("/moved-308")),
                use(6, server.url("/missing")),
                use(7, server.url("/error")),
                use(8, server.url("/busy")),
                use(9, server.url("/loop-a")),
                use(10, server.url("/chain/0")),
                use(11, server.url("/moved-to-missing")),
                use(12, "http://no-such-host.invalid/page"),
                use(13, closedPort),
                use(15, server.url("/down")));
        // /stall never answers; the timeout is what a slow machine needs for the pages that do.
        long timeout = Deadlines.wholeSeconds(1);
        LinkReport report = check(uses, settings(Duration.ofSeconds(timeout), 8, 2));
        assertEquals(List.of(
                "d.yaml:4:1: warning: issue.items[3].url: link '" + server.url("/moved") + "' moved permanently (301) to '"
                        + server.url("/ok") + "'; update the link",
                "d.yaml:5:1: warning: issue.items[4].url: link '" + server.url("/moved-308") + "' moved permanently (308) to '"
                        + server.url("/ok") + "'; update the link",
                "d.yaml:6:1: issue.items[5].url: link '" + server.url("/missing") + "' is broken: 404 Not Found",
                "d.yaml:7:1: issue.items[6].url: link '" + server.url("/error") + "' is broken: 500 Internal Server Error",
                "d.yaml:8:1: warning: issue.items[7].url: link '" + server.url("/busy") + "' could not be checked: it answered"
                        + " 429 Too Many Requests, which means the site is limiting requests or briefly down; check it again later",
                "d.yaml:9:1: issue.items[8].url: link '" + server.url("/loop-a") + "' is broken: redirect loop: "
                        + server.url("/loop-a") + " -> " + server.url("/loop-b") + " -> " + server.url("/loop-a"),
                "d.yaml:10:1: issue.items[9].url: link '" + server.url("/chain/0") + "' is broken: more than 10 redirects"
                        + " (after redirects to '" + server.url("/chain/10") + "')",
                "d.yaml:11:1: issue.items[10].url: link '" + server.url("/moved-to-missing") + "' is broken: 404 Not Found"
                        + " (after redirects to '" + server.url("/missing") + "')",
                "d.yaml:12:1: issue.items[11].url: link 'http://no-such-host.invalid/page' is broken: host not found (DNS)",
                "d.yaml:13:1: issue.items[12].url: link '" + closedPort + "' is broken: connection refused",
                "d.yaml:14:1: issue.items[13].url: link '" + server.url("/stall") + "' is broken: timed out: no answer within " + timeout + " s",
                "d.yaml:15:1: warning: issue.items[14].url: link '" + server.url("/down") + "' could not be checked: it answered"
                        + " 503 Service Unavailable, which means the site is limiting requests or briefly down; check it again later"),
                formatted(report));
        assertEquals(new LinkReport(report.problems(), 15, 15, 8, 2, 2), report);
    }

    @Test
    void anAnswerToComeBackLaterIsNotAskedAgainWithGet() throws IOException {
        LinkServer own = LinkServer.start();
        try (own) {
            check(List.of(use(1, own.url("/busy")), use(2, own.url("/down")), use(3, own.url("/error"))), settings(Deadlines.seconds(10), 1, 1));
            assertEquals(List.of("HEAD /busy", "HEAD /down", "HEAD /error", "GET /error"), own.requestLines());
        }
    }

    @Test
    void headRefusedIsAskedAgainWithGetWhosePageIsNotDownloaded() throws Exception {
        LinkServer own = LinkServer.start();
        try (own) {
            LinkReport report = check(List.of(use(1, own.url("/no-head"))), settings(Deadlines.seconds(10), 8, 2));
            assertEquals(List.of(), formatted(report));
            assertEquals(List.of("HEAD /no-head", "GET /no-head"), own.requestLines());
            assertTrue(own.pageAbandoned().get(Deadlines.seconds(30).toMillis(), TimeUnit.MILLISECONDS), "the checker read the whole 64 MiB page");
        }
    }

    @Test
    void anAddressUsedInSeveralPlacesIsRequestedOnceAndReportedAtEach() throws IOException {
        LinkServer own = LinkServer.start();
        try (own) {
            String missing = own.url("/missing");
            LinkReport report = check(List.of(use(3, missing + "#part-two"), use(1, missing), use(2, missing)),
                    settings(Deadlines.seconds(10), 8, 2));
            assertEquals(List.of(
                    "d.yaml:1:1: issue.items[0].url: link '" + missing + "' is broken: 404 Not Found",
                    "d.yaml:2:1: issue.items[1].url: link '" + missing + "' is broken: 404 Not Found",
                    "d.yaml:3:1: issue.items[2].url: link '" + missing + "#part-two' is broken: 404 Not Found"), formatted(report));
            assertEquals(List.of("HEAD /missing", "GET /missing"), own.requestLines(), "one address, asked once (HEAD, then GET)");
            assertEquals(1, report.links());
            assertEquals(3, report.uses());
        }
    }

    @Test
    void requestsNameTidingsAndCarryTheAddressAsWritten() throws IOException {
        LinkServer own = LinkServer.start();
        try (own) {
            check(List.of(use(1, own.url("/ok?ref=weekly&x=%C3%BC"))), settings(Deadlines.seconds(10), 8, 2));
            assertEquals(List.of(new LinkServer.Request("HEAD", "/ok?ref=weekly&x=%C3%BC", UA)), own.requests());
        }
    }

    @Test
    void noMoreThanTheLimitIsInFlightToOneHost() throws IOException {
        LinkServer own = LinkServer.start();
        try (own) {
            LinkServer.Hold company = new LinkServer.Hold();
            own.holdUntil(company, 2, 12);
            List<LinkUse> uses = IntStream.range(0, 12).mapToObj(i -> use(i + 1, own.url("/hold/" + i))).toList();
            LinkReport report = check(uses, settings(Deadlines.seconds(30), 8, 2));
            assertEquals(List.of(), formatted(report));
            assertEquals(12, own.requests().size());
            assertEquals(2, own.maxInFlight(), "two at once to one host: not more, and not fewer either (the limit is used)");
        }
    }

    @Test
    void noMoreThanTheOverallLimitIsInFlightAcrossHosts() throws IOException {
        // Two servers on two ports are two hosts to the checker: the per-host limit is by host and port.
        LinkServer first = LinkServer.start();
        LinkServer second = LinkServer.start();
        try (first; second) {
            LinkServer.Hold everywhere = new LinkServer.Hold();
            first.holdUntil(everywhere, 3, 12);
            second.holdUntil(everywhere, 3, 12);
            List<LinkUse> uses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                uses.add(use(2 * i + 1, first.url("/hold/" + i)));
                uses.add(use(2 * i + 2, second.url("/hold/" + i)));
            }
            LinkReport report = check(uses, settings(Deadlines.seconds(30), 3, 2));
            assertEquals(List.of(), formatted(report));
            assertEquals(3, everywhere.max(), "three at once in all");
            assertTrue(first.maxInFlight() <= 2 && second.maxInFlight() <= 2, first.maxInFlight() + ", " + second.maxInFlight());
        }
    }

    @Test
    void aRedirectToAnotherSchemeIsNotFollowed() {
        LinkReport report = check(List.of(use(1, server.url("/to-ftp"))), settings(Deadlines.seconds(10), 8, 2));
        assertEquals(List.of("d.yaml:1:1: issue.items[0].url: link '" + server.url("/to-ftp")
                + "' is broken: redirects to 'ftp://127.0.0.1/file', which is not an http or https address"), formatted(report));
    }

    @Test
    void anUntrustedCertificateIsATlsFailure(@TempDir Path dir) throws IOException {
        TestCertificate certificate = TestCertificate.create(dir, "ip:127.0.0.1,dns:localhost");
        LinkServer tls = LinkServer.startTls(certificate.serverContext());
        try (tls) {
            LinkReport report = check(List.of(use(1, tls.url("/ok"))), settings(Deadlines.seconds(10), 8, 2));
            assertEquals(List.of("d.yaml:1:1: issue.items[0].url: link '" + tls.url("/ok")
                    + "' is broken: TLS failure: the certificate is not trusted (self-signed, or from an unknown authority)"), formatted(report));
        }
    }

    private static LinkReport check(List<LinkUse> uses, LinkCheckSettings settings) {
        return new LinkChecker(settings).check(uses, LinkCheckProgress.NONE);
    }

    private static LinkCheckSettings settings(Duration timeout, int connections, int perHost) {
        return new LinkCheckSettings(timeout, timeout, connections, perHost, UA);
    }

    /** A use in an item's url on line n. */
    private static LinkUse use(int line, String url) {
        return new LinkUse(url, "issue.items[" + (line - 1) + "].url", new SourcePosition("d.yaml", line, 1), LinkUse.Kind.LINK);
    }

    private static List<String> formatted(LinkReport report) {
        return report.problems().stream().map(Problem::format).toList();
    }

    /** A port nothing listens on: bound, then closed, so connecting is refused. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
