package dev.tidings.mail;

import dev.tidings.digest.Problem;

import java.util.List;
import java.util.Map;

/**
 * The list as a send sees it before sending anything: who will receive the issue, who is skipped
 * and why, and which rows are invalid or repeated (each named by line, the first
 * 200 of them).
 */
public record Survey(long rows, Map<Decision, Long> decisions, long invalid, List<Problem> invalidRows,
                     long duplicates, List<Problem> duplicateRows) {
    public Survey {
        decisions = Map.copyOf(decisions);
        invalidRows = List.copyOf(invalidRows);
        duplicateRows = List.copyOf(duplicateRows);
    }

    public long count(Decision decision) {
        return decisions.getOrDefault(decision, 0L);
    }

    public long toSend() {
        return count(Decision.SEND);
    }

    /** What becomes of one row of the list in this send. */
    public enum Decision {
        SEND("to send"),
        UNSUBSCRIBED("unsubscribed"),
        BOUNCED("bounced"),
        SUPPRESSED("suppressed"),
        OTHER_SHARD("in another shard"),
        DUPLICATE("duplicate"),
        ALREADY_SENT("already sent"),
        FAILED_BEFORE("failed permanently before"),
        UNCERTAIN("uncertain (in flight when a run stopped)"),
        INVALID("invalid");

        private final String label;

        Decision(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

}
