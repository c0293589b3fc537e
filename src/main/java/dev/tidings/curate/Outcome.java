package dev.tidings.curate;

import java.util.List;

/**
 * What {@code tidings add} did with one link.
 *
 * @param kind     added (or, with --dry-run, would be), failed, already in the issue, or given twice in this run
 * @param link     the link as given (or as the feed gave it)
 * @param item     the drafted item, or null when none was drafted
 * @param notes    what the page did not declare ("no author declared"), for the editor to fill in
 * @param reason   why it was not added, or null
 * @param line     the line of the item it duplicates, or 0
 * @param fromFeed whether it came from a feed (then an entry already in the issue is not a failure)
 */
public record Outcome(Kind kind, String link, DraftItem item, List<String> notes, String reason, int line, boolean fromFeed) {
    public enum Kind { ADDED, FAILED, ALREADY_IN_ISSUE, TWICE }

    public Outcome {
        notes = List.copyOf(notes);
    }

    static Outcome failed(String link, String reason) {
        return new Outcome(Kind.FAILED, link, null, List.of(), reason, 0, false);
    }

    static Outcome already(String link, int line, boolean fromFeed) {
        return new Outcome(Kind.ALREADY_IN_ISSUE, link, null, List.of(), "already in the issue, at line " + line, line, fromFeed);
    }

    /** A link the editor asked for and did not get: a failure, unless a feed merely repeats an item already added. */
    public boolean isFailure() {
        return kind == Kind.FAILED || (!fromFeed && kind != Kind.ADDED);
    }
}
