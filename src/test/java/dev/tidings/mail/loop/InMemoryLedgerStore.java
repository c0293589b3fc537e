package dev.tidings.mail.loop;

import dev.tidings.mail.Ledger;
import dev.tidings.mail.LedgerException;
import dev.tidings.mail.LedgerStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Ledgers in memory by path, for {@link SendJob}'s unit tests; a lock refuses a second holder as the file lock does. */
final class InMemoryLedgerStore implements LedgerStore {
    private final Map<Path, InMemoryLedger> ledgers = new HashMap<>();
    private final Set<String> locked = new HashSet<>();
    private final InMemoryLedger.Events events;

    InMemoryLedgerStore(InMemoryLedger.Events events) {
        this.events = events;
    }

    /** The ledger at this path, made now if there is none (to set up earlier runs' rows). */
    synchronized InMemoryLedger ledger(Path file, Clock clock) {
        return ledgers.computeIfAbsent(file, path -> new InMemoryLedger(clock, events));
    }

    @Override
    public synchronized Ledger open(Path file, Clock clock) {
        return ledger(file, clock);
    }

    @Override
    public synchronized boolean exists(Path file) {
        return ledgers.containsKey(file);
    }

    @Override
    public synchronized Lock lock(Path file, String issueId) {
        String key = file + "#" + issueId;
        if (!locked.add(key)) {
            throw new LedgerException("locked: " + key, null);
        }
        return () -> {
            synchronized (this) {
                locked.remove(key);
            }
        };
    }

    @Override
    public Path in(Path dir) {
        return dir.resolve("ledger");
    }

    @Override
    public synchronized void discard(Path file) {
        ledgers.remove(file);
    }
}
