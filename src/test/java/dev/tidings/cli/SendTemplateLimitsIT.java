package dev.tidings.cli;

import dev.tidings.render.ThemeExport;
import dev.tidings.mail.smtp.FaultSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.tidings.cli.SendFixture.ISSUE;
import static dev.tidings.cli.SendFixture.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidings send} to a real SMTP server ({@link FaultSmtpServer}) with a theme that never
 * finishes for one subscriber of twelve: it overflows Java's stack, or loops without end. Before
 * rendering had limits, the stack overflow killed a sending thread and the run waited for it for
 * ever, and the loop held a rendering thread for ever. Now the run stops with the template's
 * file:line (exit 1), the ledger holds exactly what the server accepted, and the fixed theme
 * finishes the list.
 */
class SendTemplateLimitsIT {
    /** The loop is stopped after 10 seconds of rendering; this is for a busy machine, and turns a hang into a failure. */
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String BODY = "<body class=\"body\">";
    /** Reader 6 only: the marked rendering that builds the shared stencil holds no real address, so it finishes. */
    private static final String ONLY_READER_6 = "<#if subscriber.email == \"" + address(6) + "\">";

    @TempDir
    Path dir;

    @Test
    void aStackOverflowForOneSubscriberStopsTheRunAtTheTemplatesLine() throws Exception {
        String recursion = "<#function down n><#return " + "(-".repeat(100) + "down(n + 1)" + ")".repeat(100) + "></#function>"
                + ONLY_READER_6 + "${down(0)}</#if>";
        CliRun run = sendWithOneSubscriberFailing(recursion, "rendering stopped: Java's stack overflowed");
        assertTrue(run.err().contains("(a macro or function that calls itself without end?)"), run.err());
    }

    @Test
    void anEndlessLoopForOneSubscriberStopsTheRunAtTheTemplatesLine() throws Exception {
        sendWithOneSubscriberFailing(ONLY_READER_6 + "<#list 1.. as i></#list></#if>",
                "rendering stopped after 10 seconds (a loop that never ends?)");
    }

    /**
     * Sends to twelve subscribers with {@code hostile} at the start of the theme's HTML body; the
     * run must stop with {@code stop} at that line. Then the theme is fixed and the list finished.
     */
    private CliRun sendWithOneSubscriberFailing(String hostile, String stop) throws IOException {
        SendFixture project = new SendFixture(dir);
        Path html = copyOfDefaultTheme().resolve("email.html.ftlh");
        String original = Files.readString(html);
        assertTrue(original.contains(BODY));
        int line = (int) original.substring(0, original.indexOf(BODY)).lines().count() + 1;
        Files.writeString(html, original.replace(BODY, BODY + "\n" + hostile));
        Files.writeString(project.digest(), Files.readString(project.digest()) + "\ntemplate: theme\n");
        Path list = project.generatedList("list.csv", 12);
        try (FaultSmtpServer server = FaultSmtpServer.accepting()) {
            CliRun run = send(project, server, list);
            assertEquals(1, run.exitCode(), run.all());
            String located = "tidings: " + dir.resolve("theme") + "/email.html.ftlh:" + (line + 1) + ":";
            assertTrue(run.err().lines().anyMatch(l -> l.startsWith(located) && l.contains(": template error: " + stop)), run.err());
            RenderCommandTest.assertNoStackTrace(run);
            Map<String, String> states = project.ledger().states(ISSUE);
            assertFalse(states.containsKey(address(6)), "the unrenderable message never reached the ledger: " + states);
            assertEquals(server.accepted().keySet(), sent(states), "SENT rows are exactly the messages the server accepted");
            server.accepted().forEach((address, count) -> assertEquals(1, count, address));
            assertFalse(server.accepted().containsKey(address(6)));

            Files.writeString(html, original);
            CliRun again = send(project, server, list);
            assertEquals(0, again.exitCode(), again.all());
            assertEquals(12, server.acceptedCount());
            assertEquals(server.accepted().keySet(), sent(project.ledger().states(ISSUE)));
            return run;
        }
    }

    private static CliRun send(SendFixture project, FaultSmtpServer server, Path list) {
        return assertTimeoutPreemptively(BOUND, () -> project.send(list, "--yes", "--retry-delay", "10", "--timeout", "5",
                "--connections", "2", "--smtp", server.url()));
    }

    private static Set<String> sent(Map<String, String> states) {
        Set<String> sent = new TreeSet<>();
        states.forEach((address, state) -> {
            if (state.equals("sent")) {
                sent.add(address);
            }
        });
        return sent;
    }

    /** The default theme as {@code tidings theme export} writes it, to change one file of. */
    private Path copyOfDefaultTheme() {
        Path theme = dir.resolve("theme");
        ThemeExport.defaultThemeTo(theme);
        return theme;
    }
}
