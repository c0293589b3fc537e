package dev.tidings.subscribers;

import java.util.List;

/**
 * One data row of a subscriber list as read: the subscriber when the row is valid, or what is wrong.
 *
 * @param line       the 1-based line where the row starts (a quoted value may span lines)
 * @param subscriber null when the row is invalid
 * @param problems   empty when the row is valid
 */
public record SubscriberRow(int line, Subscriber subscriber, List<RowProblem> problems) {
    public SubscriberRow {
        problems = List.copyOf(problems);
    }

    /**
     * What is wrong with a row.
     *
     * @param column the column it is about, as the header names it (lower-cased), or "" for the row as a whole
     */
    public record RowProblem(String column, String message) {
        /** "email: is empty": how a line of text says it. */
        public String text() {
            return column.isEmpty() ? message : column + ": " + message;
        }
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    /** The problems as lines of text. */
    public List<String> messages() {
        return problems.stream().map(RowProblem::text).toList();
    }
}
