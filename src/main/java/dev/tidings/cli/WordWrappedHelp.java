package dev.tidings.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.List;
import java.util.Map;

/**
 * picocli's usage help with every section laid out in {@link WordTable}s, so that lines break only
 * at spaces (issue 18, item 10). picocli builds its tables with static factories inside these
 * methods; each override makes the same table, with the same columns and indents, as a WordTable.
 * Installed on every command by {@link TidingsCli} through {@link CommandLine#setHelpFactory}.
 */
final class WordWrappedHelp extends Help {
    /** A named class rather than a lambda: see TidingsCli.ErrorHandler on lambdas of picocli's interfaces. */
    static final class Factory implements CommandLine.IHelpFactory {
        static final Factory INSTANCE = new Factory();

        @Override
        public Help create(CommandSpec commandSpec, ColorScheme colorScheme) {
            return new WordWrappedHelp(commandSpec, colorScheme);
        }
    }

    private WordWrappedHelp(CommandSpec commandSpec, ColorScheme colorScheme) {
        super(commandSpec, colorScheme);
    }

    private UsageMessageSpec usage() {
        return commandSpec().usageMessage();
    }

    private int width() {
        return usage().width();
    }

    private boolean adjustCjk() {
        return usage().adjustLineBreaksForWideCJKCharacters();
    }

    /** The options and parameters. */
    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme scheme) {
        Layout layout = super.createDefaultLayout(options, positionals, scheme);
        return new Layout(scheme, WordTable.like(layout.textTable(), scheme), layout.optionRenderer(), layout.parameterRenderer());
    }

    /** The exit codes (and any other key-value list): picocli's columns, its rows again in a WordTable. */
    @Override
    public TextTable createTextTable(Map<?, ?> map) {
        TextTable table = WordTable.like(super.createTextTable(map), colorScheme());
        if (map != null) {
            map.forEach((key, value) -> table.addRowValues(String.format(String.valueOf(key)), String.format(String.valueOf(value))));
        }
        return table;
    }

    /** The command list: each command by its header, or else the first paragraph of its description. */
    @Override
    public String commandList(Map<String, Help> subcommands) {
        if (subcommands.isEmpty()) {
            return "";
        }
        int names = Math.min(maxLength(subcommands.keySet()), width() / 2);
        TextTable table = WordTable.of(colorScheme(), adjustCjk(), 2, // 2: picocli's default indent of wrapped lines
                new Column(names + 2, 2, Column.Overflow.SPAN), new Column(width() - (names + 2), 2, Column.Overflow.WRAP));
        for (Help help : subcommands.values()) {
            UsageMessageSpec usage = help.commandSpec().usageMessage();
            String summary = usage.header().length > 0 ? usage.header()[0] : usage.description().length > 0 ? usage.description()[0] : "";
            Text[] lines = colorScheme().text(String.format(summary)).splitLines();
            for (int i = 0; i < lines.length; i++) {
                table.addRowValues(i == 0 ? help.commandNamesText(", ") : colorScheme().text(""), lines[i]);
            }
        }
        return table.toString();
    }

    private static int maxLength(Iterable<String> names) {
        int max = 0;
        for (String name : names) {
            max = Math.max(max, name.length());
        }
        return max;
    }

    /** The synopsis: wrapped lines start under the first option, as picocli does. */
    @Override
    protected String insertSynopsisCommandName(int headingLength, Text details) {
        String name = commandSpec().qualifiedName();
        int indent = headingLength + name.length() + 1;
        if (indent > usage().synopsisAutoIndentThreshold() * width()) {
            indent = Math.min(usage().synopsisIndent() < 0 ? headingLength : usage().synopsisIndent(), (int) (0.9 * width()));
        }
        TextTable table = WordTable.of(colorScheme(), adjustCjk(), indent, new Column(width(), 0, Column.Overflow.WRAP));
        // picocli's trick: the heading's room taken by placeholder letters, then cut off the result
        Text padding = Ansi.OFF.new Text("X".repeat(headingLength), colorScheme());
        table.addRowValues(padding.concat(colorScheme().commandText(name)).concat(details));
        return table.toString().substring(headingLength);
    }

    @Override
    public String description(Object... params) {
        return paragraphs(usage().description(), params);
    }

    @Override
    public String header(Object... params) {
        return paragraphs(usage().header(), params);
    }

    @Override
    public String footer(Object... params) {
        return paragraphs(usage().footer(), params);
    }

    private String paragraphs(String[] values, Object... params) {
        TextTable table = WordTable.of(colorScheme(), adjustCjk(), 0, new Column(width(), 0, Column.Overflow.WRAP));
        for (String value : values) {
            table.addRowValues(String.format(value, params));
        }
        return table.toString();
    }
}
