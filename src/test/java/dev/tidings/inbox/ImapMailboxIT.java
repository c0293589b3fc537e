package dev.tidings.inbox;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tidings.Deadlines;
import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import dev.tidings.mail.Secret;
import dev.tidings.mail.smtp.PrivateCa;
import dev.tidings.mail.smtp.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connecting to the mailbox safely: TLS certificates and host names verified, STARTTLS never
 * skipped off loopback, refused credentials and missing folders said plainly, the password never
 * in a message. GreenMail's own TLS is not used here: it loads one keystore per JVM, which
 * SendAuthTlsIT configures, so the TLS cases talk to a small handshake-only server instead.
 */
class ImapMailboxIT {
    private static final String PASSWORD = "imap-Pw-correct-8#horse";

    @TempDir
    Path dir;

    @Test
    void anUntrustedCertificateIsRefusedWithExitFour() throws Exception {
        TestCertificate selfSigned = TestCertificate.create(dir, "ip:127.0.0.1");
        try (HandshakeOnlyServer server = new HandshakeOnlyServer(selfSigned)) {
            ImapSettings settings = ImapSettings.parse("imaps://news@127.0.0.1:" + server.port() + "/INBOX")
                    .withPassword(new Secret(PASSWORD)).withTimeout(Deadlines.seconds(5));
            TidingsException e = assertTimeoutPreemptively(Deadlines.seconds(20),
                    () -> assertThrows(TidingsException.class, () -> ImapMailbox.open(settings)));
            assertEquals(ExitStatus.TEMPORARY_FAILURE, e.status());
            assertTrue(e.getMessage().startsWith("TLS with imaps://news@127.0.0.1:" + server.port() + "/INBOX failed: "), e.getMessage());
            assertTrue(e.getMessage().endsWith("is not signed by a certificate authority this machine trusts; if the server uses"
                    + " your own CA, give its certificate with --ca-file PEM"), e.getMessage());
            assertFalse(e.getMessage().contains(PASSWORD));
        }
    }

    @Test
    void aServerCertifiedByYourOwnCaIsTrustedWithItsCertificate() throws Exception {
        TestCertificate ownCa = TestCertificate.create(dir, "ip:127.0.0.1");
        Path pem = Files.writeString(dir.resolve("own-ca.pem"), "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(ownCa.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        try (HandshakeOnlyServer server = new HandshakeOnlyServer(ownCa)) {
            ImapSettings settings = ImapSettings.parse("imaps://news@127.0.0.1:" + server.port() + "/INBOX")
                    .withPassword(new Secret(PASSWORD)).withTimeout(Duration.ofSeconds(1));
            // The handshake now succeeds; the server says nothing after it, so the login deadline ends the run.
            TidingsException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> assertThrows(TidingsException.class, () -> ImapMailbox.open(settings, PrivateCa.socketFactory(pem))));
            assertTrue(e.getMessage().contains("connecting and logging in took longer than 1 s"), e.getMessage());
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsRefusedToo() throws Exception {
        TestCertificate elsewhere = TestCertificate.create(dir, "dns:imap.elsewhere.invalid");
        try (HandshakeOnlyServer server = new HandshakeOnlyServer(elsewhere)) {
            ImapSettings settings = ImapSettings.parse("imaps://news@127.0.0.1:" + server.port())
                    .withPassword(new Secret(PASSWORD)).withTimeout(Deadlines.seconds(5));
            TidingsException e = assertThrows(TidingsException.class, () -> ImapMailbox.open(settings, elsewhere.trustingClientFactory()));
            assertTrue(e.getMessage().startsWith("TLS with "), e.getMessage());
        }
    }

    @Test
    void aServerSilentAfterTheTlsHandshakeMeetsTheLoginDeadline() throws Exception {
        // The deadline holds under TLS too: the reads of the TLS layer go through the guarded socket.
        // Angus's per-read timeout would have said "Read timed out" (and a trickle would never end).
        TestCertificate trusted = TestCertificate.create(dir, "ip:127.0.0.1");
        try (HandshakeOnlyServer server = new HandshakeOnlyServer(trusted)) {
            ImapSettings settings = ImapSettings.parse("imaps://news@127.0.0.1:" + server.port() + "/INBOX")
                    .withPassword(new Secret(PASSWORD)).withTimeout(Duration.ofSeconds(1));
            TidingsException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> assertThrows(TidingsException.class, () -> ImapMailbox.open(settings, trusted.trustingClientFactory())));
            assertEquals(ExitStatus.TEMPORARY_FAILURE, e.status());
            assertEquals("imaps://news@127.0.0.1:" + server.port() + "/INBOX: connecting and logging in took longer than 1 s (--timeout),"
                    + " so the connection was dropped; running again is safe", e.getMessage());
        }
    }

    @Test
    void starttlsRequiredRefusesAServerThatDoesNotOfferIt() {
        GreenMail greenMail = greenMail();
        try {
            // What an imap:// URL to any host but loopback gets: STARTTLS required, never the password in clear text.
            ImapSettings settings = new ImapSettings("127.0.0.1", greenMail.getImap().getPort(), ImapSettings.Security.STARTTLS_REQUIRED,
                    "news", "INBOX", new Secret(PASSWORD), Deadlines.seconds(5));
            TidingsException e = assertThrows(TidingsException.class, () -> ImapMailbox.open(settings));
            assertEquals(ExitStatus.TEMPORARY_FAILURE, e.status());
            assertTrue(e.getMessage().contains("does not offer STARTTLS") && e.getMessage().contains("imaps://"), e.getMessage());
            assertEquals(ImapSettings.Security.STARTTLS_REQUIRED, ImapSettings.parse("imap://news@imap.example.org/INBOX").security());
        } finally {
            greenMail.stop();
        }
    }

    @Test
    void refusedCredentialsAndAMissingFolderAreSaidPlainly() {
        GreenMail greenMail = greenMail();
        try {
            String url = "imap://news@127.0.0.1:" + greenMail.getImap().getPort();
            TidingsException refused = assertThrows(TidingsException.class,
                    () -> ImapMailbox.open(ImapSettings.parse(url).withPassword(new Secret("wrong-" + PASSWORD))));
            assertEquals(ExitStatus.TEMPORARY_FAILURE, refused.status());
            assertTrue(refused.getMessage().startsWith(url + "/INBOX: the server refused the credentials of news ("), refused.getMessage());
            assertTrue(refused.getMessage().endsWith("check TIDINGS_IMAP_PASSWORD or --password-file"), refused.getMessage());
            assertFalse(refused.getMessage().contains(PASSWORD));

            TidingsException missing = assertThrows(TidingsException.class,
                    () -> ImapMailbox.open(ImapSettings.parse(url + "/Bounces").withPassword(new Secret(PASSWORD))));
            assertEquals(ExitStatus.INVALID_INPUT, missing.status());
            assertEquals(url + "/Bounces: there is no folder 'Bounces' (folders: INBOX)", missing.getMessage());

            try (ImapMailbox mailbox = ImapMailbox.open(ImapSettings.parse(url + "/INBOX").withPassword(new Secret(PASSWORD)))) {
                assertTrue(mailbox.keepsKeywords(), "GreenMail's PERMANENTFLAGS has \\*");
                assertEquals(0, mailbox.unprocessed().size());
            }
        } finally {
            greenMail.stop();
        }
    }

    /**
     * Angus logs in with AUTHENTICATE PLAIN or LOGIN when the server offers it, and the password
     * then travels in base64 (PLAIN: of "NUL user NUL password"). A server that repeats what it was
     * sent in its refusal had it printed to stderr, where cron mails it on: only the plain password
     * was hidden, not the forms SMTP's scrubbing knows.
     */
    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN"})
    void aServerThatEchoesTheAuthenticationGetsNoFormOfThePasswordPrinted(String mechanism) throws IOException {
        try (EchoingImapServer server = new EchoingImapServer(mechanism)) {
            String url = "imap://news@127.0.0.1:" + server.port();
            TidingsException refused = assertThrows(TidingsException.class,
                    () -> ImapMailbox.open(ImapSettings.parse(url).withPassword(new Secret(PASSWORD))));
            assertTrue(server.echoed.contains(" you sent "), "the server did echo the client's answers: " + server.echoed);
            String message = refused.getMessage();
            assertTrue(message.contains("the server refused the credentials of news"), message);
            Base64.Encoder base64 = Base64.getEncoder();
            for (String form : new String[] {PASSWORD, base64.encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)),
                    base64.encodeToString(("\0news\0" + PASSWORD).getBytes(StandardCharsets.UTF_8)),
                    base64.encodeToString(("news\0news\0" + PASSWORD).getBytes(StandardCharsets.UTF_8))}) {
                assertFalse(message.contains(form), "'" + form + "' in: " + message);
            }
        }
    }

    private static GreenMail greenMail() {
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort().setVerbose(false));
        greenMail.start();
        greenMail.setUser("news@trainingzone.example", "news", PASSWORD);
        return greenMail;
    }

    /**
     * Offers one AUTHENTICATE mechanism, takes the client's answers (PLAIN: one, LOGIN: user then
     * password) and refuses them, repeating them in its NO, as a hostile or careless server might.
     */
    private static final class EchoingImapServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        private final String mechanism;
        /** The refusal as sent, for the test to see that the echo happened. */
        private volatile String echoed = "";

        EchoingImapServer(String mechanism) throws IOException {
            this.mechanism = mechanism;
            Thread thread = new Thread(this::serve, "echoing-imap");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    session(new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII)),
                            client.getOutputStream());
                } catch (IOException e) {
                    return; // closed by the test
                }
            }
        }

        private void session(BufferedReader in, OutputStream out) throws IOException {
            String capability = "IMAP4rev1 AUTH=" + mechanism;
            send(out, "* OK [CAPABILITY " + capability + "] ready");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] words = line.split(" ");
                String tag = words[0];
                String command = words.length > 1 ? words[1].toUpperCase(java.util.Locale.ROOT) : "";
                if (command.equals("CAPABILITY")) {
                    send(out, "* CAPABILITY " + capability + "\r\n" + tag + " OK done");
                } else if (command.equals("AUTHENTICATE")) {
                    StringBuilder answers = new StringBuilder();
                    for (String challenge : mechanism.equals("LOGIN") ? new String[] {"VXNlcm5hbWU6", "UGFzc3dvcmQ6"} : new String[] {""}) {
                        send(out, "+ " + challenge);
                        answers.append(' ').append(in.readLine());
                    }
                    echoed = tag + " NO [AUTHENTICATIONFAILED] you sent" + answers;
                    send(out, echoed);
                } else if (command.equals("LOGOUT")) {
                    send(out, "* BYE\r\n" + tag + " OK");
                    return;
                } else {
                    send(out, tag + " BAD not here");
                }
            }
        }

        private static void send(OutputStream out, String lines) throws IOException {
            out.write((lines + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Accepts TLS connections and does the handshake, no more: enough for a client to judge the certificate. */
    private static final class HandshakeOnlyServer implements AutoCloseable {
        private final SSLServerSocket socket;
        private final Thread thread;

        HandshakeOnlyServer(TestCertificate certificate) throws IOException {
            socket = (SSLServerSocket) certificate.serverContext().getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "handshake-only");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (SSLSocket client = (SSLSocket) socket.accept()) {
                    client.startHandshake();
                    client.getOutputStream().write("* OK IMAP4rev1 ready\r\n".getBytes(StandardCharsets.US_ASCII));
                    client.getOutputStream().flush();
                    client.getInputStream().transferTo(OutputStream.nullOutputStream()); // and never answer
                } catch (IOException e) {
                    // the client refused the certificate: what the tests want
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
