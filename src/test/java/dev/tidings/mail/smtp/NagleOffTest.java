package dev.tidings.mail.smtp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guard for the Nagle trap of issue 7: every socket the SMTP session makes, plain or TLS,
 * connected by Angus or layered by STARTTLS, has TCP_NODELAY. With Nagle's algorithm on, Angus's
 * own DATA path (a relay without PIPELINING) waits ~40 ms per message over 8 KiB for a delayed
 * acknowledgement: 300 messages took 13.9 s instead of 1.0 s on loopback. That cost is measured by
 * the benchmark's Nagle guard (docs/bench/bench.sh); this test checks the cause, on real sockets,
 * with the factories the connector gives Angus.
 */
class NagleOffTest {
    @TempDir
    Path dir;

    private ServerSocket plainServer;
    private SSLServerSocket tlsServer;
    private TestCertificate certificate;

    @BeforeEach
    void listen() throws Exception {
        plainServer = ServerSocketFactory.getDefault().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        certificate = TestCertificate.create(dir, "DNS:localhost,IP:127.0.0.1");
        tlsServer = (SSLServerSocket) certificate.serverContext().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws Exception {
        plainServer.close();
        tlsServer.close();
    }

    @Test
    void plainSocketsOfTheSessionHaveNagleOffHoweverAngusMakesThem() throws Exception {
        SocketFactory factory = (SocketFactory) sessionProperties().get("mail.smtp.socketFactory");
        try (Socket direct = factory.createSocket("127.0.0.1", plainServer.getLocalPort());
             Socket byAddress = factory.createSocket(InetAddress.getLoopbackAddress(), plainServer.getLocalPort());
             Socket unconnected = factory.createSocket()) {
            // Angus's way when a connect timeout is set: an unconnected socket, then connect()
            unconnected.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), plainServer.getLocalPort()), 5_000);
            for (Socket socket : new Socket[] {direct, byAddress, unconnected}) {
                assertTrue(socket.getTcpNoDelay(), socket.toString());
                assertTrue(socket.getSendBufferSize() >= NoDelaySocketFactories.SEND_BUFFER, "a send buffer that holds a message");
            }
        }
    }

    @Test
    void tlsSocketsOfTheSessionHaveNagleOffImplicitAndStartTls() throws Exception {
        SSLSocketFactory factory = (SSLSocketFactory) sessionProperties().get("mail.smtp.ssl.socketFactory");
        try (Socket implicit = factory.createSocket("127.0.0.1", tlsServer.getLocalPort());
             Socket plain = new Socket(InetAddress.getLoopbackAddress(), plainServer.getLocalPort());
             Socket layered = factory.createSocket(plain, "127.0.0.1", plainServer.getLocalPort(), true)) {
            assertTrue(implicit instanceof SSLSocket && implicit.getTcpNoDelay(), "implicit TLS (smtps)");
            assertTrue(layered instanceof SSLSocket && layered.getTcpNoDelay(), "STARTTLS over a socket made without the factory");
        }
    }

    private Properties sessionProperties() {
        SmtpSettings settings = SmtpSettings.parse("smtp://127.0.0.1:" + plainServer.getLocalPort());
        return AngusSmtpConnector.properties(settings, NoDelaySocketFactories.tls(certificate.trustingClientFactory(), settings.timeout()));
    }
}
