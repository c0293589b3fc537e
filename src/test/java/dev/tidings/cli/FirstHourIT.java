package dev.tidings.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tidings.Deadlines;
import dev.tidings.mail.ledger.LedgerView;
import dev.tidings.mail.smtp.RelayGreenMail;
import dev.tidings.preview.HeadlessChrome;
import dev.tidings.render.SubscriberReference;
import dev.tidings.render.UnsubscribeToken;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first hour of a new editor (issue 18, "Done when"), scripted through the real command line:
 * {@code tidings init}, {@code validate}, each typical broken edit with its message at its line,
 * {@code preview} in a real browser, {@code tidings sandbox} started as a process of its own and a
 * rehearsal sent to it, then a real send to another SMTP server, which reaches every subscriber
 * once, and again nobody twice. The servers run as child JVMs (as the editor's other terminal);
 * the short commands run in-process through the same {@code TidingsCli.run}, with an environment
 * of the test's choosing. README.md's quick start is this sequence, and ReadmeIT runs it too.
 */
class FirstHourIT {
    private static final String ISSUE = "issue-1";
    private static final String TITLE = "The Example Letter #1: five things worth your time";
    /** The starter list's addresses, all subscribed (src/main/resources/dev/tidings/cli/init/subscribers.csv). */
    private static final Set<String> SUBSCRIBED = Set.of("reader.one@example.org", "reader.two@example.org", "reader.three@example.org");
    private static final String USER = "newsletter";
    private static final String PASSWORD = "relay-password-of-the-first-hour";
    private static final Pattern PRINTED_URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern SMTP_PORT = Pattern.compile("smtp://127\\.0\\.0\\.1:(\\d+)");

    /**
     * The mistakes of issue 18, items 1 and 2, typed into the starter issue as an editor would, each
     * with what {@code validate} must say and where. Lines are the starter issue's (init/issue.yaml).
     */
    private static final List<BrokenEdit> BROKEN_EDITS = List.of(
            new BrokenEdit("the title's closing quote left out, the subject two lines on",
                    "  title: \"" + TITLE + "\"", "  title: \"" + TITLE,
                    "15:10: issue.title: this quoted value runs on over 3 lines and takes in `subject:`; is its closing quote missing?"),
            new BrokenEdit("a section link's title with its quote left open",
                    "        - title: How this letter is made", "        - title: \"How this letter is made",
                    "58:18: this quoted value runs on to the end of the file (line 78); is its closing quote missing?"),
            new BrokenEdit("a quotes entry with its closing quote left out",
                    "        - \"A sentence from the article that is worth keeping.\"", "        - \"A sentence from the article that is worth keeping.",
                    "41:11: this quoted value runs on to the end of the file (line 78); is its closing quote missing?"),
            new BrokenEdit("an item title with its quote left open",
                    "    - title: The first article", "    - title: \"The first article",
                    "33:14: issue.items[0].title: this quoted value runs on over 9 lines and takes in `url:`; is its closing quote missing?"),
            new BrokenEdit("a title that starts with #",
                    "  title: \"" + TITLE + "\"", "  title: #1 The Example Letter",
                    "15:10: issue.title: is empty, because '#' starts a comment in YAML; if the text after it is the value, put it in"
                            + " quotes: title: \"#1 The Example Letter\""),
            new BrokenEdit("summary misspelt",
                    "      summary: |\n        Two or three", "      sumary: |\n        Two or three",
                    "37:7: issue.items[0].sumary: unknown key 'sumary'; did you mean 'summary'?"));

    private record BrokenEdit(String what, String from, String to, String expected) {
    }

    @TempDir
    Path home;

    @Test
    void fromInitToARealSendThatReachesEveryoneOnce() throws Exception {
        Path dir = home.resolve("news");
        CliRun init = CliRun.of("init", dir.toString());
        assertEquals(0, init.exitCode(), init.all());
        Path issue = dir.resolve("issues/" + ISSUE + ".yaml");
        Path list = dir.resolve("subscribers.csv");
        assertValid(issue, list);

        for (BrokenEdit edit : BROKEN_EDITS) {
            brokenEditIsNamedAtItsLineAndTheFixValidates(edit, issue, list);
        }
        previewShowsTheIssueInABrowserWithoutConsoleErrors(dir);
        rehearsalThroughTheSandboxReachesEveryoneAndRecordsNoDelivery(dir, issue, list);
        realSendReachesEveryoneOnceAndAReRunNobodyTwice(dir, issue, list);
    }

    private static void assertValid(Path issue, Path list) {
        CliRun validate = CliRun.of("validate", issue.toString(), "--subscribers", list.toString());
        assertEquals(0, validate.exitCode(), validate.all());
        assertEquals(issue.getParent().getParent().resolve("newsletter.yaml") + ":3:1: warning: newsletter: " + ValidateCommandTest.NO_DKIM + "\n" // init cannot publish a DKIM record
                + issue + ": valid (0 errors, 1 warning)\n" + list + ": valid (0 errors, 0 warnings): 3 rows, 3 subscribed,"
                + " 0 invalid, 0 duplicate\n", validate.out());
    }

    private static void brokenEditIsNamedAtItsLineAndTheFixValidates(BrokenEdit edit, Path issue, Path list) throws IOException {
        String starter = Files.readString(issue, StandardCharsets.UTF_8);
        assertTrue(starter.contains(edit.from()), edit.what() + ": the starter issue no longer contains " + edit.from());
        Files.writeString(issue, starter.replace(edit.from(), edit.to()), StandardCharsets.UTF_8);
        CliRun broken = CliRun.of("validate", issue.toString(), "--subscribers", list.toString());
        assertEquals(1, broken.exitCode(), edit.what() + "\n" + broken.all());
        assertEquals(issue + ":" + edit.expected() + "\n" + issue + ": invalid (1 error, 0 warnings)", broken.out().lines().limit(2)
                .reduce((a, b) -> a + "\n" + b).orElse(""), edit.what());
        assertNoStackTrace(broken);

        Files.writeString(issue, starter, StandardCharsets.UTF_8); // the editor puts it right
        assertValid(issue, list);
    }

    private void previewShowsTheIssueInABrowserWithoutConsoleErrors(Path dir) throws Exception {
        try (Server preview = Server.start(dir, Map.of(), "preview", "issues/" + ISSUE + ".yaml", "--subscribers", "subscribers.csv",
                "--port", "0")) {
            String url = preview.url();
            ChromeDriver browser = HeadlessChrome.start(home.resolve("chrome-profile"));
            try {
                browser.get(url);
                new WebDriverWait(browser, Deadlines.seconds(10)).ignoring(RuntimeException.class).until(b -> {
                    b.switchTo().defaultContent();
                    b.switchTo().frame("frame");
                    try {
                        return TITLE.equals(b.findElement(By.cssSelector("h1")).getText());
                    } finally {
                        b.switchTo().defaultContent();
                    }
                });
                assertEquals("#1: five things worth your time", browser.findElement(By.id("subject")).getText());
                List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
                        .map(LogEntry::toString).toList();
                assertEquals(List.of(), errors, "the preview page's console");
            } finally {
                browser.quit();
            }
        }
    }

    private static void rehearsalThroughTheSandboxReachesEveryoneAndRecordsNoDelivery(Path dir, Path issue, Path list) throws Exception {
        try (Server sandbox = Server.start(dir, Map.of(), "sandbox", "--smtp-port", "0", "--http-port", "0")) {
            Matcher smtp = SMTP_PORT.matcher(sandbox.firstLine());
            assertTrue(smtp.find(), sandbox.firstLine());
            // No TIDINGS_SECRET: a rehearsal needs none (issue 18, item 7).
            CliRun send = CliRun.withEnv(Map.of(), "send", issue.toString(), "--subscribers", list.toString(),
                    "--smtp", "smtp://127.0.0.1:" + smtp.group(1), "--yes");
            assertEquals(0, send.exitCode(), send.all());
            assertTrue(send.out().contains("this run: sent 3, failed 0, deferred 0"), send.out());
            assertTrue(send.out().contains("issue " + ISSUE + " in the rehearsal's throwaway ledger:"), send.out());
            assertTrue(send.out().contains("rehearsed through tidings sandbox"), send.out());
            assertNoStackTrace(send);

            JsonNode inbox = new ObjectMapper().readTree(get(sandbox.url() + "api/messages"));
            List<String> to = new ArrayList<>();
            inbox.forEach(message -> to.add(addressIn(message.get("to").asText())));
            assertEquals(new TreeSet<>(SUBSCRIBED), new TreeSet<>(to), "the sandbox's inbox: " + inbox);
            assertEquals(SUBSCRIBED.size(), to.size(), "one message per subscriber: " + inbox);
        }
        LedgerView ledger = new LedgerView(dir.resolve("issues/.tidings/ledger.db"));
        assertEquals(0, ledger.exists() ? ledger.count(ISSUE, "sent") : 0, "the rehearsal is no delivery of the issue");
    }

    private static void realSendReachesEveryoneOnceAndAReRunNobodyTwice(Path dir, Path issue, Path list) throws Exception {
        String secret = secretIn(dir.resolve("secrets.env")); // what `. ./secrets.env` exports
        Map<String, String> env = Map.of("TIDINGS_SECRET", secret, "TIDINGS_SMTP_PASSWORD", PASSWORD);
        GreenMail relay = new RelayGreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort().setVerbose(false))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("letter@example.org", USER, PASSWORD));
        relay.start();
        try {
            String[] send = {"send", issue.toString(), "--subscribers", list.toString(),
                    "--smtp", "smtp://" + USER + "@127.0.0.1:" + relay.getSmtp().getPort(), "--yes"};
            CliRun real = CliRun.withEnv(env, send);
            assertEquals(0, real.exitCode(), real.all());
            assertEquals("this run: sent 3, failed 0, deferred 0\nissue " + ISSUE + " in the ledger:\n  3 sent, 0 failed, 0 pending,"
                    + " 0 uncertain\ndone: every subscriber of the list has the issue\n", CliRun.unstamped(real.out()));
            assertFalse(real.all().contains(PASSWORD) || real.all().contains(secret), "no password or secret printed");

            Map<String, Integer> received = new HashMap<>();
            UnsubscribeToken tokens = UnsubscribeToken.withSecret(secret);
            SubscriberReference references = SubscriberReference.withSecret(secret);
            for (MimeMessage message : relay.getReceivedMessages()) {
                String to = ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress();
                received.merge(to, 1, Integer::sum);
                String raw = rawText(message);
                assertTrue(raw.contains(tokens.tokenFor(to)), "the mailto unsubscribe is signed with secrets.env's key");
                java.util.regex.Matcher sealed = java.util.regex.Pattern.compile("unsubscribe\\?u=([A-Za-z0-9_-]+)").matcher(raw);
                assertTrue(sealed.find() && to.equals(references.open(sealed.group(1))),
                        "the unsubscribe link carries the address sealed with secrets.env's key, not in clear");
            }
            assertEquals(Map.of("reader.one@example.org", 1, "reader.two@example.org", 1, "reader.three@example.org", 1), received);
            Map<String, String> states = new LedgerView(dir.resolve("issues/.tidings/ledger.db")).states(ISSUE);
            assertEquals(Map.of("reader.one@example.org", "sent", "reader.two@example.org", "sent", "reader.three@example.org", "sent"),
                    states);

            CliRun again = CliRun.withEnv(env, send); // cron runs the same line again
            assertEquals(0, again.exitCode(), again.all());
            assertTrue(CliRun.unstamped(again.out()).startsWith("this run: sent 0, failed 0, deferred 0\n"), again.out());
            assertEquals(3, relay.getReceivedMessages().length, "nobody got the issue twice");
        } finally {
            relay.stop();
        }
    }

    private static String secretIn(Path secretsEnv) throws IOException {
        return Files.readAllLines(secretsEnv).stream().filter(line -> line.startsWith("export TIDINGS_SECRET="))
                .map(line -> line.substring("export TIDINGS_SECRET=".length())).findFirst().orElseThrow();
    }

    private static String rawText(MimeMessage message) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        // quoted-printable soft line breaks would split a long link
        return bytes.toString(StandardCharsets.UTF_8).replace("=\r\n", "").replace("=3D", "=");
    }

    private static String addressIn(String to) {
        int open = to.indexOf('<');
        return open < 0 ? to : to.substring(open + 1, to.indexOf('>', open));
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Deadlines.seconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        return response.body();
    }

    private static void assertNoStackTrace(CliRun run) {
        assertFalse(run.all().contains("\tat ") || run.all().contains("Exception"), run.all());
    }

    /** A server of tidings in a child JVM, as started in another terminal; closing it is Ctrl-C. */
    private record Server(Process process, String firstLine, Path err) implements AutoCloseable {
        static Server start(Path dir, Map<String, String> env, String... args) throws Exception {
            Path err = Files.createTempFile(dir.getParent(), args[0], ".err");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", SendFixture.testClassPath(), "dev.tidings.Main"));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
            builder.environment().putAll(env);
            Process process = builder.start();
            return new Server(process, firstLineOf(process, err), err);
        }

        String url() {
            Matcher url = PRINTED_URL.matcher(firstLine);
            // the sandbox prints its SMTP address first, its inbox second
            String found = null;
            while (url.find()) {
                found = url.group();
            }
            assertTrue(found != null, firstLine);
            return found;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the server's shutdown hook stops it
            if (!process.waitFor(Deadlines.seconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The first line a server prints, which it prints once it listens; waits for it as long as the deadline allows. */
    private static String firstLineOf(Process process, Path err) throws Exception {
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (var in = process.inputReader(StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the server was stopped
            }
        }, "first-hour-server-output");
        reader.setDaemon(true);
        reader.start();
        String line = lines.poll(Deadlines.seconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        assertTrue(line != null, () -> "the server printed nothing: " + read(err));
        return line;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
