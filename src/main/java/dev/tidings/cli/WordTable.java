package dev.tidings.cli;

import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;

/**
 * A picocli text table that wraps only at spaces. picocli wraps where {@link java.text.BreakIterator}
 * allows a line break, which is after '.', '/', ':' and the like: {@code help send} showed
 * {@code DIGEST.⏎yaml}, the command list {@code subscribers.⏎csv} and {@code http://127.0.0.1:⏎PORT/}.
 * A word here is a run of characters without a space: it moves whole to the next line. Only a word
 * wider than its column is cut (picocli's behaviour too), as there is no other way to keep within
 * the width; {@code UsageHelpTest} checks that none of ours is.
 */
final class WordTable extends TextTable {
    private final ColorScheme colorScheme;

    private WordTable(ColorScheme colorScheme, Column[] columns) {
        super(colorScheme, columns);
        this.colorScheme = colorScheme;
    }

    /** A table with these columns. */
    static WordTable of(ColorScheme colorScheme, boolean adjustCjk, int indentWrappedLines, Column... columns) {
        WordTable table = new WordTable(colorScheme, columns);
        table.setAdjustLineBreaksForWideCJKCharacters(adjustCjk);
        table.indentWrappedLines = indentWrappedLines;
        return table;
    }

    /** An empty table shaped like picocli's (its columns, its indent of wrapped lines). */
    static WordTable like(TextTable table, ColorScheme colorScheme) {
        return of(colorScheme, table.isAdjustLineBreaksForWideCJKCharacters(), table.indentWrappedLines, table.columns());
    }

    /**
     * Writes a value that wraps (a WRAP column, or the last column that a SPAN value ends in) one line
     * at a time, each of which fits, so picocli's own wrapping never has to break it.
     */
    @Override
    public Cell putValue(int row, int col, Text value) {
        Column[] columns = columns();
        Column column = columns[col];
        boolean wraps = column.overflow == Column.Overflow.WRAP || (column.overflow == Column.Overflow.SPAN && col == columns.length - 1);
        if (!wraps || value == null || value.plainString().isEmpty()) {
            return super.putValue(row, col, value);
        }
        String plain = value.plainString();
        int start = 0;
        int extraIndent = 0;
        while (true) {
            int end = lineEnd(plain, start, column.width - column.indent - extraIndent);
            Text line = value.substring(start, end);
            super.putValue(row, col, extraIndent == 0 ? line : spaces(extraIndent).concat(line));
            start = end;
            while (start < plain.length() && plain.charAt(start) == ' ') {
                start++;
            }
            if (start >= plain.length()) {
                return new Cell(col, row);
            }
            addEmptyRow();
            row++;
            extraIndent = indentWrappedLines;
        }
    }

    /** Where the line from {@code start} ends: before the last space that lets it fit in {@code room}, or at the end. */
    static int lineEnd(String plain, int start, int room) {
        int fits = Math.max(1, room);
        if (plain.length() - start <= fits) {
            return plain.length();
        }
        for (int space = start + fits; space > start; space--) {
            if (plain.charAt(space) == ' ') {
                int end = space;
                while (end > start && plain.charAt(end - 1) == ' ') {
                    end--;
                }
                if (end > start) {
                    return end;
                }
            }
        }
        return start + fits; // a word wider than the column: cut, or it would run past the width
    }

    private Text spaces(int count) {
        return colorScheme.ansi().new Text(" ".repeat(count), colorScheme);
    }
}
