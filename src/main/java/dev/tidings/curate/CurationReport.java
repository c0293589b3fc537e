package dev.tidings.curate;

import java.util.List;

/**
 * The outcome of one {@code tidings add}: each link's, in the order given, and what the feed (if
 * any) held that could not be used.
 */
public record CurationReport(List<Outcome> outcomes, List<String> feedNotes, boolean dryRun) {
    public CurationReport {
        outcomes = List.copyOf(outcomes);
        feedNotes = List.copyOf(feedNotes);
    }

    public long added() {
        return outcomes.stream().filter(o -> o.kind() == Outcome.Kind.ADDED).count();
    }

    public List<Outcome> failures() {
        return outcomes.stream().filter(Outcome::isFailure).toList();
    }
}
