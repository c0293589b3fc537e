package dev.tidings;

import dev.tidings.ReadmeTranscript.Command;
import dev.tidings.cli.CliRun;
import dev.tidings.cli.TidingsCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the README true. Every console block is a transcript ({@link ReadmeTranscript}): each
 * {@code $ tidings ...} line is run, and its standard output must be the lines shown under it, its
 * exit code the one an {@code echo $?} shows. The commands that only read files, or write into a
 * scratch directory, run here in-process; those that send mail or start a server run in
 * {@link ReadmeIT}; the few that need what no test has (the web, a remote mailbox) are listed in
 * {@link #NOT_RUN} with the reason. Every option of every command must also be in the README, so
 * that a new option cannot go undocumented.
 */
class ReadmeTest {
    /** What the README shows but no test runs, by the start of the command line, and why. */
    static final Map<String, String> NOT_RUN = Map.of(
            "add --to my-letter/issues/issue-2.yaml",
            "an illustration: fetches an editor's pages on the web; cli.AddIT checks each kind of line against a local HTTP server",
            "validate issue.yaml --check-links",
            "an illustration: requests an editor's links on the web; cli.ValidateCheckLinksIT checks each kind of line against a local HTTP server",
            "unsubscribes --imap imaps://news@imap.example.org/INBOX",
            "a remote mailbox holding those seven mails; cli.UnsubscribesGreenMailIT and cli.UnsubscribesForgeryIT check each kind of line against GreenMail");

    /**
     * Files the in-process commands write or edit, by the name the README gives them: made in a
     * scratch directory instead of the working tree, each a copy of the file given (or, for an
     * empty path, a directory the command makes).
     */
    private static final Map<String, Path> SCRATCH = Map.of("out", Path.of(""), "site", Path.of(""),
            "subscribers.csv", Path.of("samples/subscribers.csv"), "my-letter", Path.of(""),
            ".tidings", Path.of("src/test/resources/readme/dot-tidings")); // the suppression file of subscribers sync

    @Test
    void everyConsoleCommandIsRunOrListedWithTheReason() {
        List<Command> commands = ReadmeTranscript.read().commands();
        Map<String, Integer> notRunUsed = new HashMap<>();
        int inProcess = 0;
        int endToEnd = 0;
        for (Command command : commands) {
            String reason = notRun(command);
            if (reason != null) {
                notRunUsed.merge(reason, 1, Integer::sum);
            } else if (ReadmeIT.isEndToEnd(command)) {
                endToEnd++;
            } else {
                inProcess++;
            }
        }
        assertEquals(NOT_RUN.size(), notRunUsed.size(), "a command listed as not run is no longer in the README: " + NOT_RUN.keySet());
        assertTrue(inProcess >= 14 && endToEnd >= 4, "commands run: " + inProcess + " in process, " + endToEnd + " end to end");
    }

    @Test
    void theTranscriptsRunInProcessAreWhatTidingsPrints(@TempDir Path scratch) throws IOException {
        Map<Integer, Path> blocks = new HashMap<>();
        int checked = 0;
        for (Command command : ReadmeTranscript.read().commands()) {
            if (notRun(command) != null || ReadmeIT.isEndToEnd(command)) {
                continue;
            }
            // The commands of one block share their files (an add, then an unsubscribe of the same list).
            Path dir = blocks.computeIfAbsent(command.block(), block -> scratch.resolve("block-" + block));
            List<String> args = inScratch(command.args(), dir);
            CliRun run = CliRun.withEnv(ReadmeIT.environment(command), args.toArray(String[]::new));
            String where = "README.md:" + command.line() + ": tidings " + command.text();
            if (args.equals(command.args())) {
                assertEquals(command.out(), ReadmeTranscript.asOnATerminal(run.out()), where);
            } else {
                // Paths in the scratch directory are longer than the README's: the columns render aligns differ.
                String out = ReadmeTranscript.asOnATerminal(run.out()).replace(dir + "/", "");
                assertEquals(spaces(command.out()), spaces(out), where);
            }
            if (command.exitCode() != null) {
                assertEquals(command.exitCode(), run.exitCode(), where + "\n" + run.err());
            }
            checked++;
        }
        assertTrue(checked >= 14, "commands checked: " + checked);
    }

    /**
     * A command that runs until Ctrl-C is in a block marked {@value ReadmeTranscript#SERVER_MARKER}, and a
     * marked block holds such commands only: ReadmeIT waits for the others to end, and for these only
     * to say where they listen. An edit a reader makes is only where a session runs the blocks in turn.
     */
    @Test
    void serversAreMarkedAndEditsAreInSessions() {
        int servers = 0;
        for (Command command : ReadmeTranscript.read().commands()) {
            String where = "README.md:" + command.line() + ": " + command.program() + " " + command.text();
            boolean server = command.isTidings() && List.of("preview", "sandbox").contains(command.args().get(0));
            assertEquals(server, command.server(), where + (server ? ": a server in a block without the marker" : ": marked, but no server"));
            assertTrue(command.edit() == null || command.session(), where + ": an edit outside a session");
            servers += server ? 1 : 0;
        }
        assertTrue(servers >= 4, "servers: " + servers);
    }

    /** Every option of every command and subcommand, in picocli's own model, is named in the README. */
    @Test
    void everyOptionOfEveryCommandIsInTheReadme() throws IOException {
        String readme = Files.readString(ReadmeTranscript.README);
        Map<String, List<String>> missing = new LinkedHashMap<>();
        int checked = 0;
        for (CommandSpec spec : commands(TidingsCli.full())) {
            for (OptionSpec option : spec.options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                checked++;
                if (List.of(option.names()).stream().noneMatch(name -> mentions(readme, name))) {
                    missing.computeIfAbsent(spec.qualifiedName(), name -> new ArrayList<>()).add(option.longestName());
                }
            }
        }
        assertEquals(Map.of(), missing, "options the README does not name");
        assertTrue(checked >= 60, "options checked: " + checked);
    }

    /** Every command is a row of the README's table of commands. */
    @Test
    void everyCommandIsInTheReadmesTable() throws IOException {
        List<String> rows = Files.readAllLines(ReadmeTranscript.README).stream().filter(line -> line.startsWith("| `tidings ")).toList();
        for (String name : TidingsCli.full().getSubcommands().keySet()) {
            assertTrue(rows.stream().anyMatch(row -> row.startsWith("| `tidings " + name + " ") || row.startsWith("| `tidings " + name + "`")),
                    "the README's table of commands has no row for " + name);
        }
    }

    static String notRun(Command command) {
        return NOT_RUN.entrySet().stream().filter(entry -> command.text().startsWith(entry.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** The command's arguments with the files of {@link #SCRATCH} moved into {@code dir}, copied there on first use. */
    private static List<String> inScratch(List<String> args, Path dir) throws IOException {
        List<String> moved = new ArrayList<>();
        for (String arg : args) {
            String first = arg.split("/", 2)[0];
            Path source = SCRATCH.get(first);
            if (source == null) {
                moved.add(arg);
                continue;
            }
            Files.createDirectories(dir);
            if (!source.toString().isEmpty() && !Files.exists(dir.resolve(first))) {
                copy(source, dir.resolve(first));
            }
            moved.add(dir.resolve(arg).toString());
        }
        return moved;
    }

    /** A file, or a folder with its files. */
    private static void copy(Path source, Path target) throws IOException {
        try (var files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(source.relativize(file).toString()));
            }
        }
    }

        private static String spaces(String text) {
        return text.replaceAll(" +", " ");
    }

    /** The command and its subcommands, depth first, without picocli's own help command. */
    private static List<CommandSpec> commands(CommandLine top) {
        List<CommandSpec> all = new ArrayList<>();
        all.add(top.getCommandSpec());
        for (CommandLine sub : top.getSubcommands().values()) {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                all.addAll(commands(sub));
            }
        }
        return all;
    }

    /** The option's name as a word of the README: {@code --retry} is not found in {@code --retry-delay}. */
    private static boolean mentions(String readme, String name) {
        return Pattern.compile("(?<![A-Za-z0-9-])" + Pattern.quote(name) + "(?![A-Za-z0-9-])").matcher(readme).find();
    }
}
