package dev.tidings.cli;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tidings.Deadlines;
import dev.tidings.digest.load.DigestLoader;
import dev.tidings.mail.smtp.RelayGreenMail;
import dev.tidings.mail.smtp.TestCertificate;
import dev.tidings.render.UnsubscribeLinks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidings serve} behind Debian's nginx, configured with the server block of docs/deploy.md,
 * read from the page itself so that the page cannot drift from what was tested: TLS with a
 * certificate made here, the one-click unsubscribe through the proxy, /healthz, the body limit,
 * POST only to serve's routes, and X-Forwarded-For believed only with --trusted-proxy. The
 * readers are told apart by their source address: each connects from its own loopback address
 * (127.0.0.2, 127.0.0.3; Linux routes all of 127/8 to lo).
 *
 * <p>Skipped when nginx is not installed, except under CI=true, where .ci/run installs it.
 */
class ServeBehindNginxIT {
    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Path DEPLOY = Path.of("docs/deploy.md");
    private static final InetAddress READER_A = address("127.0.0.2");
    private static final InetAddress READER_B = address("127.0.0.3");

    @TempDir
    Path dir;

    private GreenMail greenMail;
    private Process serve;
    private Process nginx;
    private int nginxPort;
    private Path list;
    private Path digest;
    private SSLSocketFactory tls;

    @BeforeEach
    void start() throws Exception {
        if (!Files.isExecutable(NGINX)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but " + NGINX + " is missing: .ci/run must install nginx");
            }
            Assumptions.abort(NGINX + " not installed (apt-get install nginx): the test of docs/deploy.md's nginx configuration is skipped");
        }
        greenMail = new RelayGreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort().setVerbose(false));
        greenMail.start();
        nginxPort = freePort();
        list = dir.resolve("subscribers.csv");
        Files.writeString(list, "email,name,status\nkarl.moore@example.com,Karl Moore,subscribed\nzoe.martin@example.org,Zoë Martin,subscribed\n");
        String minimal = Files.readString(Path.of("src/test/resources/digests/good/minimal.yaml"));
        digest = dir.resolve("issue-1.yaml");
        Files.writeString(digest, minimal.replace("  unsubscribe:\n    url: \"https://example.org/unsubscribe?list=weekly\"",
                "  public_url: https://127.0.0.1:" + nginxPort + "\n  unsubscribe:\n    mailto: leave@example.org"));
        TestCertificate certificate = TestCertificate.create(dir, "ip:127.0.0.1");
        tls = certificate.trustingClientFactory();
        Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", certificate.certificate().getEncoded()));
        Key key = certificate.keys().getKey("tidings-test", TestCertificate.PASSWORD.toCharArray());
        Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
    }

    @AfterEach
    void stop() throws Exception {
        for (Process process : new Process[]{nginx, serve}) {
            if (process != null) {
                process.destroy();
                process.waitFor();
            }
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    @Test
    void throughNginxTheOneClickPostUnsubscribesAndTheLimitsHold() throws Exception {
        startServeAndNginx(true);
        Answer health = request(READER_A, "GET", "/healthz", List.of(), null);
        assertEquals(200, health.status(), health.text());
        assertTrue(health.text().endsWith("ok\n"), health.text());

        String url = UnsubscribeLinks.forDigest(new DigestLoader().load(digest).valid(), SendFixture.SECRET).url("zoe.martin@example.org");
        URI uri = URI.create(url);
        assertEquals(nginxPort, uri.getPort(), url);
        String target = uri.getRawPath() + "?" + uri.getRawQuery();
        String before = Files.readString(list);
        Answer scanner = request(READER_A, "GET", target, List.of(), null);
        assertEquals(200, scanner.status(), scanner.text());
        assertEquals(before, Files.readString(list), "a GET through the proxy changes nothing");
        // RFC 8058 exactly as a mail provider sends it: no cookie, no token, a form body
        Answer oneClick = request(READER_A, "POST", target, List.of("Content-Type: application/x-www-form-urlencoded"),
                "List-Unsubscribe=One-Click");
        assertEquals(200, oneClick.status(), oneClick.text());
        // durable before the 200; in the CSV at once or, with the journal, at its next batch
        Deadlines.await("zoe.martin unsubscribed in the list", () -> read(list).contains("zoe.martin@example.org,Zoë Martin,unsubscribed"),
                Duration.ofSeconds(20));
        String after = Files.readString(list);
        assertTrue(after.contains("karl.moore@example.com,Karl Moore,subscribed"), after);
        // the proxy's log names the route, never the token that acts for the reader
        String log = Files.readString(dir.resolve("access.log"));
        assertTrue(log.contains("\"POST /unsubscribe\" 200"), log);
        assertTrue(!log.contains(uri.getRawQuery()) && !log.contains("?"), "a token in the proxy's log: " + log);

        // a body over the limit: refused by nginx (client_max_body_size) before it is read
        Answer big = request(READER_A, "POST", "/subscribe", List.of("Content-Type: application/x-www-form-urlencoded",
                "Content-Length: " + 10 * 1024 * 1024), "");
        assertEquals(413, big.status(), big.text());
        assertTrue(big.text().contains("<center>nginx"), "refused by nginx, not passed on to serve: " + big.text());
        // only serve's routes take a POST
        Answer elsewhere = request(READER_A, "POST", "/index.html", List.of("Content-Type: application/x-www-form-urlencoded"), "a=b");
        assertEquals(403, elsewhere.status(), elsewhere.text());
        assertEquals(after, Files.readString(list));
    }

    @Test
    void withTrustedProxyTheRateLimitCountsEachReaderAndAForgedHeaderIsReplaced() throws Exception {
        startServeAndNginx(true);
        for (int i = 0; i < 20; i++) {
            assertEquals(200, signup(READER_A, "a" + i + "@example.org", null).status(), "signup " + i + " of reader A");
        }
        assertEquals(429, signup(READER_A, "a20@example.org", null).status(), "reader A's 21st signup in the hour");
        // B is counted apart from A: serve sees B's address in the header nginx sets
        Answer b = signup(READER_B, "b0@example.org", null);
        assertEquals(200, b.status(), "reader B is not reader A: " + b.text());
        // B names A's address in the header; nginx replaces it with B's, so B is still counted as B
        Answer forged = signup(READER_B, "b1@example.org", "127.0.0.2");
        assertEquals(200, forged.status(), "a forged X-Forwarded-For must not be believed: " + forged.text());
    }

    @Test
    void withoutTrustedProxyEveryReaderIsTheProxy() throws Exception {
        startServeAndNginx(false);
        for (int i = 0; i < 20; i++) {
            assertEquals(200, signup(READER_A, "a" + i + "@example.org", null).status(), "signup " + i + " of reader A");
        }
        Answer b = signup(READER_B, "b0@example.org", null);
        assertEquals(429, b.status(), "X-Forwarded-For is ignored without --trusted-proxy: B counts as the proxy, as A did; " + b.text());
    }

    private Answer signup(InetAddress reader, String email, String forwardedFor) throws IOException {
        List<String> headers = new ArrayList<>(List.of("Content-Type: application/x-www-form-urlencoded"));
        if (forwardedFor != null) {
            headers.add("X-Forwarded-For: " + forwardedFor);
        }
        return request(reader, "POST", "/subscribe", headers, "email=" + email.replace("@", "%40"));
    }

    // --- the two servers ---------------------------------------------------------------------------

    private void startServeAndNginx(boolean trustProxy) throws Exception {
        int servePort = freePort();
        List<String> args = new ArrayList<>(List.of("serve", digest.toString(), "--subscribers", list.toString(),
                "--smtp", "smtp://127.0.0.1:" + greenMail.getSmtp().getPort(), "--public-url", "https://127.0.0.1:" + nginxPort,
                "--listen", "127.0.0.1:" + servePort));
        if (trustProxy) {
            args.addAll(List.of("--trusted-proxy", "127.0.0.1"));
        }
        ProcessBuilder builder = new SendFixture(dir).childJvm(List.of(), Map.of("TIDINGS_SECRET", SendFixture.SECRET),
                args.toArray(String[]::new));
        Path serveErr = dir.resolve("serve.err");
        builder.redirectError(serveErr.toFile());
        serve = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine(); // the event: serve says it listens once the port is open
        assertTrue(line != null && line.startsWith("serve: listening"), line + " " + Files.readString(serveErr));

        Path prefix = Files.createDirectories(dir.resolve("nginx"));
        Files.createDirectories(prefix.resolve("logs"));
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, nginxConf(prefix, servePort));
        Path nginxErr = dir.resolve("nginx.err");
        nginx = new ProcessBuilder(NGINX.toString(), "-p", prefix.toString(), "-c", conf.toString(), "-e", "stderr")
                .redirectErrorStream(true).redirectOutput(nginxErr.toFile()).start();
        Deadlines.await("nginx accepting on 127.0.0.1:" + nginxPort, () -> {
            if (!nginx.isAlive()) {
                throw new AssertionError("nginx exited " + nginx.exitValue() + ": " + read(nginxErr));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", nginxPort), 1000);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        }, Duration.ofSeconds(20));
    }

    /** nginx's own settings for a child process of the test, around the server block of docs/deploy.md. */
    private String nginxConf(Path prefix, int servePort) throws IOException {
        String block = deployBlock();
        block = replaceOnce(block, "server 127.0.0.1:8080;", "server 127.0.0.1:" + servePort + ";");
        block = replaceOnce(block, "listen 443 ssl;", "listen 127.0.0.1:" + nginxPort + " ssl;");
        block = replaceOnce(block, "listen [::]:443 ssl;", ""); // the machine may have no IPv6
        block = replaceOnce(block, "/etc/letsencrypt/live/news.example.org/fullchain.pem", dir.resolve("cert.pem").toString());
        block = replaceOnce(block, "/etc/letsencrypt/live/news.example.org/privkey.pem", dir.resolve("key.pem").toString());
        block = replaceOnce(block, "/var/log/nginx/tidings.access.log", dir.resolve("access.log").toString());
        String temp = prefix.toString();
        return "daemon off;\nmaster_process off;\npid " + prefix.resolve("nginx.pid") + ";\nerror_log stderr notice;\n"
                + "events { worker_connections 256; }\n"
                + "http {\n    access_log off;\n"
                + "    client_body_temp_path " + temp + "/body;\n    proxy_temp_path " + temp + "/proxy;\n"
                + "    fastcgi_temp_path " + temp + "/fastcgi;\n    uwsgi_temp_path " + temp + "/uwsgi;\n"
                + "    scgi_temp_path " + temp + "/scgi;\n"
                + block + "\n}\n";
    }

    /** The first ```nginx block of docs/deploy.md. */
    static String deployBlock() throws IOException {
        Matcher block = Pattern.compile("```nginx\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DEPLOY));
        assertTrue(block.find(), DEPLOY + " has no ```nginx block");
        return block.group(1);
    }

    private static String replaceOnce(String text, String what, String with) {
        int at = text.indexOf(what);
        assertTrue(at >= 0 && text.indexOf(what, at + 1) < 0, DEPLOY + "'s nginx block should hold '" + what + "' once");
        return text.substring(0, at) + with + text.substring(at + what.length());
    }

    // --- a reader: HTTPS over a socket from a chosen source address -----------------------------------

    record Answer(int status, String text) {
    }

    /**
     * One request over TLS from {@code from}, the certificate checked against 127.0.0.1 as a browser
     * would; {@code Connection: close}, so the answer is whatever arrives until the end.
     */
    private Answer request(InetAddress from, String method, String target, List<String> headers, String body) throws IOException {
        try (Socket plain = new Socket()) {
            plain.bind(new InetSocketAddress(from, 0));
            plain.connect(new InetSocketAddress("127.0.0.1", nginxPort), (int) Deadlines.seconds(10).toMillis());
            plain.setSoTimeout((int) Deadlines.seconds(30).toMillis());
            try (SSLSocket socket = (SSLSocket) tls.createSocket(plain, "127.0.0.1", nginxPort, true)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: news.example.org\r\nConnection: close\r\n");
                byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
                boolean declared = headers.stream().anyMatch(h -> h.startsWith("Content-Length:"));
                for (String header : headers) {
                    head.append(header).append("\r\n");
                }
                if (body != null && !declared) {
                    head.append("Content-Length: ").append(bytes.length).append("\r\n");
                }
                OutputStream out = socket.getOutputStream();
                out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(bytes);
                out.flush();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                Matcher status = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ").matcher(answer);
                assertTrue(status.find(), "not an HTTP answer: " + answer);
                return new Answer(Integer.parseInt(status.group(1)), answer);
            }
        }
    }

    // --- small things ------------------------------------------------------------------------------

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
