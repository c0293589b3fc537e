package dev.tidings.mail.loop;

import dev.tidings.TidingsException;
import dev.tidings.digest.RegularFile;
import dev.tidings.mail.LedgerException;
import dev.tidings.subscribers.ListEvent;
import dev.tidings.subscribers.ListJournal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
        // Read under the ledger's lock: a named pipe here would wait for a writer, holding it for good.
        String special = RegularFile.problem(file);
        if (special != null) {
            throw TidingsException.invalidInput(file + ": the suppression file " + special);
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int hash = line.indexOf('#');
                String address = (hash < 0 ? line : line.substring(0, hash)).strip();
                if (!address.isEmpty()) {
                    addresses.add(address.toLowerCase(Locale.ROOT));
                }
            }
        } catch (NoSuchFileException e) {
            throw TidingsException.invalidInput(file + ": suppression file not found");
        } catch (IOException e) {
            throw TidingsException.invalidInput(file + ": cannot read the suppression file: " + e.getMessage());
        }
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
            try (Writer writer = Files.newBufferedWriter(bounceFile, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                writer.write(line);
            }
        } catch (IOException e) {
            throw new LedgerException(bounceFile + ": cannot record a bounce in the suppression file: " + e.getMessage(), e);
        }
    }

    public Path bounceFile() {
        return bounceFile;
    }
}
