package dev.tidings.mail.smtp;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tidings.TidingsException;
import dev.tidings.mail.MailCatchers;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.net.BindException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real SMTP server (GreenMail) inside the tidings process, on a free loopback port: the
 * embedded default of {@code send}. Mail reaches it through exactly the code that talks to a real
 * relay, so a sandbox run rehearses everything but the Internet.
 */
public final class SmtpSandbox implements AutoCloseable {
    /**
     * What the sandbox says it is when a client connects, so that a {@code send} through it is
     * known for a rehearsal ({@link MailCatchers}) and never recorded as a delivery of the issue.
     */
    public static final String GREETING = "ESMTP tidings sandbox: a mail catcher, nothing is delivered (GreenMail)";

    private final GreetingGreenMail server;
    private final List<MimeMessage> arrived = new ArrayList<>();
    private final Set<StoredMessage> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    private SmtpSandbox(GreetingGreenMail server) {
        this.server = server;
    }

    /** Starts on 127.0.0.1 and a free port; {@code port} 0 picks one. */
    public static SmtpSandbox start(int port) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        if (port == 0) {
            setup = setup.dynamicPort();
        }
        GreetingGreenMail server = new GreetingGreenMail(setup.setVerbose(false), GREETING);
        server.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        try {
            server.start();
        } catch (RuntimeException e) {
            IOException openFailure = server.openFailure(); // before stop(), which lets GreenMail's servers go
            server.stop();
            throw cannotListen(port, openFailure, e);
        }
        return new SmtpSandbox(server);
    }

    /**
     * One line, as {@code preview} says it: a port another process holds is a usage mistake (exit
     * 2) with the way out; GreenMail's own message only advises a longer start-up timeout, which
     * never helps when the port is taken.
     */
    private static TidingsException cannotListen(int port, IOException openFailure, RuntimeException e) {
        if (openFailure instanceof BindException) {
            return TidingsException.usage("cannot listen on 127.0.0.1:" + port + " (" + openFailure.getMessage()
                    + "); is another sandbox running? Choose another with --smtp-port");
        }
        String why = openFailure != null ? openFailure.getMessage() : e.getMessage();
        return TidingsException.temporary("cannot start the SMTP sandbox on 127.0.0.1:" + port + ": " + why, e);
    }

    public int port() {
        return server.getSmtp().getPort();
    }

    /** Plain SMTP on loopback, as a local catcher should be. */
    public SmtpSettings settings() {
        return new SmtpSettings("127.0.0.1", port(), SmtpSettings.Security.PLAIN, null, null, Duration.ofSeconds(30), null);
    }

    /**
     * Every message received, in order of arrival; a message keeps its place for the sandbox's life,
     * so the inbox can number it by its place. GreenMail lists what it holds mailbox by mailbox: a
     * message to a@ that came after one to b@ was listed before it, and took its number (issue 18,
     * item 9). Messages are put in order when first seen, by the time GreenMail stored each (its
     * SMTP manager stores one at a time); two stored within the same millisecond keep GreenMail's order.
     */
    public synchronized List<MimeMessage> received() {
        List<StoredMessage> fresh = new ArrayList<>();
        for (StoredMessage message : server.getManagers().getImapHostManager().getAllMessages()) {
            if (seen.add(message)) {
                fresh.add(message);
            }
        }
        fresh.sort(Comparator.comparing(StoredMessage::getReceivedDate)); // stable: ties keep GreenMail's order
        fresh.forEach(message -> arrived.add(message.getMimeMessage()));
        return List.copyOf(arrived);
    }

    /**
     * Writes every received message to {@code dir} as {@code NNNN-recipient.eml} (after removing
     * the .eml files of an earlier run) and returns the number of messages per mailbox.
     */
    public Map<String, Integer> saveTo(Path dir) {
        Map<String, Integer> perMailbox = new TreeMap<>();
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.eml")) {
                for (Path file : old) {
                    Files.delete(file);
                }
            }
            int n = 0;
            for (MimeMessage message : received()) {
                String mailbox = mailboxOf(message);
                perMailbox.merge(mailbox, 1, Integer::sum);
                Path file = dir.resolve(String.format(Locale.ROOT, "%04d-%s.eml", ++n, mailbox.replaceAll("[^A-Za-z0-9@._+-]", "_")));
                try (OutputStream out = Files.newOutputStream(file)) {
                    message.writeTo(out);
                }
            }
        } catch (IOException | MessagingException e) {
            throw TidingsException.invalidInput(dir + ": cannot save the sandbox's messages: " + e.getMessage());
        }
        return perMailbox;
    }

    private static String mailboxOf(MimeMessage message) throws MessagingException {
        Address[] to = message.getRecipients(MimeMessage.RecipientType.TO);
        if (to != null && to.length > 0 && to[0] instanceof InternetAddress address) {
            return address.getAddress().toLowerCase(Locale.ROOT);
        }
        return "unknown";
    }

    @Override
    public void close() {
        server.stop();
    }
}
