package dev.tidings.cli;

import dev.tidings.Deadlines;
import dev.tidings.mail.smtp.FaultSmtpServer;
import dev.tidings.mail.smtp.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SMTP password and TIDINGS_SECRET never appear anywhere tidings writes: stdout, stderr, the
 * ledger (database, write-ahead log and shared-memory files), the suppression file, out/, nor the
 * messages themselves; neither as given nor base64-encoded as AUTH sends them. Checked after
 * sends that fail (a refused password, a TLS handshake that fails), one that succeeds, and a render.
 */
class SecretsNeverLeakIT {
    private static final String USER = "newsletter";
    private static final String PASSWORD = "pw-Zq7!unmistakable-smtp-password";
    private static final String WRONG = "pw-Xk9!unmistakable-wrong-password";
    private static final String SECRET = "sk-Yv3-unmistakable-tidings-secret-0123456789";

    @TempDir
    Path dir;

    @Test
    void aRefusedPasswordLeaksNeitherSecret() throws IOException {
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
        }).auth(USER, PASSWORD).start()) {
            SendFixture project = new SendFixture(dir);
            Path list = project.generatedList("list.csv", 20);
            CliRun run = assertTimeoutPreemptively(Deadlines.seconds(60), () -> project.sendWith(env(WRONG), list,
                    "--smtp", "smtp://" + USER + "@127.0.0.1:" + server.port(), "--yes", "--retry-delay", "10", "--connections", "3"));
            assertEquals(4, run.exitCode(), run.all());
            assertTrue(run.out().contains("the relay refused the credentials of " + USER), run.out());
            assertTrue(server.authAttempts() >= 1, "the password was really tried");
            assertNowhere(project, run, WRONG, PASSWORD);
        }
    }

    @Test
    void aRelayThatRepeatsTheRefusedPasswordDoesNotGetItPrinted() throws IOException {
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
        }).auth(USER, PASSWORD).echoingRefusedPasswords().start()) {
            SendFixture project = new SendFixture(dir);
            CliRun run = assertTimeoutPreemptively(Deadlines.seconds(60), () -> project.sendWith(env(WRONG), SendFixture.SAMPLE_LIST,
                    "--smtp", "smtp://" + USER + "@127.0.0.1:" + server.port(), "--yes", "--retry-delay", "10"));
            assertEquals(4, run.exitCode(), run.all());
            assertTrue(run.out().contains("Authentication credentials invalid: " + USER + " / [hidden]"), run.out());
            assertNowhere(project, run, WRONG, PASSWORD);
        }
    }

    @Test
    void aRefusedPasswordFromAFileLeaksNeitherSecret() throws IOException {
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
        }).auth(USER, PASSWORD).start()) {
            SendFixture project = new SendFixture(dir);
            Path passwordFile = Files.writeString(dir.getParent().resolve(dir.getFileName() + "-password"), WRONG + "\n");
            try {
                CliRun run = assertTimeoutPreemptively(Deadlines.seconds(60), () -> project.sendWith(env(null), SendFixture.SAMPLE_LIST,
                        "--smtp", "smtp://" + USER + "@127.0.0.1:" + server.port(), "--password-file", passwordFile.toString(),
                        "--yes", "--retry-delay", "10"));
                assertEquals(4, run.exitCode(), run.all());
                assertNowhere(project, run, WRONG, PASSWORD);
            } finally {
                Files.delete(passwordFile);
            }
        }
    }

    @Test
    void aFailedTlsHandshakeLeaksNeitherSecret() throws IOException {
        TestCertificate untrusted = TestCertificate.create(Files.createDirectories(dir.resolve("certificate")), "ip:127.0.0.1");
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
        }).auth(USER, PASSWORD).startTls(untrusted.serverContext()).start()) {
            SendFixture project = new SendFixture(dir);
            CliRun run = assertTimeoutPreemptively(Deadlines.seconds(60), () -> project.sendWith(env(PASSWORD), SendFixture.SAMPLE_LIST,
                    "--smtp", "smtp://" + USER + "@127.0.0.1:" + server.port(), "--yes", "--retry-delay", "10"));
            assertEquals(4, run.exitCode(), run.all());
            assertTrue(run.all().contains("TLS"), run.all());
            assertEquals(0, server.authAttempts(), "no password over an untrusted connection");
            assertNowhere(project, run, PASSWORD);
        }
    }

    @Test
    void aSuccessfulSendAndARenderLeakNeitherSecret() throws IOException {
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
            @Override
            public String rcpt(String address, int attempt) {
                // A hard bounce, so that the suppression file is written too.
                return address.equals(SendFixture.address(3)) ? "550 5.1.1 No such user" : null;
            }
        }).auth(USER, PASSWORD).start()) {
            SendFixture project = new SendFixture(dir);
            Path list = project.generatedList("list.csv", 10);
            CliRun run = project.sendWith(env(PASSWORD), list, "--smtp", "smtp://" + USER + "@127.0.0.1:" + server.port(), "--yes");
            assertEquals(3, run.exitCode(), run.all());
            assertEquals(9, server.acceptedCount());
            assertTrue(project.suppressed().contains(SendFixture.address(3)), "the bounce was written");
            for (FaultSmtpServer.Received message : server.received()) {
                for (String secret : forms(PASSWORD, SECRET)) {
                    assertFalse(message.text().contains(secret), "a message carries a secret");
                }
            }
            CliRun render = CliRun.withEnv(env(PASSWORD), "render", project.digest().toString(), "-o", dir.resolve("out").toString());
            assertEquals(0, render.exitCode(), render.all());
            assertNowhere(project, run, PASSWORD);
            assertNowhere(project, render, PASSWORD);
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static Map<String, String> env(String password) {
        Map<String, String> env = new HashMap<>();
        env.put("TIDINGS_SECRET", SECRET);
        if (password != null) {
            env.put("TIDINGS_SMTP_PASSWORD", password);
        }
        return env;
    }

    /** Each secret as given, and base64-encoded as SMTP AUTH PLAIN and LOGIN send it. */
    private static List<String> forms(String... secrets) {
        List<String> forms = new ArrayList<>();
        Base64.Encoder base64 = Base64.getEncoder();
        for (String secret : secrets) {
            forms.add(secret);
            forms.add(base64.encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
            forms.add(base64.encodeToString(("\0" + USER + "\0" + secret).getBytes(StandardCharsets.UTF_8)));
            // what Angus sends for AUTH PLAIN: the user as authorization identity too (RFC 4616)
            forms.add(base64.encodeToString((USER + "\0" + USER + "\0" + secret).getBytes(StandardCharsets.UTF_8)));
        }
        return forms;
    }

    /** Neither the passwords nor TIDINGS_SECRET in what the run printed, nor in any file under the project directory. */
    private void assertNowhere(SendFixture project, CliRun run, String... passwords) throws IOException {
        List<String> secrets = new ArrayList<>(List.of(passwords));
        secrets.add(SECRET);
        List<String> forms = forms(secrets.toArray(String[]::new));
        for (String form : forms) {
            assertFalse(run.out().contains(form), "stdout holds a secret: " + run.out());
            assertFalse(run.err().contains(form), "stderr holds a secret: " + run.err());
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(project.dir())) {
            files = walk.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().endsWith(".p12")
                    && !file.getFileName().toString().endsWith(".jks")).toList();
        }
        assertTrue(files.stream().anyMatch(file -> file.getFileName().toString().startsWith("ledger.db")), "the ledger was written: " + files);
        for (Path file : files) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String form : forms) {
                assertFalse(bytes.contains(form), file + " holds a secret");
                // SQLite and Java may store text as UTF-16 too.
                assertFalse(bytes.contains(new String(form.getBytes(StandardCharsets.UTF_16LE), StandardCharsets.ISO_8859_1)),
                        file + " holds a secret in UTF-16");
            }
        }
    }
}
