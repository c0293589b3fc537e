package dev.tidings;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

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

    /**
     * Why a file could not be read or written, in words: "permission denied", "DIR is a file, not a folder".
     * Java's exceptions name themselves ({@code AccessDeniedException: /x}), and a message made of
     * that name looked like a stack trace's first line (issue 18, item 8: NoStackTraceIT greps for it).
     */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException exists && exists.getFile() != null) {
            // what Files.createDirectories throws when a file has the folder's name
            return exists.getFile() + (Files.isRegularFile(Path.of(exists.getFile())) ? " is a file, not a folder" : " already exists");
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof NoSuchFileException) {
            return "not found";
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason().toLowerCase(java.util.Locale.ROOT); // the OS's words: "is a directory", "no space left on device"
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? "input/output error" : e.getMessage();
    }
}
