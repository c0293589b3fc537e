package dev.tidings;

/**
 * The one exception family of tidings. Core code throws it with the exit status it implies;
 * only the command line maps it to a process exit code and prints its message, never a stack trace.
 * Messages are complete sentences for the person at the terminal: what is wrong, where, and what to do.
 */
public class TidingsException extends RuntimeException {
    private final ExitStatus status;

    public TidingsException(ExitStatus status, String message) {
        super(message);
        this.status = status;
    }

    public TidingsException(ExitStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public ExitStatus status() {
        return status;
    }

    public static TidingsException invalidInput(String message) {
        return new TidingsException(ExitStatus.INVALID_INPUT, message);
    }

    public static TidingsException invalidInput(String message, Throwable cause) {
        return new TidingsException(ExitStatus.INVALID_INPUT, message, cause);
    }

    public static TidingsException usage(String message) {
        return new TidingsException(ExitStatus.USAGE, message);
    }

    public static TidingsException temporary(String message, Throwable cause) {
        return new TidingsException(ExitStatus.TEMPORARY_FAILURE, message, cause);
    }
}
