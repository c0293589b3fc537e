package dev.tidings.cli;

import dev.tidings.Deadlines;
import dev.tidings.cli.console.Terminal;
import dev.tidings.links.LinkServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code validate --check-links} end to end: the real command line against a web server on loopback. */
class ValidateCheckLinksIT {
    /** Every kind of link field, pointing at the test server (BASE); line numbers matter to the expected output. */
    private static final String DIGEST = """
            newsletter:
              name: Example Weekly
              from: "Example Weekly <news@example.org>"
              website: BASE/ok
              postal_address: "1 Example Street, Exampletown"
              unsubscribe:
                url: "https://example.org/unsubscribe?list=weekly"
              archive_url: BASE/archive/
              utm: {source: tidings}
              dkim: relay
            issue:
              title: Links
              preheader: Two articles worth reading
              date: 2026-01-05
              items:
                - title: First article
                  url: BASE/missing
                  summary: |
                    What the first article says,
                    and [what it links to](BASE/moved).
                - title: Second article
                  url: BASE/ok
                  summary: What the second article says, [again](BASE/missing#again).
              sections:
                - heading: Also
                  links:
                    - title: Found
                      url: BASE/found
              callouts:
                - heading: Meet
                  body: Come along.
                  event:
                    start: "2030-01-10T12:00:00+00:00"
                    url: BASE/stall
            """;

    @TempDir
    Path dir;

    private LinkServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = LinkServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void brokenAndMovedLinksAreReportedAtTheirFileLineColumnAndFieldInFileOrder() throws IOException {
        Path digest = digest(DIGEST);
        // BASE/stall never answers; the timeout is what a slow machine needs for the pages that do.
        long timeout = Deadlines.wholeSeconds(1);
        CliRun run = CliRun.of("validate", "--check-links", "--link-timeout", String.valueOf(timeout), digest.toString());
        assertEquals(1, run.exitCode(), run.all());
        assertEquals(withBase(digest + ":17:12: issue.items[0].url: link 'BASE/missing' is broken: 404 Not Found\n"
                + digest + ":20:13: warning: issue.items[0].summary: link 'BASE/moved' moved permanently (301) to 'BASE/ok'; update the link\n"
                + digest + ":23:46: issue.items[1].summary: link 'BASE/missing#again' is broken: 404 Not Found\n"
                + digest + ":34:14: issue.callouts[0].event.url: link 'BASE/stall' is broken: timed out: no answer within " + timeout + " s\n"
                + digest + ": checked 5 links (7 uses): 2 broken, 1 moved permanently, 0 rate-limited or unavailable\n"
                + digest + ": invalid (3 errors, 1 warning)\n"), run.out());
        assertEquals("", run.err(), "no progress without a terminal");
    }

    @Test
    void linkProblemsTakeTheirPlaceAmongTheDigestsOwnInFileOrder() throws IOException {
        Path digest = digest(DIGEST.replace("website: BASE/ok", "website: BASE/missing")
                .replace("  preheader: Two articles worth reading", "  # preheader: to do").replace("BASE/stall", "BASE/ok"));
        CliRun run = CliRun.of("validate", "--check-links", digest.toString());
        assertEquals(1, run.exitCode(), run.all());
        assertEquals(withBase(digest + ":4:12: newsletter.website: link 'BASE/missing' is broken: 404 Not Found\n"
                + digest + ":11:1: warning: issue.preheader: no preheader; inboxes will show the first words of the email instead\n"
                + digest + ":17:12: issue.items[0].url: link 'BASE/missing' is broken: 404 Not Found\n"
                + digest + ":20:13: warning: issue.items[0].summary: link 'BASE/moved' moved permanently (301) to 'BASE/ok'; update the link\n"
                + digest + ":23:46: issue.items[1].summary: link 'BASE/missing#again' is broken: 404 Not Found\n"
                + digest + ": checked 4 links (7 uses): 1 broken, 1 moved permanently, 0 rate-limited or unavailable\n"
                + digest + ": invalid (3 errors, 2 warnings)\n"), run.out());
    }

    @Test
    void theAddressesAreTheEditorsAsWrittenAndTheRequestsNameTidings() throws IOException {
        Path digest = digest(DIGEST.replace("BASE/stall", "BASE/ok"));
        CliRun.of("validate", "--check-links", digest.toString());
        List<LinkServer.Request> requests = server.requests();
        assertFalse(requests.isEmpty());
        for (LinkServer.Request request : requests) {
            assertFalse(request.target().contains("utm_"), "UTM parameters are for readers' clicks, not the check: " + request);
            assertFalse(request.target().startsWith("/archive/"), "the web version is published with the issue: " + request);
            assertTrue(request.userAgent().startsWith("tidings/"), request.userAgent());
        }
    }

    @Test
    void withoutCheckLinksValidateMakesNoRequestAtAll() throws IOException {
        Path digest = digest(DIGEST);
        CliRun run = CliRun.of("validate", digest.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(digest + ": valid (0 errors, 0 warnings)\n", run.out());
        assertEquals(List.of(), server.requests());
    }

    @Test
    void linkWarningsAloneExitZeroUnlessStrict() throws IOException {
        Path digest = digest(DIGEST.replace("BASE/missing", "BASE/found").replace("BASE/stall", "BASE/busy"));
        CliRun run = CliRun.of("validate", "--check-links", digest.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().contains(withBase(":20:13: warning: issue.items[0].summary: link 'BASE/moved' moved permanently (301)")), run.out());
        assertTrue(run.out().contains(withBase(":34:14: warning: issue.callouts[0].event.url: link 'BASE/busy' could not be checked:"
                + " it answered 429 Too Many Requests")), run.out());
        assertTrue(run.out().endsWith(digest + ": valid (0 errors, 2 warnings)\n"), run.out());
        assertEquals(1, CliRun.of("validate", "--check-links", "--strict", digest.toString()).exitCode());
    }

    @Test
    void jsonCarriesTheLinkProblemsLikeAnyOther() throws IOException {
        Path digest = digest(DIGEST.replace("BASE/stall", "BASE/ok"));
        CliRun run = CliRun.of("validate", "--check-links", "--format", "json", digest.toString());
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.out().startsWith("["), run.out());
        assertTrue(run.out().contains("\"field\" : \"issue.items[1].summary\""), run.out());
        assertTrue(run.out().contains("\"line\" : 23"), run.out());
        assertTrue(run.out().contains("\"column\" : 46"), run.out());
        assertFalse(run.out().contains("checked 4 links"), "no text summary in JSON mode");
    }

    @Test
    void progressGoesToATerminalOnlyAndLeavesTheReportAlone() throws IOException {
        Path digest = digest(DIGEST.replace("BASE/stall", "BASE/ok"));
        String[] args = {"validate", "--check-links", digest.toString()};
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TidingsCli.run(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), interactive(), args);
        assertEquals(1, code);
        assertTrue(err.toString().contains("\rchecking links: 4/4"), err.toString());
        assertTrue(err.toString().endsWith("\r"), "the progress line is wiped at the end");
        assertEquals(CliRun.withEnv(Map.of(), args).out(), out.toString());
    }

    @Test
    void linkOptionsNeedCheckLinksAndSensibleValues() throws IOException {
        Path digest = digest(DIGEST);
        CliRun alone = CliRun.of("validate", "--link-timeout", "5", digest.toString());
        assertEquals(2, alone.exitCode());
        assertEquals("tidings: --link-timeout only applies with --check-links\n", alone.err());
        CliRun zero = CliRun.of("validate", "--check-links", "--link-timeout", "0", digest.toString());
        assertEquals(2, zero.exitCode());
        assertEquals("tidings: --link-timeout and --link-connect-timeout are seconds, more than 0 and at most 600\n", zero.err());
        CliRun none = CliRun.of("validate", "--check-links", "--link-connections-per-host", "0", digest.toString());
        assertEquals(2, none.exitCode());
        assertEquals(List.of(), server.requests(), "a usage error checks nothing");
    }

    private Path digest(String text) throws IOException {
        return Files.writeString(dir.resolve("links.yaml"), withBase(text));
    }

    private String withBase(String text) {
        return text.replace("BASE", server.url(""));
    }

    private static Terminal interactive() {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String ask(String prompt) {
                return null;
            }
        };
    }
}
