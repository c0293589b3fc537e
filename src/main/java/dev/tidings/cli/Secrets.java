package dev.tidings.cli;

import dev.tidings.TidingsException;
import dev.tidings.digest.RegularFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Secrets come from the environment or a file, never from arguments (which any local user can read in ps). */
final class Secrets {
    private Secrets() {
    }

    /** A password (SMTP, IMAP) from --password-file (first line) or the environment, or null. */
    static String password(Path file, String fromEnvironment) {
        if (file == null) {
            return fromEnvironment;
        }
        String special = RegularFile.problem(file);
        if (special != null) {
            throw TidingsException.invalidInput(file + ": the password file " + special);
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            String password = (newline < 0 ? text : text.substring(0, newline)).replace("\r", "");
            if (password.isEmpty()) {
                throw TidingsException.invalidInput(file + ": the password file is empty");
            }
            return password;
        } catch (NoSuchFileException e) {
            throw TidingsException.invalidInput(file + ": password file not found");
        } catch (IOException e) {
            throw TidingsException.invalidInput(file + ": cannot read the password file (" + e.getClass().getSimpleName() + ")");
        }
    }
}
