package dev.tidings.cli;

import dev.tidings.Deadlines;
import dev.tidings.mail.smtp.FaultSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Logging in to the relay (issue 16, findings 12, 13 and 14): one attempt per run, the right
 * advice when it is refused, never a send without the login a URL names, never a password in clear
 * text off this machine, and never the password printed when a relay echoes the AUTH line.
 */
class SendLoginIT {
    private static final Duration DEADLINE = Deadlines.seconds(180);
    private static final String USER = "newsletter";
    private static final String PASSWORD = "pw-Zq7!unmistakable-smtp-password";
    private static final String WRONG = "pw-Xk9!unmistakable-wrong-password";

    @TempDir
    Path dir;

    @Test
    void aRefusedPasswordIsTriedOncePerRunWhateverTheConnectionsAndTheAdviceIsToCheckIt() {
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
        }).auth(USER, PASSWORD).start()) {
            SendFixture project = new SendFixture(dir);
            Path list = project.generatedList("list.csv", 40);
            CliRun run = assertTimeoutPreemptively(DEADLINE, () -> project.sendWith(env(WRONG), list,
                    "--smtp", "smtp://" + USER + "@127.0.0.1:" + server.port(), "--yes", "--connections", "4", "--retry-delay", "10"));
            assertEquals(4, run.exitCode(), run.all());
            assertEquals(1, server.authAttempts(), "one login attempt per run (it was one per connection)");
            assertEquals(1, server.connections());
            assertTrue(run.out().contains("next: check the password in TIDINGS_SMTP_PASSWORD or --password-file"), run.out());
            assertFalse(run.out().contains("run the same command again later"), run.out());
        }
    }

    @Test
    void aUserNamedInTheUrlWithARelayThatOffersNoLoginSendsNothing() {
        try (FaultSmtpServer server = FaultSmtpServer.accepting()) {
            SendFixture project = new SendFixture(dir);
            Path list = project.generatedList("list.csv", 5);
            CliRun run = assertTimeoutPreemptively(DEADLINE, () -> project.sendWith(env(PASSWORD), list,
                    "--smtp", "smtp://" + USER + "@127.0.0.1:" + server.port(), "--yes"));
            assertEquals(4, run.exitCode(), run.all());
            assertEquals(0, server.acceptedCount(), "nothing sent without the login the URL names");
            assertTrue(run.out().contains("offers no login (no AUTH in its EHLO reply), but --smtp names the user " + USER), run.out());
        }
    }

    @Test
    void startTlsOffToARelayThatRequiresItIsATlsProblemNotARefusedSender() {
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
            @Override
            public String mail(String from, int connection) {
                return "530 5.7.0 Must issue a STARTTLS command first";
            }
        }).start()) {
            SendFixture project = new SendFixture(dir);
            Path list = project.generatedList("list.csv", 5);
            CliRun run = assertTimeoutPreemptively(DEADLINE, () -> project.send(list,
                    "--smtp", "smtp://127.0.0.1:" + server.port() + "?starttls=off", "--yes"));
            assertEquals(4, run.exitCode(), run.all());
            assertTrue(run.out().contains("the relay requires TLS before mail (530 5.7.0 Must issue a STARTTLS command first):"
                    + " remove ?starttls=off"), run.out());
            assertFalse(run.out().contains("refused the sender"), run.out());
            assertEquals(0, project.ledger().count(SendFixture.ISSUE, "failed"), "nobody failed for it");
        }
    }

    @Test
    void aRelayThatEchoesTheAuthLineDoesNotGetThePasswordPrintedOrKept() throws IOException {
        for (String mechanism : List.of("LOGIN", "PLAIN")) {
            Path project = Files.createDirectories(dir.resolve(mechanism));
            try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
            }).auth(USER, PASSWORD).authMechanisms(mechanism).echoingAuthLines().start()) {
                SendFixture fixture = new SendFixture(project);
                CliRun run = assertTimeoutPreemptively(DEADLINE, () -> fixture.sendWith(env(WRONG), SendFixture.SAMPLE_LIST,
                        "--smtp", "smtp://" + USER + "@127.0.0.1:" + server.port(), "--yes"));
                assertEquals(4, run.exitCode(), run.all());
                assertTrue(run.out().contains("you sent AUTH " + mechanism), "the relay did echo: " + run.out());
                for (String form : forms(WRONG)) {
                    assertFalse(run.all().contains(form), mechanism + ": printed " + form + ": " + run.all());
                    assertNotInFiles(project, form);
                }
            }
        }
    }

    @Test
    void aHostNameThatMerelyStartsWith127IsNotLoopback() {
        SendFixture project = new SendFixture(dir);
        CliRun run = CliRun.withEnv(env(PASSWORD), project.sendArgs(SendFixture.SAMPLE_LIST,
                "--smtp", "smtp://" + USER + "@127.relay.attacker.example:2525?starttls=off", "--yes"));
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.err().contains("would send the password of " + USER + " in clear text"), run.err());
    }

    @Test
    void credentialsNeverGoInClearTextToARelayOffThisMachineByAddress() throws IOException {
        InetAddress external = nonLoopbackAddress();
        assumeTrue(external != null, "this machine has no address but loopback");
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
        }).auth(USER, PASSWORD).bindTo(external).start()) {
            SendFixture project = new SendFixture(dir);
            CliRun run = assertTimeoutPreemptively(DEADLINE, () -> project.sendWith(env(PASSWORD), SendFixture.SAMPLE_LIST,
                    "--smtp", "smtp://" + USER + "@" + external.getHostAddress() + ":" + server.port(), "--yes", "--retry-delay", "10"));
            assertEquals(4, run.exitCode(), run.all());
            assertEquals(0, server.authAttempts(), "no AUTH without TLS off loopback: " + run.all());
            assertTrue(run.all().contains("TLS"), run.all());
        }
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        return address;
                    }
                }
            }
        }
        return null;
    }

    private static Map<String, String> env(String password) {
        return SendFixture.env("TIDINGS_SMTP_PASSWORD", password);
    }

    /** The password as given and base64-encoded as AUTH LOGIN and AUTH PLAIN (Angus: authzid = user) send it. */
    private static List<String> forms(String password) {
        Base64.Encoder base64 = Base64.getEncoder();
        return List.of(password,
                base64.encodeToString(password.getBytes(StandardCharsets.UTF_8)),
                base64.encodeToString((USER + "\0" + USER + "\0" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertNotInFiles(Path dir, String form) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains(form), file + " holds the password");
            }
        }
    }
}
