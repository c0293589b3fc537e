package dev.tidings.mail.smtp;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small SMTP server for tests that misbehaves on cue: a plain {@link ServerSocket} on loopback,
 * one thread per connection, replies scripted per connection and per recipient (see {@link Script}).
 * It counts what it really accepted, so a test can hold the ledger against the truth: a message
 * counts as accepted when the server has it in full and commits it, before the 250 is written
 * (as a real relay does, which is why a reply lost afterwards leaves the sender uncertain).
 *
 * <p>One recipient per transaction, as tidings sends. It offers PIPELINING (RFC 2920), as nearly
 * every relay does, and counts the transactions that came pipelined. Optional: no PIPELINING,
 * AUTH PLAIN/LOGIN with one user, STARTTLS with a given {@link SSLContext}, a delay before each
 * 250 (a slow relay).
 */
public final class FaultSmtpServer implements AutoCloseable {
    /** Close the connection at once, without a reply. */
    public static final String DROP = "<drop>";
    /** DATA: read part of the message, then never reply (the client's read timeout must fire). */
    public static final String STALL = "<stall>";
    /** DATA: take the whole message and commit it, then drop the connection before the 250. */
    public static final String ACCEPT_THEN_DROP = "<accept-then-drop>";
    /** DATA: take the whole message and commit it, then answer with "250-" lines, a byte every 100 ms, for ever. */
    public static final String ACCEPT_THEN_TRICKLE = "<accept-then-trickle>";

    /** Relays that attack the client instead of serving it. */
    public enum Hostile {
        /** A greeting of "220-" lines that never ends, as fast as the client reads. */
        ENDLESS_GREETING,
        /** A normal greeting, then an EHLO reply of "250-" lines that never ends. */
        ENDLESS_EHLO,
        /** A greeting that is one line of a megabyte. */
        HUGE_GREETING_LINE,
        /** A greeting that never ends, one byte every 200 ms: each read gets a byte long before any read timeout. */
        TRICKLE,
        /**
         * On the first connection only: after its EHLO reply (with PIPELINING), the replies to
         * {@value #ANSWERED_AHEAD} whole transactions at once, and then not another byte read, with
         * a receive buffer of a few KiB. The client's writes block as soon as the socket buffers
         * are full. Later connections are served normally.
         */
        ANSWERS_AHEAD_THEN_READS_NOTHING
    }

    /** How many transactions {@link Hostile#ANSWERS_AHEAD_THEN_READS_NOTHING} answers in advance. */
    static final int ANSWERED_AHEAD = 1000;

    /** What the server says when. Every method answers null for the normal, successful reply. */
    public interface Script {
        /** Before the 220 of the n-th connection (1-based): null, a reply line after which the server hangs up (421), or DROP. */
        default String greeting(int connection) {
            return null;
        }

        /** The reply to MAIL FROM on the n-th connection: null for 250, or a reply line (a sender-level refusal). */
        default String mail(String from, int connection) {
            return null;
        }

        /** The reply to RCPT TO for this address; {@code attempt} counts its RCPTs so far, from 1. Null, a reply line, or DROP. */
        default String rcpt(String address, int attempt) {
            return null;
        }

        /**
         * What happens to the message after DATA: null accepts it; a reply line (554 ...) is given
         * after the message instead of 250; or DROP (mid-DATA), STALL, ACCEPT_THEN_DROP.
         *
         * @param attempt    how many times DATA was started for this address, from 1
         * @param connection which connection (1-based) the message came on
         */
        default String data(String address, int attempt, int connection) {
            return null;
        }

        /**
         * Whether DATA is answered 354 even when no recipient was accepted (the message is then
         * refused at its end), as some relays do; RFC 2920 has the client end such a DATA at once.
         */
        default boolean dataWithoutRecipients() {
            return false;
        }
    }

    /** One message the server accepted. */
    public record Received(String address, byte[] content) {
        public String text() {
            return new String(content, StandardCharsets.ISO_8859_1);
        }
    }

    private final Script script;
    private ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "fault-smtp");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger authAttempts = new AtomicInteger();
    private final AtomicInteger tlsHandshakes = new AtomicInteger();
    private final AtomicInteger tlsFailures = new AtomicInteger();
    private final AtomicInteger pipelinedTransactions = new AtomicInteger();
    private volatile boolean pipelining = true;
    private final Map<String, AtomicInteger> rcptCounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> dataCounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final List<Received> received = new ArrayList<>();
    /** The MAIL FROM of each accepted message, by recipient (lower case): the envelope sender it went out with. */
    private final Map<String, String> envelopeSenders = new ConcurrentHashMap<>();
    /** The argument of every EHLO, in order: the name the client gave. */
    private final List<String> ehloNames = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Duration acceptDelay = Duration.ZERO;
    private volatile String user;
    private volatile String password;
    private volatile boolean echoRefusedPasswords;
    private volatile SSLContext tls;
    private volatile Hostile hostile;
    private volatile String greetingLine = "220 fault.test ESMTP tidings test server";
    private volatile String firstGreetingLine;
    private volatile boolean echoAuthLines;
    private volatile String authMechanisms = "PLAIN LOGIN";
    private volatile InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private final java.util.concurrent.atomic.AtomicLong hostileBytes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger hostileHangUps = new java.util.concurrent.atomic.AtomicInteger();

    public FaultSmtpServer(Script script) {
        this.script = script;
    }

    /** A server that accepts everything. */
    public static FaultSmtpServer accepting() {
        return new FaultSmtpServer(new Script() {
        }).start();
    }

    public FaultSmtpServer acceptDelay(Duration delay) {
        this.acceptDelay = delay;
        return this;
    }

    /** Whether EHLO offers PIPELINING (it does unless told otherwise). */
    public FaultSmtpServer pipelining(boolean offered) {
        this.pipelining = offered;
        return this;
    }

    /** Offers AUTH PLAIN and LOGIN and requires it before MAIL. */
    public FaultSmtpServer auth(String user, String password) {
        this.user = user;
        this.password = password;
        return this;
    }

    /** A hostile relay: its 535 reply repeats the password it refused. */
    public FaultSmtpServer echoingRefusedPasswords() {
        this.echoRefusedPasswords = true;
        return this;
    }

    /** Misbehaves as {@code mode} says on every connection. */
    public FaultSmtpServer hostile(Hostile mode) {
        this.hostile = mode;
        return this;
    }

    /** Greets the first connection only with this line (a relay that passes for a catcher once, then not). */
    public FaultSmtpServer firstGreeting(String line) {
        this.firstGreetingLine = line;
        return this;
    }

    /** Greets with this line (e.g. a mail catcher's greeting) instead of the test server's own. */
    public FaultSmtpServer greeting(String line) {
        this.greetingLine = line;
        return this;
    }

    /** A hostile relay: its 535 reply repeats the AUTH line it was sent (the base64 the password travels in). */
    public FaultSmtpServer echoingAuthLines() {
        this.echoAuthLines = true;
        return this;
    }

    /** The AUTH mechanisms offered with {@link #auth} (default "PLAIN LOGIN"; Angus prefers LOGIN when both are). */
    public FaultSmtpServer authMechanisms(String mechanisms) {
        this.authMechanisms = mechanisms;
        return this;
    }

    /** Listens on this address instead of loopback (call before {@link #start()}). */
    public FaultSmtpServer bindTo(InetAddress address) {
        this.bindAddress = address;
        return this;
    }

    /** Bytes the hostile modes managed to write before the client hung up. */
    public long hostileBytes() {
        return hostileBytes.get();
    }

    /** Connections on which the client hung up on a hostile mode (rather than the test closing the server). */
    public int hostileHangUps() {
        return hostileHangUps.get();
    }

    /** Offers STARTTLS with this server certificate. */
    public FaultSmtpServer startTls(SSLContext context) {
        this.tls = context;
        return this;
    }

    public FaultSmtpServer start() {
        try {
            server = new ServerSocket();
            if (hostile == Hostile.ANSWERS_AHEAD_THEN_READS_NOTHING) {
                server.setReceiveBufferSize(4096); // inherited by accepted sockets: the client's writes fill it at once
            }
            server.bind(new InetSocketAddress(bindAddress, 0), 200);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback", e);
        }
        threads.execute(this::acceptLoop);
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The --smtp URL of this server, plain on loopback. */
    public String url() {
        return "smtp://127.0.0.1:" + port();
    }

    // --- what happened ---------------------------------------------------------------------

    public int connections() {
        return connections.get();
    }

    /**
     * Connections whose session has not ended yet. Once a killed client's connections are all
     * ended, the server has counted everything it will ever accept from them: a test waits for
     * that (0) instead of sleeping "long enough".
     */
    public int openSessions() {
        return sessions.get();
    }

    public int authAttempts() {
        return authAttempts.get();
    }

    public int tlsHandshakes() {
        return tlsHandshakes.get();
    }

    public int tlsFailures() {
        return tlsFailures.get();
    }

    /** Transactions whose MAIL FROM came with more commands behind it, unanswered: pipelined. */
    public int pipelinedTransactions() {
        return pipelinedTransactions.get();
    }

    /** Messages accepted per (lower-cased) address. */
    public Map<String, Integer> accepted() {
        Map<String, Integer> copy = new TreeMap<>();
        accepted.forEach((address, count) -> copy.put(address, count.get()));
        return copy;
    }

    public int acceptedCount() {
        return accepted.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public int acceptedFor(String address) {
        AtomicInteger count = accepted.get(address.toLowerCase(Locale.ROOT));
        return count == null ? 0 : count.get();
    }

    /** Addresses given a 5xx (at RCPT or after DATA), with the last such reply. */
    public Map<String, String> refused() {
        return new TreeMap<>(refused);
    }

    /** How many times RCPT TO named this address. */
    public int rcptAttempts(String address) {
        AtomicInteger count = rcptCounts.get(address.toLowerCase(Locale.ROOT));
        return count == null ? 0 : count.get();
    }

    /** The MAIL FROM each accepted message went out with, by recipient. */
    public Map<String, String> envelopeSenders() {
        return Map.copyOf(envelopeSenders);
    }

    /** What each EHLO gave as the client's name. */
    public List<String> ehloNames() {
        return List.copyOf(ehloNames);
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket in a test
        }
        open.forEach(FaultSmtpServer::closeQuietly);
        threads.shutdownNow();
    }

    // --- the protocol ------------------------------------------------------------------------

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                int n = connections.incrementAndGet();
                open.add(socket);
                sessions.incrementAndGet();
                threads.execute(() -> {
                    try {
                        new Session(socket, n).serve();
                    } catch (IOException | RuntimeException e) {
                        // the client went away or the test closed the server
                    } finally {
                        closeQuietly(socket);
                        open.remove(socket);
                        sessions.decrementAndGet();
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    private final class Session {
        private Socket socket;
        private final int connection;
        private InputStream in;
        private OutputStream out;
        private boolean secure;
        private boolean authenticated;
        private String rcpt;
        private String mailFrom;
        /** Whether a MAIL FROM was accepted for the transaction under way. */
        private boolean sender;

        Session(Socket socket, int connection) throws IOException {
            this.socket = socket;
            this.connection = connection;
            // Buffered: readLine takes a byte at a time, and a read(2) per byte of every message made the
            // server the busiest thread of a 2,000-message send on a loaded machine.
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        void serve() throws IOException {
            String greeting = script.greeting(connection);
            if (DROP.equals(greeting)) {
                return;
            }
            if (greeting != null) {
                reply(greeting);
                return;
            }
            Hostile mode = hostile;
            if (mode == Hostile.ENDLESS_GREETING || mode == Hostile.HUGE_GREETING_LINE || mode == Hostile.TRICKLE) {
                attack(mode);
                return;
            }
            reply(connection == 1 && firstGreetingLine != null ? firstGreetingLine : greetingLine);
            for (String line = readLine(); line != null; line = readLine()) {
                String verb = (line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> {
                        ehloNames.add(line.length() > 5 ? line.substring(5).strip() : "");
                        ehlo();
                    }
                    case "HELO" -> reply("250 fault.test");
                    case "STARTTLS" -> {
                        if (!startTls()) {
                            return;
                        }
                    }
                    case "AUTH" -> auth(line);
                    case "MAIL" -> {
                        rcpt = null;
                        if (in.available() > 0) {
                            pipelinedTransactions.incrementAndGet();
                        }
                        mailFrom = address(line);
                        String answer = script.mail(mailFrom, connection);
                        String mailReply = user != null && !authenticated ? "530 5.7.0 Authentication required" : answer != null ? answer : "250 2.1.0 OK";
                        sender = mailReply.startsWith("250");
                        reply(mailReply);
                    }
                    case "RCPT" -> {
                        if (!rcpt(line)) {
                            return;
                        }
                    }
                    case "DATA" -> {
                        if (!data()) {
                            return;
                        }
                    }
                    case "RSET" -> {
                        rcpt = null;
                        sender = false;
                        reply("250 2.0.0 OK");
                    }
                    case "NOOP" -> reply("250 2.0.0 OK");
                    case "QUIT" -> {
                        reply("221 2.0.0 Bye");
                        return;
                    }
                    default -> reply("502 5.5.2 Command not recognised");
                }
            }
        }

        private void ehlo() throws IOException {
            if (hostile == Hostile.ENDLESS_EHLO) {
                attack(Hostile.ENDLESS_EHLO);
                return;
            }
            if (hostile == Hostile.ANSWERS_AHEAD_THEN_READS_NOTHING && connection == 1) {
                answerAheadThenReadNothing();
                return;
            }
            List<String> lines = new ArrayList<>();
            lines.add("fault.test");
            lines.add("8BITMIME");
            if (pipelining) {
                lines.add("PIPELINING");
            }
            if (tls != null && !secure) {
                lines.add("STARTTLS");
            }
            if (user != null) {
                lines.add("AUTH " + authMechanisms);
            }
            lines.add("HELP");
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                text.append("250").append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i)).append("\r\n");
            }
            out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        private boolean startTls() throws IOException {
            if (tls == null || secure) {
                reply("502 5.5.1 STARTTLS not offered");
                return true;
            }
            reply("220 2.0.0 Ready to start TLS");
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
            ssl.setUseClientMode(false);
            try {
                ssl.startHandshake();
            } catch (IOException e) {
                tlsFailures.incrementAndGet();
                return false;
            }
            tlsHandshakes.incrementAndGet();
            open.add(ssl);
            socket = ssl;
            // Plain text a client sent behind STARTTLS is dropped with the old buffer, as Postfix does since CVE-2011-0411.
            in = new BufferedInputStream(ssl.getInputStream());
            out = ssl.getOutputStream();
            secure = true;
            authenticated = false;
            rcpt = null;
            sender = false;
            return true;
        }

        private void auth(String line) throws IOException {
            authAttempts.incrementAndGet();
            String[] words = line.split(" ");
            String mechanism = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
            String login;
            String secret;
            if (mechanism.equals("PLAIN")) {
                String response = words.length > 2 ? words[2] : challenge("");
                String[] parts = decode(response).split("\0", -1);
                login = parts.length == 3 ? parts[1] : "";
                secret = parts.length == 3 ? parts[2] : "";
            } else if (mechanism.equals("LOGIN")) {
                login = decode(words.length > 2 ? words[2] : challenge("VXNlcm5hbWU6"));
                secret = decode(challenge("UGFzc3dvcmQ6"));
            } else {
                reply("504 5.5.4 Unrecognised authentication type");
                return;
            }
            if (user != null && user.equals(login) && password.equals(secret)) {
                authenticated = true;
                reply("235 2.7.0 Authentication successful");
            } else {
                reply("535 5.7.8 Authentication credentials invalid" + (echoRefusedPasswords ? ": " + login + " / " + secret : "")
                        + (echoAuthLines ? ": you sent " + line + (lastAnswer == null ? "" : " then " + lastAnswer) : ""));
            }
        }

        /** The client's last answer to a 334 challenge (AUTH LOGIN sends the password so). */
        private String lastAnswer;

        private String challenge(String text) throws IOException {
            reply("334 " + text);
            String answer = readLine();
            lastAnswer = answer;
            return answer == null ? "" : answer;
        }

        /** The EHLO reply and {@value #ANSWERED_AHEAD} transactions' replies, then silence until the server is closed. */
        private void answerAheadThenReadNothing() throws IOException {
            out.write(("250-fault.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n"
                    + "250 2.1.0 OK\r\n250 2.1.5 OK\r\n354 go ahead\r\n250 2.0.0 queued\r\n".repeat(ANSWERED_AHEAD))
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (!server.isClosed()) {
                pause(Duration.ofMillis(50));
            }
            throw new IOException("the test is over");
        }

        /** Writes what {@code mode} says until the client hangs up. */
        private void attack(Hostile mode) throws IOException {
            byte[] chunk = switch (mode) {
                case ENDLESS_GREETING -> "220-fault.test says hello, and hello again\r\n".repeat(64).getBytes(StandardCharsets.US_ASCII);
                case ENDLESS_EHLO -> "250-fault.test EXTENSION-OF-NO-END\r\n".repeat(64).getBytes(StandardCharsets.US_ASCII);
                case HUGE_GREETING_LINE -> ("220 " + "x".repeat(1 << 20) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                case TRICKLE -> "2".getBytes(StandardCharsets.US_ASCII);
                case ANSWERS_AHEAD_THEN_READS_NOTHING -> throw new IllegalArgumentException("not an attack of its own: " + mode);
            };
            try {
                while (true) {
                    out.write(chunk);
                    out.flush();
                    hostileBytes.addAndGet(chunk.length);
                    if (mode == Hostile.TRICKLE) {
                        pause(Duration.ofMillis(200));
                    }
                    if (mode == Hostile.HUGE_GREETING_LINE) {
                        while (in.read() >= 0) {
                            continue; // the line is out; wait for the client to hang up
                        }
                        throw new IOException("client gone");
                    }
                }
            } catch (IOException e) {
                if (!server.isClosed()) {
                    hostileHangUps.incrementAndGet();
                }
            }
        }

        private boolean rcpt(String line) throws IOException {
            if (!sender) {
                reply("503 5.5.1 MAIL first"); // as after a refused MAIL FROM in a pipelined batch
                return true;
            }
            String address = address(line);
            int attempt = rcptCounts.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
            String answer = script.rcpt(address, attempt);
            if (DROP.equals(answer)) {
                return false;
            }
            if (answer == null) {
                rcpt = address;
                reply("250 2.1.5 OK");
            } else {
                if (answer.startsWith("5")) {
                    refused.put(address, answer);
                }
                reply(answer);
            }
            return true;
        }

        private boolean data() throws IOException {
            if (rcpt == null) {
                if (script.dataWithoutRecipients()) {
                    reply("354 End data with <CR><LF>.<CR><LF>");
                    if (readMessage() == null) {
                        return false;
                    }
                }
                reply("554 5.5.1 No valid recipients");
                return true;
            }
            String address = rcpt;
            rcpt = null;
            sender = false;
            int attempt = dataCounts.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
            String outcome = script.data(address, attempt, connection);
            reply("354 End data with <CR><LF>.<CR><LF>");
            if (DROP.equals(outcome)) {
                for (int i = 0; i < 3; i++) {
                    readLine();
                }
                return false;
            }
            if (ACCEPT_THEN_TRICKLE.equals(outcome)) {
                byte[] content = readMessage();
                if (content == null) {
                    return false;
                }
                accepted.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
                synchronized (FaultSmtpServer.this) {
                    received.add(new Received(address, content));
                    envelopeSenders.put(address, mailFrom);
                }
                byte[] line = "250-slowly\r\n".getBytes(StandardCharsets.US_ASCII);
                try {
                    for (long i = 0; ; i++) {
                        out.write(line[(int) (i % line.length)]);
                        out.flush();
                        pause(Duration.ofMillis(100));
                    }
                } catch (IOException e) {
                    hostileHangUps.incrementAndGet();
                    return false;
                }
            }
            if (STALL.equals(outcome)) {
                for (int i = 0; i < 3; i++) {
                    readLine();
                }
                // Never answer; take whatever comes until the client gives up and closes.
                while (in.read() >= 0) {
                    continue;
                }
                return false;
            }
            byte[] content = readMessage();
            if (content == null) {
                return false;
            }
            if (outcome == null || ACCEPT_THEN_DROP.equals(outcome)) {
                accepted.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
                synchronized (FaultSmtpServer.this) {
                    received.add(new Received(address, content));
                    envelopeSenders.put(address, mailFrom);
                }
                if (ACCEPT_THEN_DROP.equals(outcome)) {
                    return false;
                }
                pause(acceptDelay);
                reply("250 2.0.0 OK queued as " + connection + "." + attempt);
            } else {
                if (outcome.startsWith("5")) {
                    refused.put(address, outcome);
                }
                reply(outcome);
            }
            return true;
        }

        /** The message up to the lone dot, dot-unstuffed, with CRLF line ends; null when the client went away. */
        private byte[] readMessage() throws IOException {
            ByteArrayOutputStream content = new ByteArrayOutputStream(64 * 1024);
            for (String line = readLine(); line != null; line = readLine()) {
                if (line.equals(".")) {
                    return content.toByteArray();
                }
                content.writeBytes((line.startsWith(".") ? line.substring(1) : line).getBytes(StandardCharsets.ISO_8859_1));
                content.writeBytes(new byte[] {'\r', '\n'});
            }
            return null;
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
                }
                line.write(c);
            }
            return null;
        }

        private void reply(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    private static String address(String line) {
        int open = line.indexOf('<');
        int close = line.indexOf('>', open + 1);
        String address = open >= 0 && close > open ? line.substring(open + 1, close) : line.substring(line.indexOf(':') + 1).strip();
        return address.toLowerCase(Locale.ROOT);
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed, or the peer reset it
        }
    }

    /**
     * A relay that takes the first {@code free} messages and holds every later one at DATA until
     * released, so that the test acts while a send is surely in the middle of the list: before, a
     * send could finish while a slow machine was still running the test's own steps.
     */
    public static final class Holding implements Script {
        private final int free;
        private final AtomicInteger started = new AtomicInteger();
        private final AtomicInteger held = new AtomicInteger();
        private final CountDownLatch released = new CountDownLatch(1);

        public Holding(int free) {
            this.free = free;
        }

        public boolean holding() {
            return held.get() > 0;
        }

        public void release() {
            released.countDown();
        }

        @Override
        public String data(String address, int attempt, int connection) {
            if (started.incrementAndGet() > free) {
                held.incrementAndGet();
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the server is closing
                }
            }
            return null;
        }
    }
}
