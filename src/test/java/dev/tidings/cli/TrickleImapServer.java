package dev.tidings.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted IMAP server on loopback, answering just enough of IMAP4rev1 for Angus Mail to log in,
 * open INBOX and search it, and playing a slow server at one point of the session: there it sends
 * its answer one byte at a time, for ever (it never completes), or every answer up to a point
 * after a delay. A server that trickles keeps any per-read timeout from firing.
 */
final class TrickleImapServer implements AutoCloseable {
    /** Where the server is slow. */
    enum Slow {
        /** The greeting trickles for ever. */
        GREETING,
        /** The answer to SELECT trickles for ever: a command after logging in. */
        SELECT,
        /** The answer to SEARCH trickles for ever: the sweep's own first command. */
        SEARCH,
        /** Greeting, CAPABILITY and LOGIN each complete, but each only after {@code delay}. */
        EACH_LOGIN_STEP
    }

    private static final long TRICKLE_MILLIS = 100;

    private final ServerSocket socket;
    private final Slow slow;
    private final Duration delay;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    /** The commands received, in order: what the client got to. */
    final List<String> commands = new CopyOnWriteArrayList<>();

    TrickleImapServer(Slow slow, Duration delay) throws IOException {
        this.slow = slow;
        this.delay = delay;
        socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "trickle-imap");
        accept.setDaemon(true);
        accept.start();
    }

    String url() {
        return "imap://news@127.0.0.1:" + socket.getLocalPort() + "/INBOX";
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                clients.add(client);
                Thread session = new Thread(() -> serve(client), "trickle-imap-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            OutputStream out = client.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            answer(out, slow == Slow.GREETING, slow == Slow.EACH_LOGIN_STEP, "* OK trickle IMAP4rev1 ready\r\n");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                commands.add(line);
                String[] words = line.split(" ", 3);
                String tag = words[0];
                String command = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
                answer(out, command.equals(slow.name()), slow == Slow.EACH_LOGIN_STEP && (command.equals("CAPABILITY") || command.equals("LOGIN")),
                        reply(tag, command));
                if (command.equals("LOGOUT")) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client hung up, or dropped the connection at its deadline
        }
    }

    private static String reply(String tag, String command) {
        return switch (command) {
            case "CAPABILITY" -> "* CAPABILITY IMAP4rev1\r\n" + tag + " OK CAPABILITY completed\r\n";
            case "LOGIN" -> tag + " OK [CAPABILITY IMAP4rev1] LOGIN completed\r\n";
            case "LIST" -> "* LIST (\\HasNoChildren) \"/\" INBOX\r\n" + tag + " OK LIST completed\r\n";
            case "SELECT", "EXAMINE" -> "* FLAGS (\\Seen \\Deleted)\r\n* OK [PERMANENTFLAGS (\\Seen \\Deleted \\*)] ok\r\n* 1 EXISTS\r\n"
                    + "* 0 RECENT\r\n* OK [UIDVALIDITY 1] ok\r\n* OK [UIDNEXT 2] ok\r\n" + tag + " OK [READ-WRITE] SELECT completed\r\n";
            case "SEARCH" -> "* SEARCH\r\n" + tag + " OK SEARCH completed\r\n";
            case "LOGOUT" -> "* BYE trickle closing\r\n" + tag + " OK LOGOUT completed\r\n";
            default -> tag + " OK " + command + " completed\r\n";
        };
    }

    /** Writes the answer: at once, after the delay, or a byte at a time for ever (a line that never ends). */
    private void answer(OutputStream out, boolean forever, boolean late, String text) throws IOException, InterruptedException {
        if (forever) {
            out.write("* OK ".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write('.');
                out.flush();
                Thread.sleep(TRICKLE_MILLIS);
            }
        }
        if (late) {
            Thread.sleep(delay.toMillis());
        }
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Whether every connection the client made is closed at the client's end (the server reads its end of stream). */
    boolean clientsGone() {
        return clients.stream().allMatch(Socket::isClosed);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
