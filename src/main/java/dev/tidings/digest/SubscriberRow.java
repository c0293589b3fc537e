package dev.tidings.digest;

import java.util.List;

/**
 * One data row of a subscriber list as read: the subscriber when the row is valid, or what is wrong.
 *
 * @param line       the 1-based line where the row starts (a quoted value may span lines)
 * @param subscriber null when the row is invalid
 * @param problems   empty when the row is valid; each a message naming the column
 */
public record SubscriberRow(int line, Subscriber subscriber, List<String> problems) {
    public SubscriberRow {
        problems = List.copyOf(problems);
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
