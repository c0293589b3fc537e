package dev.tidings.cli;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tidings.Deadlines;
import dev.tidings.digest.Digest;
import dev.tidings.digest.load.DigestLoader;
import dev.tidings.mail.smtp.AngusSmtpConnector;
import dev.tidings.mail.smtp.FaultSmtpServer;
import dev.tidings.mail.ledger.LedgerView;
import dev.tidings.mail.MailConnection;
import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.mail.Secret;
import dev.tidings.mail.loop.SendJob;
import dev.tidings.mail.ledger.SqliteLedgerStore;
import dev.tidings.mail.SendOptions;
import dev.tidings.mail.SendProgress;
import dev.tidings.mail.SendReport;
import dev.tidings.mail.SmtpFailure;
import dev.tidings.mail.smtp.SmtpSettings;
import dev.tidings.mail.smtp.TestCertificate;
import dev.tidings.render.IssueRenderer;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.TemplateSet;
import dev.tidings.render.UnsubscribeLinks;
import dev.tidings.render.UnsubscribeToken;
import dev.tidings.mail.smtp.RelayGreenMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SMTP AUTH and TLS against real servers on loopback: GreenMail with a user and with SMTPS
 * (implicit TLS) on a certificate made for the test, and the fault server for STARTTLS and for
 * counting AUTH attempts. The password must never be printed, whatever happens.
 */
class SendAuthTlsIT {
    private static final String USER = "sender";
    private static final String PASSWORD = "correct horse 9#battery";
    private static final String WRONG = "wrong-Pa55word!";
    /**
     * "Not retried", without timing the machine: with --retry-delay at the back-off's cap, a retry
     * would first wait at least half of it (Backoff's full jitter), a minute; a run that ends sooner
     * made none. It was "under 2 s with a 2 s delay", which a busy machine broke with no retry at all.
     */
    private static final String RETRY_DELAY_AT_THE_CAP = String.valueOf(SendOptions.MAX_BACKOFF.toMillis());
    private static final Duration A_RETRY_WOULD_WAIT = SendOptions.MAX_BACKOFF.dividedBy(2);

    @TempDir
    static Path certificates;

    /** GreenMail reads its TLS keystore once per JVM, from these properties: ours has 127.0.0.1 as a subject name. */
    private static TestCertificate greenMailCertificate;

    @TempDir
    Path dir;

    private GreenMail greenMail;

    @BeforeAll
    static void certificate() {
        greenMailCertificate = TestCertificate.create(certificates, "ip:127.0.0.1,dns:localhost");
        System.setProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_FILE_PROPERTY, greenMailCertificate.keyStore().toString());
        System.setProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_PASSWORD_PROPERTY, TestCertificate.PASSWORD);
        System.setProperty(DummySSLServerSocketFactory.GREENMAIL_KEY_PASSWORD_PROPERTY, TestCertificate.PASSWORD);
    }

    @AfterEach
    void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    private GreenMail greenMail(String protocol) {
        greenMail = new RelayGreenMail(new ServerSetup(0, "127.0.0.1", protocol).dynamicPort().setVerbose(false))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("sender@trainingzone.example", USER, PASSWORD));
        greenMail.start();
        return greenMail;
    }

    private static void assertNoPassword(CliRun run) {
        for (String secret : List.of(PASSWORD, WRONG)) {
            assertFalse(run.all().contains(secret), "the password was printed: " + run.all());
        }
    }

    // --- AUTH ----------------------------------------------------------------------------------

    @Test
    void authenticatesWithThePasswordFromTheEnvironment() {
        GreenMail server = greenMail(ServerSetup.PROTOCOL_SMTP);
        SendFixture project = new SendFixture(dir);
        CliRun run = project.sendWith(SendFixture.env("TIDINGS_SMTP_PASSWORD", PASSWORD), SendFixture.SAMPLE_LIST,
                "--smtp", "smtp://" + USER + "@127.0.0.1:" + server.getSmtp().getPort(), "--yes", "--timeout", Deadlines.secondsOption(5));
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(21, server.getReceivedMessages().length);
        assertNoPassword(run);
    }

    @Test
    void authenticatesWithThePasswordFromAFile() {
        GreenMail server = greenMail(ServerSetup.PROTOCOL_SMTP);
        SendFixture project = new SendFixture(dir);
        Path file = project.file("smtp-password", PASSWORD + "\n");
        CliRun run = project.send(SendFixture.SAMPLE_LIST, "--smtp", "smtp://" + USER + "@127.0.0.1:" + server.getSmtp().getPort(),
                "--password-file", file.toString(), "--yes", "--timeout", Deadlines.secondsOption(5));
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(21, server.getReceivedMessages().length);
        assertNoPassword(run);
    }

    @Test
    void aWrongPasswordStopsAtOnceWithExitFour() {
        GreenMail server = greenMail(ServerSetup.PROTOCOL_SMTP);
        SendFixture project = new SendFixture(dir);
        CliRun run = assertTimeoutPreemptively(A_RETRY_WOULD_WAIT, () -> project.sendWith(
                SendFixture.env("TIDINGS_SMTP_PASSWORD", WRONG), SendFixture.SAMPLE_LIST,
                "--smtp", "smtp://" + USER + "@127.0.0.1:" + server.getSmtp().getPort(), "--yes", "--retry-delay", RETRY_DELAY_AT_THE_CAP),
                "no back-off and retry after a 535");
        assertEquals(4, run.exitCode(), run.all());
        assertTrue(run.out().contains("the relay refused the credentials of " + USER), run.out());
        assertTrue(run.out().contains("535"), run.out());
        assertEquals(0, server.getReceivedMessages().length);
        assertEquals(0, project.ledger().rows(), "nobody was attempted");
        assertNoPassword(run);
    }

    @Test
    void aWrongPasswordIsTriedOncePerConnectionNotOncePerRecipient() {
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
        }).auth(USER, PASSWORD).start()) {
            SendFixture project = new SendFixture(dir);
            Path list = project.generatedList("list.csv", 50);
            CliRun run = assertTimeoutPreemptively(Deadlines.seconds(30), () -> project.sendWith(
                    SendFixture.env("TIDINGS_SMTP_PASSWORD", WRONG), list, "--smtp", "smtp://" + USER + "@127.0.0.1:" + server.port(),
                    "--yes", "--connections", "4", "--retries", "5", "--retry-delay", "10"));
            assertEquals(4, run.exitCode(), run.all());
            assertTrue(server.authAttempts() >= 1 && server.authAttempts() <= 4,
                    "at most one AUTH per connection, no retry storm: " + server.authAttempts());
            assertEquals(0, server.acceptedCount());
            assertNoPassword(run);

            CliRun right = project.sendWith(SendFixture.env("TIDINGS_SMTP_PASSWORD", PASSWORD), list,
                    "--smtp", "smtp://" + USER + "@127.0.0.1:" + server.port(), "--yes", "--connections", "4");
            assertEquals(0, right.exitCode(), right.all());
            assertEquals(50, server.acceptedCount());
            assertNoPassword(right);
        }
    }

    @Test
    void aUserWithoutAPasswordOrAPasswordInTheUrlIsAUsageError() {
        SendFixture project = new SendFixture(dir);
        CliRun noPassword = project.send(SendFixture.SAMPLE_LIST, "--smtp", "smtp://" + USER + "@127.0.0.1:2525", "--yes");
        assertEquals(2, noPassword.exitCode(), noPassword.all());
        assertTrue(noPassword.err().contains("TIDINGS_SMTP_PASSWORD"), noPassword.err());

        CliRun inUrl = project.send(SendFixture.SAMPLE_LIST, "--smtp", "smtp://" + USER + ":" + WRONG + "@127.0.0.1:2525", "--yes");
        assertEquals(2, inUrl.exitCode(), inUrl.all());
        assertTrue(inUrl.err().contains("do not put the password in the URL"), inUrl.err());
        assertNoPassword(inUrl);
        assertFalse(project.ledger().exists());
    }

    // --- TLS -----------------------------------------------------------------------------------

    @Test
    void theDefaultConnectorRejectsASelfSignedCertificate() {
        GreenMail server = greenMail(ServerSetup.PROTOCOL_SMTPS);
        SendFixture project = new SendFixture(dir);
        CliRun run = assertTimeoutPreemptively(A_RETRY_WOULD_WAIT, () -> project.sendWith(SendFixture.env("TIDINGS_SMTP_PASSWORD", PASSWORD),
                SendFixture.SAMPLE_LIST, "--smtp", "smtps://" + USER + "@127.0.0.1:" + server.getSmtps().getPort(), "--yes",
                "--retry-delay", RETRY_DELAY_AT_THE_CAP), "an untrusted certificate is not retried");
        assertEquals(4, run.exitCode(), run.all());
        String said = run.all().toLowerCase(Locale.ROOT);
        assertTrue(said.contains("tls") && said.contains("certificat"), run.all());
        assertEquals(0, server.getReceivedMessages().length);
        assertNoPassword(run);
    }

    @Test
    void aConnectorThatTrustsTheCertificateDeliversOverImplicitTls() {
        GreenMail server = greenMail(ServerSetup.PROTOCOL_SMTPS);
        SmtpSettings settings = SmtpSettings.parse("smtps://" + USER + "@127.0.0.1:" + server.getSmtps().getPort())
                .withPassword(new Secret(PASSWORD)).withTimeout(Deadlines.seconds(5));
        SendReport report = sendWithConnector(new AngusSmtpConnector(settings, greenMailCertificate.trustingClientFactory()));
        assertEquals(0, report.status().code(), report.toString());
        assertEquals(21, report.counts().sent());
        assertEquals(21, server.getReceivedMessages().length);
    }

    @Test
    void startTlsOnLoopbackIsUsedWhenOfferedAndTheCertificateIsVerified() throws InterruptedException {
        TestCertificate certificate = TestCertificate.create(dir, "ip:127.0.0.1");
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
        }).startTls(certificate.serverContext()).start()) {
            SendFixture project = new SendFixture(dir);
            CliRun untrusted = project.send(SendFixture.SAMPLE_LIST, "--smtp", server.url(), "--yes", "--retry-delay", "10");
            assertEquals(4, untrusted.exitCode(), untrusted.all());
            assertTrue(untrusted.all().contains("TLS"), untrusted.all());
            // The server thread notices the client's abort a moment after the client has given up.
            Deadlines.await("the server to see the refused handshake", () -> server.tlsFailures() >= 1, Duration.ofSeconds(5));
            assertEquals(0, server.acceptedCount(), "never falls back to clear text");

            SmtpSettings settings = SmtpSettings.parse(server.url()).withTimeout(Deadlines.seconds(5));
            assertEquals(SmtpSettings.Security.STARTTLS_IF_OFFERED, settings.security());
            SendReport report = sendWithConnector(new AngusSmtpConnector(settings, certificate.trustingClientFactory()));
            assertEquals(0, report.status().code(), report.toString());
            assertEquals(21, server.acceptedCount());
            assertTrue(server.tlsHandshakes() >= 1, "the messages went over TLS");
            assertEquals(0, server.pipelinedTransactions(),
                    "over TLS Angus sends each command itself: the plain socket under TLS is never written to");
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsRejected() {
        TestCertificate elsewhere = TestCertificate.create(dir, "dns:relay.elsewhere.invalid");
        try (FaultSmtpServer server = new FaultSmtpServer(new FaultSmtpServer.Script() {
        }).startTls(elsewhere.serverContext()).start()) {
            SmtpSettings settings = SmtpSettings.parse(server.url()).withTimeout(Deadlines.seconds(5));
            SmtpFailure failure = assertThrows(SmtpFailure.class, () -> open(new AngusSmtpConnector(settings, elsewhere.trustingClientFactory())));
            assertEquals(SmtpFailure.Kind.TLS, failure.kind(), failure.reply());
            assertEquals(0, server.acceptedCount());
        }
    }

    @Test
    void starttlsRequiredRefusesARelayThatDoesNotOfferIt() {
        try (FaultSmtpServer server = FaultSmtpServer.accepting()) {
            // What a non-loopback smtp:// URL gets: STARTTLS required, never plain text.
            SmtpSettings settings = new SmtpSettings("127.0.0.1", server.port(), SmtpSettings.Security.STARTTLS_REQUIRED,
                    null, null, Deadlines.seconds(5), null);
            SmtpFailure failure = assertThrows(SmtpFailure.class, () -> open(new AngusSmtpConnector(settings)));
            assertEquals(SmtpFailure.Kind.TLS, failure.kind(), failure.reply());
            assertEquals(SmtpSettings.Security.STARTTLS_REQUIRED, SmtpSettings.parse("smtp://relay.example.com").security());
        }
    }

    private static void open(AngusSmtpConnector connector) throws SmtpFailure {
        try (MailConnection connection = connector.open()) {
            assertTrue(connection.usable());
        }
    }

    /** The sample issue to the sample list through a connector built in-process (the command line has no trust-store option). */
    private SendReport sendWithConnector(AngusSmtpConnector connector) {
        Digest digest = new DigestLoader().load(SendFixture.SAMPLE_DIGEST).valid();
        PreparedIssue issue = new IssueRenderer().prepare(digest, TemplateSet.defaultTheme(),
                new UnsubscribeLinks(digest.newsletter().unsubscribe(), UnsubscribeToken.withSecret(SendFixture.SECRET)));
        Path ledger = dir.resolve("tls-ledger.db");
        SendJob job = new SendJob(issue, new MessageBuilder(Clock.systemUTC()), new SqliteLedgerStore(), Clock.systemUTC(), SendOptions.defaults()
                .forList(SendFixture.SAMPLE_LIST, ledger, dir.resolve("suppressed.txt")).withRetries(1, Duration.ofMillis(10)));
        SendReport report = assertTimeoutPreemptively(Deadlines.seconds(60), () -> job.send(connector, survey -> { }, survey -> true,
                SendProgress.NONE));
        assertEquals(report.counts().sent(), new LedgerView(ledger).count(digest.issue().id(), "sent"));
        return report;
    }
}
