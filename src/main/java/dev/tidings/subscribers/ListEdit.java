package dev.tidings.subscribers;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of editing a subscriber list.
 *
 * @param list     the list
 * @param outcomes one per address asked for, in the order asked
 * @param backup   the previous version of the list, or null when nothing was written (nothing to
 *                 change, or a dry run)
 */
public record ListEdit(Path list, List<ListOutcome> outcomes, Path backup) {
    public ListEdit {
        outcomes = List.copyOf(outcomes);
    }

    public boolean written() {
        return backup != null;
    }

    public long count(ListOutcome.Result result) {
        return outcomes.stream().filter(o -> o.result() == result).count();
    }
}
