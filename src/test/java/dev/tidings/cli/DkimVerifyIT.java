package dev.tidings.cli;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tidings.Deadlines;
import dev.tidings.mail.dkim.DkimKey;
import dev.tidings.mail.dkim.DkimSigner;
import dev.tidings.mail.smtp.RelayGreenMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * tidings' DKIM signatures checked by an independent verifier, Debian's dkimpy ({@code python3-dkim},
 * with {@code python3-nacl} for Ed25519), given the public key through its {@code dnsfunc} (no DNS):
 * render's .eml and the per-subscriber messages {@code send} delivers through GreenMail, RSA-SHA256
 * and Ed25519-SHA256; and the same messages, altered after signing, failing.
 *
 * <p>Skipped when dkimpy is not installed, except under CI=true, where .ci/run installs it.
 */
class DkimVerifyIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path KEYS = Path.of("src/test/resources/dkim");
    /** Several folded lines in the header, and a non-ASCII word to encode (RFC 2047). */
    private static final String SUBJECT = "Grüße aus der Lernwerkstatt: die wichtigsten Ressourcen, Teil zwei";
    /**
     * Reads the public key's TXT value, the name it must be asked under, then messages; prints "pass" or
     * "fail" per message. dnsfunc answers only the expected name, so a wrong d= or s= fails too.
     */
    private static final String VERIFY = """
            import sys, dkim
            record, expected = sys.argv[1].encode(), sys.argv[2]
            def dns(name, timeout=5):
                name = name.decode() if isinstance(name, bytes) else name
                return record if name.rstrip('.') == expected else None
            for path in sys.argv[3:]:
                with open(path, 'rb') as f:
                    message = f.read()
                try:
                    ok = dkim.verify(message, dnsfunc=dns, minkey=2048 if b'k=rsa' in record else 0)
                except Exception as e:
                    ok = False
                print('pass' if ok else 'fail')
            """;

    @TempDir
    Path dir;

    private GreenMail greenMail;

    @BeforeEach
    void start() throws Exception {
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import dkim, nacl").redirectErrorStream(true).start();
        boolean present = probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        if (!present) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but dkimpy is missing: .ci/run must install python3-dkim python3-nacl");
            }
            Assumptions.abort("dkimpy not installed (apt-get install python3-dkim python3-nacl): DKIM is not checked independently");
        }
        greenMail = new RelayGreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort().setVerbose(false));
        greenMail.start();
    }

    @AfterEach
    void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    @Test
    void renderedEmlVerifiesWithRsaAndEd25519AndFailsOnceAltered() throws Exception {
        for (String key : List.of("rsa-2048", "rsa-2048-pkcs1", "ed25519")) {
            Path project = Files.createDirectories(dir.resolve(key));
            Path digest = signedDigest(project, key);
            CliRun run = CliRun.withEnv(SendFixture.env(), "render", digest.toString(), "--subscriber", "zoe.martin@example.org",
                    "--subscribers", SendFixture.SAMPLE_LIST.toString(), "-o", project.resolve("out").toString());
            assertEquals(0, run.exitCode(), run.all());
            assertEquals("", run.err(), "no warning: the key is readable by its owner alone");
            Path eml;
            try (Stream<Path> files = Files.list(project.resolve("out"))) {
                eml = files.filter(f -> f.toString().endsWith(".eml")).findFirst().orElseThrow();
            }
            String text = Files.readString(eml, StandardCharsets.US_ASCII);
            assertTrue(text.startsWith("DKIM-Signature: v=1; a=" + (key.startsWith("ed") ? "ed25519" : "rsa") + "-sha256;"
                    + " c=relaxed/relaxed; d=trainingzone.example; s=s2026;"), text);
            assertTrue(text.contains("To: =?UTF-8?B?Wm/DqyBNYXJ0aW4=?= <zoe.martin@example.org>"), "a non-ASCII name, encoded: " + text);
            assertTrue(text.contains("Subject: =?UTF-8?") && text.contains("\r\n =?UTF-8?"), "a non-ASCII subject, folded: " + text);
            checkAlterations(key, Files.readAllBytes(eml));
        }
    }

    @Test
    void everyMessageSendDeliversIsSignedAndVerifies() throws Exception {
        for (String key : List.of("rsa-2048", "ed25519")) {
            Path project = Files.createDirectories(dir.resolve(key));
            Path digest = signedDigest(project, key);
            greenMail.purgeEmailFromAllMailboxes(); // received messages are listed by mailbox, not in order: one run at a time
            CliRun run = CliRun.withEnv(SendFixture.env(), "send", digest.toString(), "--subscribers", SendFixture.SAMPLE_LIST.toString(),
                    "--smtp", "smtp://127.0.0.1:" + greenMail.getSmtp().getPort(), "--yes", "--timeout", Deadlines.secondsOption(5));
            assertEquals(0, run.exitCode(), run.all());
            MimeMessage[] received = greenMail.getReceivedMessages();
            List<byte[]> messages = new ArrayList<>();
            for (MimeMessage message : received) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                message.writeTo(bytes); // as received: GreenMail's Return-Path and Received on top, unsigned
                messages.add(bytes.toByteArray());
            }
            assertEquals(21, messages.size(), "every subscribed row of the sample list");
            List<String> verdicts = verify(key, messages);
            assertEquals(List.of(), failures(verdicts), "each delivered message verifies");
            checkAlterations(key, messages.get(messages.size() - 1));
        }
    }

    /**
     * The canonicalisation on what our templates never send (quoted-printable ends no line in a
     * space): trailing spaces and tabs, runs of whitespace, blank lines inside and at the end, a
     * last line without CRLF, and headers folded by hand.
     */
    @Test
    void bodiesAndHeadersOfEveryShapeVerify() throws Exception {
        String message = "From: =?UTF-8?Q?Zo=C3=AB?= <news@trainingzone.example>\r\nTo: reader@example.org\r\n"
                + "Subject: folded\r\n\tby hand,  with   runs \t of whitespace \r\nDate: Thu, 3 Dec 2026 15:00:00 +0000\r\n"
                + "List-Unsubscribe:\r\n <https://trainingzone.example/u?t=1>\r\n\r\n";
        List<String> bodies = List.of("trailing spaces   \r\ntabs\t\t\r\n  leading  and   inner\r\n\r\n\r\n\r\n",
                "no final line end", "\r\n\r\n", "a\r\n \t \r\n\r\nb\r\n\r\n  \r\n");
        for (String key : List.of("rsa-2048", "ed25519")) {
            DkimSigner signer = new DkimSigner(DkimKey.read(KEYS.resolve(key + ".pem")), "trainingzone.example", "s2026", Clock.systemUTC());
            List<byte[]> signed = new ArrayList<>();
            for (String body : bodies) {
                byte[] bytes = (message + body).getBytes(StandardCharsets.US_ASCII);
                byte[] header = signer.signatureHeader(bytes, message.length(), bytes.length);
                signed.add(concat(header, bytes));
            }
            assertEquals(List.of(), failures(verify(key, signed)), key);
        }
    }

    /** Passes as signed and with an unsigned header added; fails with one body byte, one signed header or a second List-Unsubscribe. */
    private void checkAlterations(String key, byte[] message) throws Exception {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int body = text.indexOf("\r\n\r\n") + 4;
        Map<String, String> altered = new LinkedHashMap<>();
        altered.put("as signed", text);
        altered.put("an unsigned header added", "X-Mailer-Scan: clean\r\n" + text);
        int change = body + (text.length() - body) / 2;
        while (!Character.isLetter(text.charAt(change))) {
            change++;
        }
        char flipped = (char) (text.charAt(change) ^ 0x20); // the same letter in the other case
        altered.put("one byte of the body", text.substring(0, change) + flipped + text.substring(change + 1));
        altered.put("the subject", text.replaceFirst("Subject: =\\?UTF-8\\?Q\\?Gr", "Subject: =?UTF-8?Q?Fr"));
        altered.put("a second List-Unsubscribe (over-signing)",
                "List-Unsubscribe: <https://attacker.example/u>\r\n" + text);
        altered.put("a List-Unsubscribe-Post added", text.contains("List-Unsubscribe-Post")
                ? "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" + text
                : text.replace("\r\n\r\n", "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n\r\n"));
        List<byte[]> messages = new ArrayList<>();
        altered.values().forEach(m -> messages.add(m.getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(!altered.get("the subject").equals(text), "the subject was changed");
        List<String> verdicts = verify(key, messages);
        Map<String, String> byCase = new LinkedHashMap<>();
        int i = 0;
        for (String name : altered.keySet()) {
            byCase.put(name, verdicts.get(i++));
        }
        Map<String, String> expected = new LinkedHashMap<>();
        altered.keySet().forEach(name -> expected.put(name, name.startsWith("as signed") || name.startsWith("an unsigned") ? "pass" : "fail"));
        assertEquals(expected, byCase, key);
    }

    /** A copy of the sample digest that signs with this test key (copied beside it, mode 600), under a long non-ASCII subject. */
    private static Path signedDigest(Path project, String key) throws IOException {
        Path keyFile = project.resolve("keys").resolve(key + ".pem");
        Files.createDirectories(keyFile.getParent());
        Files.copy(KEYS.resolve(key + ".pem"), keyFile);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        String sample = Files.readString(SendFixture.SAMPLE_DIGEST);
        String signed = sample.replaceFirst("\nnewsletter:\n", "\nnewsletter:\n  dkim:\n    selector: s2026\n    key_file: keys/" + key + ".pem\n")
                .replaceFirst("\nissue:\n", "\nissue:\n  subject: \"" + SUBJECT + "\"\n");
        assertTrue(signed.contains("key_file") && signed.contains(SUBJECT), "the sample's layout changed: " + signed.substring(0, 300));
        return Files.writeString(project.resolve("digest.yaml"), signed);
    }

    /**
     * serve's confirmation mail, the first mail a reader gets, is signed as the issues are: a real
     * serve in a child JVM, a signup posted to it, the mail as GreenMail received it, verified.
     */
    @Test
    void serveSignsTheConfirmationMail() throws Exception {
        Path keyFile = dir.resolve("serve/keys/rsa-2048.pem");
        Files.createDirectories(keyFile.getParent());
        Files.copy(KEYS.resolve("rsa-2048.pem"), keyFile);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        Path served = ServeChild.servedDigest(keyFile.getParent().getParent());
        String text = Files.readString(served);
        assertTrue(text.contains("  dkim: relay\n"), "minimal.yaml's layout changed: " + text);
        Files.writeString(served, text.replace("  dkim: relay\n", "  dkim:\n    selector: s2026\n    key_file: keys/rsa-2048.pem\n"));
        Path list = Files.writeString(keyFile.getParent().getParent().resolve("list.csv"), "email,name,status\n");
        try (ServeChild serve = new ServeChild(keyFile.getParent().getParent())) {
            String base = serve.start(served, list, "smtp://127.0.0.1:" + greenMail.getSmtp().getPort());
            assertEquals(200, serve.post(base + "subscribe", "email=zoe%40example.org&name=Zoe"));
            assertTrue(greenMail.waitForIncomingEmail(Deadlines.seconds(60).toMillis(), 1), "the confirmation mail reached the relay");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            greenMail.getReceivedMessages()[0].writeTo(bytes);
            assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=s2026;"),
                    bytes.toString(StandardCharsets.UTF_8));
            assertEquals(List.of("pass"), verify("rsa-2048", "s2026._domainkey.example.org", List.of(bytes.toByteArray())));
        }
    }

    /** dkimpy's verdict on each message, in order. */
    private List<String> verify(String key, List<byte[]> messages) throws Exception {
        return verify(key, "s2026._domainkey.trainingzone.example", messages);
    }

    private List<String> verify(String key, String recordName, List<byte[]> messages) throws Exception {
        Path work = Files.createTempDirectory(dir, "verify");
        Path script = Files.writeString(work.resolve("verify.py"), VERIFY);
        String record = Files.readString(KEYS.resolve(key.replace("-pkcs1", "") + ".txt")).strip();
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), record, recordName));
        for (int i = 0; i < messages.size(); i++) {
            command.add(Files.write(work.resolve(i + ".eml"), messages.get(i)).toString());
        }
        Process python = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(120, TimeUnit.SECONDS), "dkimpy finished");
        assertEquals(0, python.exitValue(), out);
        List<String> verdicts = out.lines().toList();
        assertEquals(messages.size(), verdicts.size(), out);
        return verdicts;
    }

    private static List<Integer> failures(List<String> verdicts) {
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            if (!verdicts.get(i).equals("pass")) {
                failed.add(i);
            }
        }
        return failed;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
