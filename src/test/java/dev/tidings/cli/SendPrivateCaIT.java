package dev.tidings.cli;

import dev.tidings.Deadlines;
import dev.tidings.mail.smtp.FaultSmtpServer;
import dev.tidings.mail.smtp.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A relay whose certificate comes from the user's own CA: without {@code --ca-file} the run stops
 * saying what is wrong and which option fixes it (it printed the JDK's "unable to find valid
 * certification path" and "run the same command again"); with it, everyone gets the issue.
 */
class SendPrivateCaIT {
    @TempDir
    Path dir;

    @Test
    void aRelayCertifiedByYourOwnCaNeedsItsCertificateAndThenDelivers() throws Exception {
        TestCertificate ca = TestCertificate.create(Files.createDirectories(dir.resolve("ca")), "ip:127.0.0.1");
        Path pem = Files.writeString(dir.resolve("company-ca.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(ca.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        try (FaultSmtpServer relay = new FaultSmtpServer(new FaultSmtpServer.Script() {
        }).startTls(ca.serverContext()).start()) {
            SendFixture project = new SendFixture(Files.createDirectories(dir.resolve("project")));
            Path list = project.generatedList("list.csv", 5);
            String smtp = "smtp://127.0.0.1:" + relay.port();

            CliRun refused = assertTimeoutPreemptively(Deadlines.seconds(60), () -> project.send(list, "--smtp", smtp, "--yes"));
            assertEquals(4, refused.exitCode(), refused.all());
            assertTrue(refused.all().contains("is not signed by a certificate authority this machine trusts"), refused.all());
            assertTrue(refused.all().contains("--ca-file PEM"), refused.all());
            assertFalse(refused.all().contains("PKIX") || refused.all().contains("SunCertPathBuilderException"), refused.all());
            assertEquals(0, relay.acceptedCount());

            CliRun trusted = assertTimeoutPreemptively(Deadlines.seconds(60),
                    () -> project.send(list, "--smtp", smtp, "--yes", "--ca-file", pem.toString()));
            assertEquals(0, trusted.exitCode(), trusted.all());
            assertEquals(5, relay.acceptedCount());
        }
    }

    @Test
    void aCaFileThatIsNoCertificateIsNamed() throws Exception {
        SendFixture project = new SendFixture(Files.createDirectories(dir.resolve("project")));
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        CliRun run = project.send(project.generatedList("list.csv", 2), "--smtp", "smtp://127.0.0.1:9", "--yes",
                "--ca-file", notPem.toString());
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains(notPem + ": not a PEM certificate"), run.err());
        assertFalse(run.all().contains("\tat "), run.all());
    }
}
