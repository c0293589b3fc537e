package dev.tidings.cli;

import dev.tidings.TidingsException;
import dev.tidings.digest.RegularFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Secrets come from the environment or a file, never from arguments (which any local user can read in ps). */
final class Secrets {
    private Secrets() {
    }

    private static final int MAX_BYTES = 4096;

    /**
     * Whether the file is the read end of an anonymous pipe, as the shell's process substitution
     * gives ({@code --password-file <(pass show smtp)}: the password never touches the disk). Its
     * writer exists already, unlike a named pipe's, so reading it cannot wait for ever. On Linux
     * such a path (/dev/fd/63) is a chain of links ending in "pipe:[inode]".
     */
    static boolean anonymousPipe(Path file) {
        Path current = file;
        try {
            for (int hops = 0; hops < 40 && Files.isSymbolicLink(current); hops++) {
                Path target = Files.readSymbolicLink(current);
                if (target.toString().startsWith("pipe:[")) {
                    return true;
                }
                current = current.resolveSibling(target);
            }
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
        return false;
    }

    /** A password (SMTP, IMAP) from --password-file (first line) or the environment, or null. */
    static String password(Path file, String fromEnvironment) {
        if (file == null) {
            return fromEnvironment;
        }
        String special = RegularFile.problem(file);
        if (special != null && !anonymousPipe(file)) {
            throw TidingsException.invalidInput(file + ": the password file " + special);
        }
        try (InputStream in = Files.newInputStream(file)) {
            // The first line is all that is wanted; a pipe that never ends (<(yes)) gives no more than this.
            String text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            String password = (newline < 0 ? text : text.substring(0, newline)).replace("\r", "");
            if (password.isEmpty()) {
                throw TidingsException.invalidInput(file + ": the password file is empty");
            }
            return password;
        } catch (NoSuchFileException e) {
            throw TidingsException.invalidInput(file + ": password file not found");
        } catch (IOException e) {
            throw TidingsException.invalidInput(file + ": cannot read the password file (" + TidingsException.reason(e) + ")");
        }
    }
}
