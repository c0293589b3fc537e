package dev.tidings.inbox;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import dev.tidings.mail.SmtpFailure;
import dev.tidings.mail.smtp.AngusFailures;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.FlagTerm;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Properties;

/**
 * The mailbox that unsubscribe requests and bounce reports arrive in, over IMAP (Angus Mail):
 * a deadline for each command and for connecting with logging in ({@link ImapDeadlines}), STARTTLS
 * required unless the server is on loopback, the server's identity
 * checked against its certificate, and bodies fetched with PEEK, so that reading a mail does not
 * mark it read: a mail tidings leaves alone stays unread for the person who reads the mailbox.
 *
 * <p>A mail is processed once: it is marked {@code \Seen} and given the keyword
 * {@value #PROCESSED}, and later runs look only at mails without the keyword. A server that cannot
 * store keywords (its PERMANENTFLAGS lacks {@code \*}) gets {@code \Seen} alone, and later runs
 * look only at unread mails. A mail left for the editor gets the keyword alone: it stays unread for
 * them, and later runs do not report it again.
 */
public final class ImapMailbox implements AutoCloseable {
    public static final String PROCESSED = "$TidingsProcessed";

    private final ImapSettings settings;
    private final ImapDeadlines deadlines;
    private final Store store;
    private final Folder folder;
    private final boolean keywords;

    private ImapMailbox(ImapSettings settings, ImapDeadlines deadlines, Store store, Folder folder) {
        this.settings = settings;
        this.deadlines = deadlines;
        this.store = store;
        this.folder = folder;
        this.keywords = folder.getPermanentFlags().contains(Flags.Flag.USER);
    }

    /** Connects and opens the folder for reading and flagging; a failure is a TidingsException saying what to do. */
    public static ImapMailbox open(ImapSettings settings) {
        return open(settings, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** With a TLS socket factory of the caller's choosing: a private CA, or a test server's certificate. */
    public static ImapMailbox open(ImapSettings settings, SSLSocketFactory tls) {
        ImapDeadlines deadlines = new ImapDeadlines(settings.timeout());
        Store store = null;
        try {
            store = Session.getInstance(properties(settings, deadlines, tls)).getStore("imap");
            deadlines.loggingIn();
            store.connect(settings.host(), settings.port(), settings.user(),
                    settings.password() == null ? null : settings.password().reveal());
            deadlines.loggedIn();
            Folder folder = store.getFolder(settings.folder());
            if (!folder.exists()) {
                throw TidingsException.invalidInput(settings.describe() + ": there is no folder '" + settings.folder()
                        + "' (folders: " + folderNames(store) + ")");
            }
            folder.open(Folder.READ_WRITE);
            return new ImapMailbox(settings, deadlines, store, folder);
        } catch (MessagingException e) {
            closeQuietly(store);
            throw failure(settings, deadlines, e);
        } catch (RuntimeException e) {
            closeQuietly(store);
            throw e;
        }
    }

    static Properties properties(ImapSettings settings, ImapDeadlines deadlines, SSLSocketFactory tls) {
        Properties p = new Properties();
        String timeout = Long.toString(settings.timeout().toMillis());
        p.put("mail.imap.connectiontimeout", timeout);
        p.put("mail.imap.timeout", timeout); // per read; the deadlines are what bound a command
        p.put("mail.imap.writetimeout", timeout);
        p.put("mail.imap.peek", "true");
        p.put("mail.imap.socketFactory", deadlines.plain());
        p.put("mail.imap.socketFactory.fallback", "false"); // never a socket without the deadlines
        p.put("mail.imap.ssl.socketFactory", deadlines.tls(tls));
        p.put("mail.imap.ssl.checkserveridentity", "true");
        switch (settings.security()) {
            case IMPLICIT_TLS -> p.put("mail.imap.ssl.enable", "true");
            case STARTTLS_REQUIRED -> {
                p.put("mail.imap.starttls.enable", "true");
                p.put("mail.imap.starttls.required", "true");
            }
            case STARTTLS_IF_OFFERED -> p.put("mail.imap.starttls.enable", "true");
            default -> throw new IllegalArgumentException(settings.security().name());
        }
        return p;
    }

    public String describe() {
        return settings.describe();
    }

    /** Whether the server stores the {@value #PROCESSED} keyword; without it, unread mails are the unprocessed ones. */
    public boolean keepsKeywords() {
        return keywords;
    }

    /** Every mail not yet processed, read (bodies with PEEK: nothing is marked read here), in the order they arrived. */
    public List<ReceivedMail> unprocessed() {
        try {
            Flags marker = keywords ? new Flags(PROCESSED) : new Flags(Flags.Flag.SEEN);
            Message[] found = folder.search(new FlagTerm(marker, false));
            FetchProfile profile = new FetchProfile();
            profile.add(FetchProfile.Item.ENVELOPE);
            profile.add(FetchProfile.Item.CONTENT_INFO);
            profile.add(UIDFolder.FetchProfileItem.UID);
            profile.add("Authentication-Results"); // in the same FETCH, rather than all headers of each mail one by one
            VerpReports.RECIPIENT_HEADERS.forEach(profile::add); // where a VERP bounce was delivered to
            folder.fetch(found, profile);
            List<ReceivedMail> mails = new ArrayList<>(found.length);
            for (Message message : found) {
                mails.add(ReceivedMail.read(((UIDFolder) folder).getUID(message), message));
            }
            return mails;
        } catch (MessagingException e) {
            throw failure(settings, deadlines, e);
        }
    }

    /** Marks mails processed: {@code \Seen}, and the keyword when the server keeps keywords. */
    public void markProcessed(Collection<Long> uids) {
        Flags flags = new Flags(Flags.Flag.SEEN);
        if (keywords) {
            flags.add(PROCESSED);
        }
        mark(uids, flags);
    }

    /**
     * Marks mails left for the editor with the keyword alone, so that they stay unread for them
     * and later runs skip them; on a server without keywords they stay as they are (and are
     * reported again by each run: unread is then the only mark there is).
     */
    public void keepForEditor(Collection<Long> uids) {
        if (keywords) {
            mark(uids, new Flags(PROCESSED));
        }
    }

    private void mark(Collection<Long> uids, Flags flags) {
        if (uids.isEmpty()) {
            return;
        }
        try {
            Message[] messages = Arrays.stream(((UIDFolder) folder).getMessagesByUID(uids.stream().mapToLong(Long::longValue).toArray()))
                    .filter(m -> m != null).toArray(Message[]::new);
            folder.setFlags(messages, flags, true);
        } catch (MessagingException e) {
            throw failure(settings, deadlines, e);
        }
    }

    /**
     * What went wrong, for the person at the terminal: refused credentials, TLS, a server out of
     * reach, all temporary (exit 4: fix and run again; nothing was changed that a re-run would repeat).
     */
    private static TidingsException failure(ImapSettings settings, ImapDeadlines deadlines, MessagingException e) {
        String where = settings.describe();
        String detail = withoutPassword(settings, AngusFailures.rootMessage(e));
        String message;
        if (deadlines.expired() != null) {
            message = where + ": " + deadlines.expired() + ", so the connection was dropped; running again is safe";
        } else if (e instanceof AuthenticationFailedException) {
            message = where + ": the server refused the credentials of " + settings.user() + " ("
                    + withoutPassword(settings, SmtpFailure.clean(e.getMessage())) + "); check TIDINGS_IMAP_PASSWORD or --password-file";
        } else if (AngusFailures.causeOf(e, java.security.cert.CertPathBuilderException.class) != null) {
            message = "TLS with " + where + " failed: its certificate is not signed by a certificate authority this machine"
                    + " trusts; if the server uses your own CA, give its certificate with --ca-file PEM";
        } else if (AngusFailures.causeOf(e, SSLException.class) != null) {
            message = "TLS with " + where + " failed: " + detail;
        } else if (String.valueOf(e.getMessage()).contains("STARTTLS")) {
            message = where + ": the server does not offer STARTTLS, and the password must not cross the network in clear text;"
                    + " use imaps:// (port 993) or a server that offers STARTTLS";
        } else {
            message = "cannot reach " + where + ": " + detail;
        }
        return new TidingsException(ExitStatus.TEMPORARY_FAILURE, message);
    }

    /**
     * Servers do not echo passwords, but a message that reaches the terminal must not be where one
     * does: hidden also in the base64 forms AUTHENTICATE PLAIN and LOGIN send it in (Angus uses them
     * whenever the server offers them, RFC 4959), not only as typed.
     */
    private static String withoutPassword(ImapSettings settings, String text) {
        return settings.password() == null ? text : settings.password().hideIn(text, settings.user());
    }

    private static String folderNames(Store store) {
        try {
            List<String> names = new ArrayList<>();
            for (Folder f : store.getDefaultFolder().list("*")) {
                names.add(f.getFullName());
            }
            return String.join(", ", names);
        } catch (MessagingException e) {
            return "cannot be listed";
        }
    }

    private static void closeQuietly(Store store) {
        if (store != null) {
            try {
                store.close();
            } catch (MessagingException ignored) {
                // closing a connection that failed cannot lose anything
            }
        }
    }

    @Override
    public void close() {
        try {
            if (folder.isOpen()) {
                folder.close(false);
            }
        } catch (MessagingException ignored) {
            // flags are stored as they are set; nothing is lost by a failed close
        } finally {
            closeQuietly(store);
        }
    }
}
