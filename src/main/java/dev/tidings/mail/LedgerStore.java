package dev.tidings.mail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Where ledgers are kept: the seam between the send loop and the store. The loop opens, locks and
 * throws away ledgers only through this; {@code mail/ledger} keeps them in SQLite files, the
 * loop's unit tests in memory, and {@code cli} chooses which.
 */
public interface LedgerStore {
    /** The ledger at this path, made empty when there is none yet. */
    Ledger open(Path file, Clock clock);

    /** Whether a ledger is kept at this path (a dry run reads one, never makes one). */
    boolean exists(Path file);

    /**
     * Holds the right to send this issue with the ledger at this path until closed: a second send
     * of the same issue is refused (exit 4), and a crashed one never leaves the right held.
     */
    Lock lock(Path file, String issueId);

    /** The ledger's path in a directory (its file name is the store's business). */
    Path in(Path dir);

    /** Deletes the ledger at this path with whatever the store keeps beside it; a ledger not there is no error. */
    void discard(Path file) throws IOException;

    /** Where {@code send} and {@code status} keep an issue's ledger unless told: {@code .tidings/} beside the digest. */
    default Path besideDigest(Path digestFile) {
        return in(digestFile.toAbsolutePath().getParent().resolve(".tidings"));
    }

    /** A held {@link #lock}; closing it releases it. */
    interface Lock extends AutoCloseable {
        @Override
        void close();
    }
}
