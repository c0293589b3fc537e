package dev.tidings.subscribers;

import java.util.List;

/**
 * What an edit of a subscriber list did to one address (or, in a dry run, would do).
 *
 * @param email  the address as asked for
 * @param wanted the status asked for; null for additions and removals
 * @param result what happened
 * @param before the status the address had (of its first row), or null when it was not on the list
 *               or its status cell was not a status
 * @param lines  the lines of the rows with this address (several when the list repeats it)
 */
public record ListOutcome(String email, SubscriberStatus wanted, Result result, SubscriberStatus before, List<Integer> lines) {
    public ListOutcome {
        lines = List.copyOf(lines);
    }

    public enum Result {
        /** The status cell was changed. */
        CHANGED,
        /** Already so, or kept as it is on purpose (a bounce does not overwrite "unsubscribed"). */
        UNCHANGED,
        /** No row has the address. */
        NOT_ON_LIST,
        /** A row has the address but cannot be edited safely (more values than the header has columns). */
        INVALID_ROW,
        ADDED,
        REMOVED
    }
}
