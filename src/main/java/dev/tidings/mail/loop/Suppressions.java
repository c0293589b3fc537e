package dev.tidings.mail.loop;

import dev.tidings.TidingsException;
import dev.tidings.digest.RegularFile;
import dev.tidings.mail.LedgerException;

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
