package dev.tidings.cli;

import dev.tidings.cli.console.Terminal;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Usage help wraps at spaces and never cuts a description (issue 18, item 10): {@code tidings --help}
 * showed half of {@code archive}'s first sentence, and picocli wrapped where
 * {@link java.text.BreakIterator} allows, which split {@code DIGEST.⏎yaml}, {@code subscribers.⏎csv}
 * and {@code http://127.0.0.1:⏎PORT/}. "Never cut" is tested as: every text of a command's spec (its
 * header, description paragraphs, footer, each option's and parameter's description, each option's
 * names with their label, the exit codes) appears whole in its help once the wrapped lines are joined
 * with single spaces; "at word boundaries" as: each of those texts' words, and the synopsis's, is a
 * word of the help, and no line is longer than the width. Checked for every command and subcommand at
 * picocli's default 80 columns through the real command line, and in-process at wider ones (picocli
 * uses the terminal's width only with usageHelpAutoWidth, which tidings does not set). A wrong name after {@code help} is answered like a wrong command.
 */
class UsageHelpTest {
    /**
     * picocli's default, and wider terminals. Not narrower: at 55 columns (picocli's least) some words
     * (imaps://user@host[:993]/FOLDER,) are wider than the description column, and are cut.
     */
    private static final int[] WIDTHS = {80, 100, 132};

    @Test
    void theCommandListShowsEachCommandsFirstParagraphWhole() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode(), run.all());
        String joined = joined(run.out());
        for (CommandSpec command : commands(all(), false)) {
            // picocli lists a command by its header if it has one (help does), else by its first paragraph
            String[] header = command.usageMessage().header();
            String first = header.length > 0 ? header[0] : command.usageMessage().description()[0];
            assertTrue(first.endsWith("."), command.name() + ": the command list shows only the first paragraph, which stops mid-sentence: " + first);
            assertTrue(joined.contains(first), command.name() + ": '" + first + "' not whole in\n" + run.out());
        }
    }

    @Test
    void everyCommandsHelpThroughTheCommandLineHasEveryTextWholeWithin80Columns() {
        List<String> faults = new ArrayList<>();
        for (CommandSpec command : commands(all(), true)) {
            List<String> path = List.of(command.qualifiedName(" ").split(" ")).subList(1, command.qualifiedName(" ").split(" ").length);
            List<String> withHelp = new ArrayList<>(path);
            withHelp.add("--help");
            List<List<String>> invocations = new ArrayList<>(List.of(withHelp));
            if (path.size() == 1) {
                invocations.add(List.of("help", path.get(0)));
            }
            for (List<String> args : invocations) {
                CliRun run = CliRun.of(args.toArray(String[]::new));
                assertEquals(0, run.exitCode(), run.all());
                faults.addAll(faults(String.join(" ", args), command, run.out(), 80));
            }
        }
        assertTrue(faults.isEmpty(), String.join("\n", faults));
    }

    @Test
    void everyCommandsHelpHasEveryTextWholeAtEveryWidth() {
        List<String> faults = new ArrayList<>();
        for (int width : WIDTHS) {
            CommandLine all = all();
            all.setUsageHelpWidth(width);
            faults.addAll(faults("tidings (" + width + " columns)", all.getCommandSpec(), all.getUsageMessage(), width));
            for (CommandSpec command : commands(all, true)) {
                faults.addAll(faults(command.qualifiedName() + " (" + width + " columns)", command, command.commandLine().getUsageMessage(), width));
            }
        }
        assertTrue(faults.isEmpty(), String.join("\n", faults));
    }

    @Test
    void aLongWordMovesWholeToTheNextLine() {
        assertEquals(13, WordTable.lineEnd("the digest is DIGEST.yaml", 0, 20)); // not "the digest is DIGEST."
        assertEquals(25, WordTable.lineEnd("the digest is DIGEST.yaml", 0, 25));
        assertEquals(10, WordTable.lineEnd("0123456789abcdef", 0, 10)); // wider than the column: cut, the last resort
    }

    @Test
    void aWrongNameAfterHelpIsAnsweredLikeAWrongCommand() {
        CliRun run = CliRun.of("help", "sned");
        assertEquals(2, run.exitCode(), run.all());
        assertEquals("", run.out());
        assertEquals("tidings: unknown command 'sned'; did you mean 'send'?\nRun 'tidings --help' for the commands.\n", run.err());

        CliRun far = CliRun.of("help", "frobnicate");
        assertEquals(2, far.exitCode(), far.all());
        assertEquals("tidings: unknown command 'frobnicate'\nRun 'tidings --help' for the commands.\n", far.err());
        assertFalse(far.all().contains("Exception"), far.all());
    }

    /** What is wrong with this help of this command at this width: a text cut, a word split, a line too long. */
    private static List<String> faults(String what, CommandSpec command, String help, int width) {
        List<String> faults = new ArrayList<>();
        help.lines().filter(line -> line.length() > width).forEach(line -> faults.add(what + ": longer than " + width + ": " + line));
        String joined = joined(help);
        Set<String> words = new HashSet<>(Arrays.asList(joined.split(" ")));
        for (String name : names(command)) { // shown with more around it: --test-to=ADDR[,ADDR...], DIGEST.yaml...
            if (words.stream().noneMatch(word -> word.contains(name))) {
                faults.add(what + ": word split: '" + name + "'");
            }
        }
        List<String> texts = texts(command);
        texts.add(synopsis(command));
        for (String text : texts) {
            if (!joined.contains(text)) {
                faults.add(what + ": not whole: '" + text + "'");
            }
            for (String word : text.split(" ")) {
                if (!words.contains(word)) {
                    faults.add(what + ": word split: '" + word + "'");
                }
            }
        }
        return faults;
    }

    /** Each option's longest name with its label, each parameter's label. */
    private static List<String> names(CommandSpec command) {
        List<String> names = new ArrayList<>();
        command.options().stream().filter(option -> !option.hidden())
                .forEach(option -> names.add(option.longestName() + (option.arity().max == 0 ? "" : "=" + option.paramLabel())));
        command.positionalParameters().stream().filter(parameter -> !parameter.hidden()).forEach(parameter -> names.add(parameter.paramLabel()));
        return names;
    }

    /** The help as one line: each line's leading and trailing spaces dropped, lines joined by one space. */
    private static String joined(String help) {
        return String.join(" ", help.lines().map(String::strip).filter(line -> !line.isEmpty()).toList()).replaceAll(" +", " ");
    }

    /** The synopsis as picocli makes it on one line, without the heading: so wide that it does not wrap. */
    private static String synopsis(CommandSpec command) {
        CommandLine fresh = all();
        for (String name : command.qualifiedName(" ").split(" ")) {
            if (!name.equals("tidings")) {
                fresh = fresh.getSubcommands().get(name);
            }
        }
        fresh.setUsageHelpWidth(1000);
        return fresh.getHelp().synopsis(0).strip();
    }

    /** What the help shows of a command, each text on one line with single spaces. */
    private static List<String> texts(CommandSpec command) {
        UsageMessageSpec usage = command.usageMessage();
        List<String> raw = new ArrayList<>(List.of(usage.header()));
        raw.addAll(List.of(usage.description()));
        raw.addAll(List.of(usage.footer()));
        raw.addAll(usage.exitCodeList().values());
        List<ArgSpec> args = new ArrayList<>(command.options());
        args.addAll(command.positionalParameters());
        for (ArgSpec arg : args) {
            if (arg.hidden()) {
                continue;
            }
            raw.addAll(List.of(arg.renderedDescription()));
        }
        List<String> texts = new ArrayList<>();
        for (String text : raw) {
            for (String line : String.format(text).split("\\R")) {
                if (!line.isBlank()) {
                    texts.add(line.strip().replaceAll("\\s+", " "));
                }
            }
        }
        return texts;
    }

    private static CommandLine all() {
        return TidingsCli.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(), Terminal.none());
    }

    /** The commands under this one: the top level's, and with {@code nested} theirs (subscribers add...). */
    private static List<CommandSpec> commands(CommandLine top, boolean nested) {
        List<CommandSpec> commands = new ArrayList<>();
        for (CommandLine sub : top.getSubcommands().values()) {
            commands.add(sub.getCommandSpec());
            if (nested) {
                commands.addAll(commands(sub, true));
            }
        }
        return commands;
    }
}
