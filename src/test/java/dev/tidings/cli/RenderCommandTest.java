package dev.tidings.cli;

import dev.tidings.render.Recipient;
import dev.tidings.render.RenderFixtures;
import dev.tidings.render.UnsubscribeToken;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tidings render} through the real command line: outputs, recipients, secrets and failures. */
class RenderCommandTest {
    private static final Map<String, String> SECRET = Map.of("TIDINGS_SECRET", RenderFixtures.TEST_SECRET);
    private static final String SAMPLE = RenderFixtures.SAMPLE.toString();
    private static final Pattern UNSUBSCRIBE = Pattern.compile("<https://trainingzone\\.example/unsubscribe\\?email=([^&>]+)&token=([^>]+)>");

    @TempDir
    Path dir;

    @Test
    void withoutASubscriberItRendersForTheSampleReader() throws Exception {
        CliRun run = CliRun.withEnv(SECRET, "render", SAMPLE, "-o", dir.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(Files.readString(dir.resolve("social-learning-2.html")).contains(">Hi Reader,</p>"));
        assertTrue(Files.readString(dir.resolve("social-learning-2.txt")).contains("\nHi Reader,\n"));
        MimeMessage message = parse(Files.readAllBytes(dir.resolve("social-learning-2.eml")));
        InternetAddress to = (InternetAddress) message.getRecipients(Message.RecipientType.TO)[0];
        assertEquals(new InternetAddress(Recipient.SAMPLE_EMAIL, "Reader"), to);
    }

    @Test
    void aSubscriberWithoutANameIsGreetedWithHello() throws Exception {
        CliRun run = CliRun.withEnv(SECRET, "render", SAMPLE, "--subscriber", "noah.smith@example.com",
                "--subscribers", RenderFixtures.SUBSCRIBERS.toString(), "-o", dir.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(Files.readString(dir.resolve("social-learning-2.html")).contains(">Hello,</p>"));
        assertTrue(Files.readString(dir.resolve("social-learning-2.txt")).contains("\nHello,\n"));
    }

    @Test
    void theSubscriberIsFoundIgnoringCaseAndGreetedByFirstName() throws IOException {
        CliRun run = CliRun.withEnv(SECRET, "render", SAMPLE, "--subscriber", "Akira.Tanaka@Example.JP",
                "--subscribers", RenderFixtures.SUBSCRIBERS.toString(), "-o", dir.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(Files.readString(dir.resolve("social-learning-2.txt")).contains("\nHi 田中 明,\n"));
    }

    @Test
    void theDefaultOutputDirectoryIsOut() {
        CliRun help = CliRun.of("render", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("(default: out)"), help.out());
    }

    @Test
    void dashWritesTheMessageToStdoutAndNoFiles() throws Exception {
        CliRun run = CliRun.withEnv(SECRET, "render", SAMPLE, "--subscriber", "zoe.martin@example.org",
                "--subscribers", RenderFixtures.SUBSCRIBERS.toString(), "-o", "-");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals("", run.err());
        assertTrue(run.out().startsWith("Date: "), run.out());
        MimeMessage message = parse(run.out().getBytes(StandardCharsets.UTF_8));
        assertTrue(message.isMimeType("multipart/alternative"));
        assertEquals("Zoë Martin", ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getPersonal());
        assertTrue(((String) ((MimeMultipart) message.getContent()).getBodyPart(1).getContent()).contains("Hi Zoë,"));
        assertFalse(Files.exists(Path.of("-")), "'-' is stdout, not a directory named '-'");

        CliRun again = CliRun.withEnv(SECRET, "render", SAMPLE, "-o", "-");
        String secondId = parse(again.out().getBytes(StandardCharsets.UTF_8)).getMessageID();
        assertFalse(secondId.equals(message.getMessageID()), "a new Message-ID for every render");
        assertTrue(secondId.matches("<social-learning-2\\.[a-z2-7]+@trainingzone\\.example>"), secondId);
    }

    @Test
    void theUnsubscribeUrlCarriesTheEncodedAddressAndAVerifiableToken() throws Exception {
        // A plus address on an internationalised domain: both need percent-encoding in the URL.
        String address = "Zoe+news@exämple.org";
        Path digest = RenderFixtures.sampleWithEmailAndToken(dir, "in-clear.yaml");
        CliRun run = CliRun.withEnv(SECRET, "render", digest.toString(), "--subscriber", address, "-o", dir.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(inClearWarning(digest), run.err());
        String eml = Files.readString(dir.resolve("social-learning-2.eml"), StandardCharsets.US_ASCII);
        Matcher url = UNSUBSCRIBE.matcher(eml.replace("\r\n ", " "));
        assertTrue(url.find(), eml);
        assertEquals("Zoe%2Bnews%40ex%C3%A4mple.org", url.group(1));
        UnsubscribeToken tokens = UnsubscribeToken.withSecret(RenderFixtures.TEST_SECRET);
        assertTrue(tokens.verify("zoe+news@exämple.org", url.group(2)), "the token verifies, the address compared ignoring case");
        assertFalse(tokens.verify("zoe@exämple.org", url.group(2)));
        // The same link in the footer of both versions.
        String link = url.group();
        String href = link.substring(1, link.length() - 1).replace("&", "&amp;");
        assertTrue(Files.readString(dir.resolve("social-learning-2.html")).contains("href=\"" + href + "\""));
        assertTrue(Files.readString(dir.resolve("social-learning-2.txt")).contains(link));
    }

    @Test
    void withoutTheSecretItWarnsAndTheLinksCarryTheVisiblePlaceholder() throws Exception {
        Path digest = RenderFixtures.sampleWithEmailAndToken(dir, "in-clear.yaml");
        CliRun run = CliRun.withEnv(Map.of(), "render", digest.toString(), "--subscriber", "zoe.martin@example.org",
                "--subscribers", RenderFixtures.SUBSCRIBERS.toString(), "-o", dir.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(inClearWarning(digest) + "warning: TIDINGS_SECRET is not set; unsubscribe links carry the placeholder token "
                + UnsubscribeToken.PLACEHOLDER + "\n", run.err());
        String text = Files.readString(dir.resolve("social-learning-2.txt"));
        String eml = Files.readString(dir.resolve("social-learning-2.eml"), StandardCharsets.US_ASCII);
        String url = "https://trainingzone.example/unsubscribe?email=zoe.martin%40example.org&token=" + UnsubscribeToken.PLACEHOLDER;
        assertTrue(text.contains("<" + url + ">"), text);
        assertTrue(eml.replace("\r\n ", " ").contains("<" + url + ">"));
        assertFalse(UnsubscribeToken.withSecret(RenderFixtures.TEST_SECRET).verify("zoe.martin@example.org", UnsubscribeToken.PLACEHOLDER));
    }

    @Test
    void anInvalidDigestFailsWithTheProblemsValidateReports() {
        Path digest = RenderFixtures.sampleWith(dir, "bad.yaml",
                "url: https://www.example.org/nic-laycock/beware-the-m-word-in-communities", "url: javascript:alert(1)",
                "  title: Key social learning resources part 2", "  titel: Key social learning resources part 2");
        CliRun validate = CliRun.of("validate", digest.toString());
        CliRun render = CliRun.withEnv(SECRET, "render", digest.toString(), "-o", dir.resolve("out").toString());
        assertEquals(1, validate.exitCode());
        assertEquals(1, render.exitCode(), render.all());
        assertEquals("", render.out());
        List<String> problems = Arrays.asList(validate.out().split("\n"));
        problems = problems.subList(0, problems.size() - 1); // validate's last line is its verdict
        assertTrue(problems.size() >= 2, validate.out());
        List<String> renderLines = Arrays.asList(render.err().split("\n"));
        assertEquals(problems, renderLines.subList(0, renderLines.size() - 1));
        assertEquals("tidings: " + digest + ": invalid (" + problems.stream().filter(p -> !p.contains(": warning: ")).count()
                + " errors, " + problems.stream().filter(p -> p.contains(": warning: ")).count()
                + " warnings); run 'tidings validate " + digest + "' for the same report", renderLines.get(renderLines.size() - 1));
        assertFalse(Files.exists(dir.resolve("out")), "nothing is written for an invalid digest");
        assertNoStackTrace(render);
    }

    @Test
    void aMissingDigestIsOneProblemAndExitOne() {
        CliRun run = CliRun.withEnv(SECRET, "render", "no/such/digest.yaml", "-o", dir.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("no/such/digest.yaml: file not found\n"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void anOutputPathThatIsAFileIsOneLineAndExitOne() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        CliRun run = CliRun.withEnv(SECRET, "render", SAMPLE, "-o", file.toString());
        assertEquals(1, run.exitCode(), run.all());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("tidings: " + file), run.err());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void theOutputFilesGetThePermissionsOfAnyFileTheUserWrites() throws IOException {
        Path out = dir.resolve("out");
        CliRun run = CliRun.withEnv(SECRET, "render", SAMPLE, "-o", out.toString());
        assertEquals(0, run.exitCode(), run.all());
        // Whatever the umask allows, not owner-only as temporary files are.
        Path reference = Files.writeString(dir.resolve("reference.txt"), "");
        for (String extension : List.of(".html", ".txt", ".eml")) {
            assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(out.resolve("social-learning-2" + extension)),
                    extension);
        }
        try (var stream = Files.list(out)) {
            assertEquals(3, stream.count(), "no temporary files are left behind");
        }
    }

    @Test
    void subscriberOptionsAreCheckedBeforeRendering() {
        CliRun notInList = CliRun.withEnv(SECRET, "render", SAMPLE, "--subscriber", "nobody@example.org",
                "--subscribers", RenderFixtures.SUBSCRIBERS.toString(), "-o", dir.toString());
        assertEquals(1, notInList.exitCode(), notInList.all());
        assertEquals("tidings: samples/subscribers.csv: no subscriber nobody@example.org in the list\n", notInList.err());

        CliRun listOnly = CliRun.withEnv(SECRET, "render", SAMPLE, "--subscribers", RenderFixtures.SUBSCRIBERS.toString());
        assertEquals(2, listOnly.exitCode(), listOnly.all());

        CliRun notAnAddress = CliRun.withEnv(SECRET, "render", SAMPLE, "--subscriber", "not an address", "-o", dir.toString());
        assertEquals(2, notAnAddress.exitCode(), notAnAddress.all());
        assertEquals(1, notAnAddress.err().lines().count(), notAnAddress.err());
        assertTrue(notAnAddress.err().startsWith("tidings: --subscriber 'not an address' is not a valid email address"), notAnAddress.err());
        assertNoStackTrace(notAnAddress);
    }

    /** What render says of {email} in the unsubscribe URL: SpamAssassin's rule, where, and the fix. */
    static String inClearWarning(Path digest) {
        return digest + ":15:58: warning: newsletter.unsubscribe.url: GB_CUSTOM_HTM_URI: the link carries the reader's address in"
                + " clear ({email}), which SpamAssassin scores 1.0; use {subscriber} (the address sealed with TIDINGS_SECRET), or"
                + " remove unsubscribe.url and set newsletter.public_url, whose unsubscribe link tidings serve answers\n";
    }

    static void assertNoStackTrace(CliRun run) {
        assertFalse(run.all().contains("\tat "), run.all());
        assertFalse(run.all().contains("internal error"), run.all());
    }

    private static MimeMessage parse(byte[] eml) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(eml));
    }
}
