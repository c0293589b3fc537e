package dev.tidings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code console} blocks of README.md, read as the shell transcripts they are: a line
 * {@code $ tidings ARGS} (or {@code $ java -jar target/tidings.jar ARGS}), optionally after
 * {@code NAME=VALUE} environment assignments, is a command; the lines under it, up to the next
 * {@code $}, are its standard output; {@code $ echo $?} followed by a number is the exit code of the
 * command before it. Arguments are split as a POSIX shell splits them without expansions (single
 * and double quotes, backslash escapes outside single quotes, a {@code #} comment), which is all the
 * README uses.
 *
 * <p>Three shell commands make a README section one <em>session</em>, run as a reader types it:
 * {@code $ cd DIR}, {@code $ . FILE} (sourcing the {@code export NAME=VALUE} lines of a file) and
 * {@code $ export NAME=VALUE}. Two markers, HTML comments just above a console block, say what
 * the transcript cannot: {@value #SERVER_MARKER} (the block's command runs until Ctrl-C; the blocks
 * after it in the section talk to it), and {@code <!-- transcript: edit FILE 'TEXT' 'REPLACEMENT' -->}
 * (the edit a reader makes in an editor before the block, undone after it, as the README then
 * tells the reader to).
 */
record ReadmeTranscript(List<Command> commands) {
    static final Path README = Path.of("README.md");
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Z_][A-Z0-9_]*=.*");
    private static final List<String> PROGRAMS = List.of("tidings", "java -jar target/tidings.jar");
    /** The shell's own commands a session may use, besides tidings. */
    static final List<String> SHELL = List.of("cd", ".", "export");
    static final String SERVER_MARKER = "<!-- transcript: starts a server -->";
    private static final String EDIT_MARKER = "<!-- transcript: edit ";

    /** An edit made in an editor before a block: {@code text} replaced by {@code replacement} in {@code file}. */
    record Edit(String file, String text, String replacement) {
    }

    /**
     * One command of a transcript.
     *
     * @param line      its line in README.md (1-based), for messages
     * @param heading   the heading of the README section it is under
     * @param block     which console block of the README it is in (0-based), so that a block's
     *                  commands can share a scratch directory
     * @param env       the environment assignments written before it
     * @param program   {@code tidings}, or one of {@link #SHELL}
     * @param args      what the program is given
     * @param out       the standard output shown under it
     * @param exitCode  the exit code shown by a following {@code echo $?}, or null when none is shown
     * @param server    whether its block is marked as starting a server
     * @param edit      the edit marked before its block, on the block's first command; null for none
     * @param session   whether its section is a session (uses a shell command)
     */
    record Command(int line, String heading, int block, Map<String, String> env, String program, List<String> args, String out,
                   Integer exitCode, boolean server, Edit edit, boolean session) {
        /** The command line as written after the program, for messages and for the lists of commands not run. */
        String text() {
            return String.join(" ", args);
        }

        boolean isTidings() {
            return program.equals("tidings");
        }

        Command withExitCode(int code) {
            return new Command(line, heading, block, env, program, args, out, code, server, edit, session);
        }

        Command withOut(String shown) {
            return new Command(line, heading, block, env, program, args, shown, exitCode, server, edit, session);
        }

        Command inSession() {
            return new Command(line, heading, block, env, program, args, out, exitCode, server, edit, true);
        }
    }

    /**
     * What a command printed, as a terminal shows it: without the time at the start of the lines
     * {@code send} writes for a log when there is no terminal (as under these tests; issue 18,
     * finding 11). The README shows what a reader trying it at a terminal sees; the stamps are
     * checked by cli.SendLogLinesIT and cli.console.ConsoleProgressTest.
     */
    static String asOnATerminal(String printed) {
        return dev.tidings.cli.CliRun.unstamped(printed);
    }

    static ReadmeTranscript read() {
        try {
            return parse(Files.readAllLines(README));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ReadmeTranscript parse(List<String> lines) {
        List<Command> commands = new ArrayList<>();
        String heading = "";
        boolean inside = false;
        int block = -1;
        Command current = null;
        StringBuilder out = new StringBuilder();
        boolean exitCodeNext = false;
        boolean server = false;
        Edit edit = null;
        boolean firstOfBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!inside && line.startsWith("#")) {
                heading = line.replaceFirst("^#+\\s*", "");
            } else if (!inside && line.equals(SERVER_MARKER)) {
                server = true;
            } else if (!inside && line.startsWith(EDIT_MARKER)) {
                edit = edit(i + 1, line);
            } else if (!inside && line.equals("```console")) {
                inside = true;
                firstOfBlock = true;
                block++;
            } else if (inside && line.equals("```") || inside && line.startsWith("$ ")) {
                if (current != null && !exitCodeNext) {
                    commands.add(current.withOut(out.toString()));
                }
                current = null;
                exitCodeNext = false;
                out.setLength(0);
                if (line.equals("```")) {
                    inside = false;
                    server = false;
                    edit = null;
                } else if (line.equals("$ echo $?")) {
                    exitCodeNext = true;
                } else {
                    current = command(i + 1, heading, block, line.substring(2), server, firstOfBlock ? edit : null);
                    firstOfBlock = false;
                }
            } else if (inside && exitCodeNext) {
                Command previous = commands.remove(commands.size() - 1);
                commands.add(previous.withExitCode(Integer.parseInt(line.strip())));
                exitCodeNext = false;
            } else if (inside) {
                if (current == null) {
                    throw new IllegalArgumentException("README.md:" + (i + 1) + ": output with no command above it");
                }
                out.append(line).append('\n');
            }
        }
        Set<String> sessions = new HashSet<>();
        commands.stream().filter(command -> !command.isTidings()).forEach(command -> sessions.add(command.heading()));
        return new ReadmeTranscript(commands.stream().map(command -> sessions.contains(command.heading()) ? command.inSession() : command).toList());
    }

    private static Command command(int line, String heading, int block, String text, boolean server, Edit edit) {
        List<String> words = words(text);
        if (!words.isEmpty() && SHELL.contains(words.get(0))) {
            return new Command(line, heading, block, Map.of(), words.get(0), List.copyOf(words.subList(1, words.size())), "", null,
                    server, edit, true);
        }
        Map<String, String> env = new LinkedHashMap<>();
        while (!words.isEmpty() && ASSIGNMENT.matcher(words.get(0)).matches()) {
            String assignment = words.remove(0);
            env.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
        }
        String rest = String.join(" ", words);
        for (String program : PROGRAMS) {
            if (rest.startsWith(program + " ")) {
                List<String> args = words.subList(program.split(" ").length, words.size());
                return new Command(line, heading, block, Map.copyOf(env), "tidings", List.copyOf(args), "", null, server, edit, false);
            }
        }
        throw new IllegalArgumentException("README.md:" + line + ": a console line that is not a tidings command: $ " + text);
    }

    /** {@code <!-- transcript: edit FILE 'TEXT' 'REPLACEMENT' -->}, the two texts quoted as a shell quotes them. */
    private static Edit edit(int line, String marker) {
        if (!marker.endsWith(" -->")) {
            throw new IllegalArgumentException("README.md:" + line + ": an edit marker must end with ' -->' on its line");
        }
        List<String> words = words(marker.substring(EDIT_MARKER.length(), marker.length() - " -->".length()));
        if (words.size() != 3 || words.get(1).isEmpty()) {
            throw new IllegalArgumentException("README.md:" + line + ": an edit marker is FILE 'TEXT' 'REPLACEMENT', not " + words);
        }
        return new Edit(words.get(0), words.get(1), words.get(2));
    }

    /** Splits a command line as a POSIX shell does, quotes and backslashes only (no expansions). */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\' && i + 1 < text.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(text.charAt(++i));
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                word = word == null ? new StringBuilder() : word;
                quote = c;
            } else if (c == '#' && word == null) {
                break; // a comment, to the end of the line
            } else if (c == ' ') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("an unclosed quote in: " + text);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
