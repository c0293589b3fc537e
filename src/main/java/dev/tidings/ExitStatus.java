package dev.tidings;

/**
 * The exit codes of every tidings command, documented in {@code --help} and the README.
 * Cron jobs and CI scripts branch on these, so their meaning never changes.
 */
public enum ExitStatus {
    /** Everything asked for was done. */
    OK(0),
    /** The input (digest, subscriber list, template, option value) is invalid. */
    INVALID_INPUT(1),
    /** The command line itself is wrong: unknown option, missing argument, conflicting options. */
    USAGE(2),
    /**
     * Some recipients failed permanently (5xx) and the list still has them as subscribed, or are
     * uncertain (the relay may have their message), the rest were delivered; or nobody could be
     * sent the issue at all. The editor must decide.
     */
    PERMANENT_FAILURES(3),
    /** Stopped by a temporary condition (SMTP or IMAP unreachable, login refused, 4xx, lock held, a list changed meanwhile); safe to re-run. */
    TEMPORARY_FAILURE(4),
    /** A bug in tidings: reported as one line; the stack trace only with TIDINGS_DEBUG=1. */
    INTERNAL_ERROR(70);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
