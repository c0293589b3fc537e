package dev.tidings.mail.loop;

import dev.tidings.AtomicFile;
import dev.tidings.LockFile;
import dev.tidings.TidingsException;
import dev.tidings.digest.RegularFile;
import dev.tidings.mail.LedgerException;
import dev.tidings.subscribers.ListEvent;
import dev.tidings.subscribers.ListJournal;
import dev.tidings.subscribers.SubscriberStatus;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Addresses that must not receive mail: those in {@code --suppress} files, and the tidings
 * suppression file to which hard bounces (5.1.1 "no such user" and the like) are appended, so that
 * every later send skips them. Format: one address per line; {@code #} starts a comment.
 * Appends are single small writes with O_APPEND: a crash can lose at most the line being written,
 * never earlier ones.
 */
public final class Suppressions {
    private final Set<String> addresses = new HashSet<>();
    private final Path bounceFile;
    private final Clock clock;

    private Suppressions(Path bounceFile, Clock clock) {
        this.bounceFile = bounceFile;
        this.clock = clock;
    }

    /**
     * @param bounceFile the file hard bounces are appended to (read too, when it exists), or null
     * @param others     further --suppress files, which must exist
     */
    public static Suppressions load(Path bounceFile, List<Path> others, Clock clock) {
        Suppressions suppressions = new Suppressions(bounceFile, clock);
        if (bounceFile != null && Files.exists(bounceFile)) {
            suppressions.read(bounceFile);
        }
        others.forEach(suppressions::read);
        return suppressions;
    }

    /**
     * Adds the addresses whose last event in the list's journal ({@code tidings serve}) is an
     * unsubscribe, applied to the list or not yet: an unsubscribe acknowledged before this send
     * started is honoured even if serve was killed before writing it into the CSV. An address
     * that subscribed again in a later event is not added (the list, once applied, says so too).
     * A subscription not yet in the list is not added to the send: the reader gets the next issue,
     * as one who confirmed a minute later would, while the list stays the one source of recipients.
     */
    public Suppressions withJournalOf(Path list) {
        ListJournal.lastEvents(list).forEach((address, kind) -> {
            if (kind == ListEvent.Kind.UNSUBSCRIBED) {
                addresses.add(address);
            }
        });
        return this;
    }

    public static Suppressions none() {
        return new Suppressions(null, Clock.systemUTC());
    }

    private void read(Path file) {
        entries(file).forEach(entry -> addresses.add(entry.email().toLowerCase(Locale.ROOT)));
    }

    /**
     * One line of a suppression file that names an address: the address, its line, and the text of
     * its comment ({@link #addBounce} writes the time and the relay's reply there; an editor writes
     * what they like, or nothing).
     */
    public record Entry(String email, int line, String reason) {
        /** An SMTP reply's code (RFC 5321 4.2) or a permanent enhanced status (RFC 3463), after an optional time. */
        private static final Pattern PERMANENT_REPLY = Pattern.compile("^(\\S+Z\\s+)?5\\d\\d\\b.*|.*\\b5\\.\\d{1,3}\\.\\d{1,3}\\b.*");

        /**
         * What the list should say of this address: {@code bounced} when the comment holds a
         * permanent SMTP failure (what {@link #addBounce} writes), {@code unsubscribed} when it says
         * the reader asked to leave, or null when the line gives no reason to tell them apart (a line
         * an editor added by hand): that one is left for the editor, since calling a reader who asked
         * to leave "bounced" would let a later resubscribe bring them back without their say.
         */
        public SubscriberStatus status() {
            if (PERMANENT_REPLY.matcher(reason).matches()) {
                return SubscriberStatus.BOUNCED;
            }
            return reason.toLowerCase(Locale.ROOT).contains("unsubscri") ? SubscriberStatus.UNSUBSCRIBED : null;
        }
    }

    /** The lines of a suppression file that name an address, in order (a file that is not there is an error). */
    public static List<Entry> entries(Path file) {
        // Read under the ledger's lock: a named pipe here would wait for a writer, holding it for good.
        String special = RegularFile.problem(file);
        if (special != null) {
            throw TidingsException.invalidInput(file + ": the suppression file " + special);
        }
        List<Entry> entries = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int hash = line.indexOf('#');
                String address = (hash < 0 ? line : line.substring(0, hash)).strip();
                if (!address.isEmpty()) {
                    entries.add(new Entry(address, i + 1, hash < 0 ? "" : line.substring(hash + 1).strip()));
                }
            }
        } catch (NoSuchFileException e) {
            throw TidingsException.invalidInput(file + ": suppression file not found");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw TidingsException.invalidInput(file + ": the suppression file is not UTF-8 text (one address per line)");
        } catch (IOException e) {
            throw TidingsException.invalidInput(file + ": cannot read the suppression file: " + TidingsException.reason(e));
        }
        return entries;
    }

    public synchronized boolean contains(String email) {
        return addresses.contains(email.toLowerCase(Locale.ROOT));
    }

    /** Records a hard bounce so that no later send mails this address again. */
    public synchronized void addBounce(String email, String reply) {
        if (!addresses.add(email.toLowerCase(Locale.ROOT)) || bounceFile == null) {
            return;
        }
        String line = email + "  # " + clock.instant() + " " + reply.replaceAll("[\\r\\n#]+", " ") + "\n";
        try {
            Path parent = bounceFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // Under the file's lock: a resubscribe rewriting the file meanwhile would drop this line.
            try (LockFile lock = lock(bounceFile);
                 Writer writer = Files.newBufferedWriter(bounceFile, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                writer.write(line);
            }
        } catch (IOException e) {
            throw new LedgerException(bounceFile + ": cannot record a bounce in the suppression file: " + e.getMessage(), e);
        }
    }

    /**
     * Removes every line of these addresses (compared ignoring case) from a suppression file, for
     * {@code subscribers resubscribe}: otherwise send would go on skipping a reader the list has
     * as subscribed again, and a sync would mark them bounced once more. The file is rewritten
     * atomically under the lock that {@link #addBounce} takes, so a bounce appended by a send
     * running meanwhile is not lost. Returns how many lines were (or, in a dry run, would be) removed.
     */
    public static int forget(Path file, Collection<String> emails, boolean dryRun) {
        Set<String> keys = new HashSet<>();
        emails.forEach(email -> keys.add(email.strip().toLowerCase(Locale.ROOT)));
        long named = entries(file).stream().filter(entry -> keys.contains(entry.email().toLowerCase(Locale.ROOT))).count();
        if (named == 0 || dryRun) {
            return (int) named;
        }
        try (LockFile lock = lock(file)) {
            StringBuilder kept = new StringBuilder();
            int removed = 0;
            for (String line : Files.readString(file, StandardCharsets.UTF_8).split("(?<=\n)")) {
                int hash = line.indexOf('#');
                String address = (hash < 0 ? line : line.substring(0, hash)).strip().toLowerCase(Locale.ROOT);
                if (keys.contains(address)) {
                    removed++;
                } else {
                    kept.append(line);
                }
            }
            AtomicFile.write(file, kept.toString().getBytes(StandardCharsets.UTF_8), AtomicFile.Permissions.sameAs(file));
            return removed;
        } catch (IOException e) {
            throw TidingsException.invalidInput(file + ": cannot rewrite the suppression file (" + TidingsException.reason(e)
                    + "); it is unchanged", e);
        }
    }

    /** The lock of a suppression file's writers: a hidden file beside it, as the list's is. */
    private static LockFile lock(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path lockFile = absolute.resolveSibling("." + absolute.getFileName() + ".tidings.lock");
        LockFile lock = LockFile.take(lockFile, Duration.ofSeconds(30));
        if (lock == null) {
            throw new IOException("another tidings command held " + lockFile + " for 30 s");
        }
        return lock;
    }

    public Path bounceFile() {
        return bounceFile;
    }
}
