package dev.tidings.mail;

import dev.tidings.digest.Problem;

import java.util.List;
import java.util.Map;

/**
 * The list as a send sees it before sending anything: who will receive the issue, who is skipped
 * and why, and which rows are invalid or repeated (each named by line, the first
 * {@link RecipientPlanner#MAX_LISTED} of them).
 */
public record Survey(long rows, Map<RecipientPlanner.Decision, Long> decisions, long invalid, List<Problem> invalidRows,
                     long duplicates, List<Problem> duplicateRows) {
    public Survey {
        decisions = Map.copyOf(decisions);
        invalidRows = List.copyOf(invalidRows);
        duplicateRows = List.copyOf(duplicateRows);
    }

    public long count(RecipientPlanner.Decision decision) {
        return decisions.getOrDefault(decision, 0L);
    }

    public long toSend() {
        return count(RecipientPlanner.Decision.SEND);
    }
}
