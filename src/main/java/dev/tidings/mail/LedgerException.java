package dev.tidings.mail;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;

/**
 * The ledger could not be read or written (disk full, read-only file, corrupt database). SQLite's
 * transactions leave the file as it was before the failed write; re-running once fixed is safe.
 */
public final class LedgerException extends TidingsException {
    public LedgerException(String message, Throwable cause) {
        super(ExitStatus.TEMPORARY_FAILURE, message, cause);
    }

    /** With another status: a file that is not a ledger at all is the input's fault (exit 1), not the moment's. */
    public LedgerException(ExitStatus status, String message, Throwable cause) {
        super(status, message, cause);
    }
}
