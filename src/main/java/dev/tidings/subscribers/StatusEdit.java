package dev.tidings.subscribers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets the status of some addresses, every row of each (addresses compared ignoring case), and
 * says per address what happened: changed, already so, not on the list, or on an invalid row.
 */
final class StatusEdit implements RowEdit {
    /** The status a row gets from the one it has and the one asked for, or null to leave it as it is. */
    @FunctionalInterface
    interface Rule {
        SubscriberStatus next(SubscriberStatus current, SubscriberStatus wanted);
    }

    private final Map<String, SubscriberStatus> wanted;
    private final Rule rule;
    private final Map<String, Found> found = new HashMap<>();
    private Columns columns;

    StatusEdit(Map<String, SubscriberStatus> wanted) {
        this(wanted, StatusEdit::transition);
    }

    StatusEdit(Map<String, SubscriberStatus> wanted, Rule rule) {
        this.wanted = wanted;
        this.rule = rule;
    }

    private static final class Found {
        final List<Integer> lines = new ArrayList<>();
        SubscriberStatus before;
        boolean changed;
        boolean invalid;
    }

    @Override
    public void header(Columns header) {
        this.columns = header;
    }

    @Override
    public byte[] row(CsvRecord row) {
        String key = SubscriberListEditor.key(row.value(columns.email()));
        SubscriberStatus want = wanted.get(key);
        if (want == null) {
            return row.bytes();
        }
        Found f = found.computeIfAbsent(key, k -> new Found());
        SubscriberStatus current = SubscriberStatus.parse(columns.status() < 0 ? "" : row.value(columns.status()));
        if (f.lines.isEmpty()) {
            f.before = current;
        }
        f.lines.add(row.line());
        if (row.fields() > columns.count()) {
            // The reader calls this row invalid; which value is the status is anybody's guess.
            f.invalid = true;
            return row.bytes();
        }
        SubscriberStatus next = rule.next(current, want);
        if (next == null) {
            return row.bytes();
        }
        f.changed = true;
        return row.withValue(columns.status() < 0 ? columns.count() : columns.status(), next.label()).bytes();
    }

    boolean listHasStatusColumn() {
        return columns.status() >= 0;
    }

    boolean changesAny() {
        return found.values().stream().anyMatch(f -> f.changed);
    }

    List<ListOutcome> outcomes(Map<String, SubscriberStatus> asked) {
        List<ListOutcome> outcomes = new ArrayList<>();
        asked.forEach((email, status) -> {
            Found f = found.get(SubscriberListEditor.key(email));
            ListOutcome.Result result = f == null ? ListOutcome.Result.NOT_ON_LIST
                    : f.changed ? ListOutcome.Result.CHANGED
                    : f.invalid ? ListOutcome.Result.INVALID_ROW : ListOutcome.Result.UNCHANGED;
            outcomes.add(new ListOutcome(email, status, result, f == null ? null : f.before, f == null ? List.of() : f.lines));
        });
        return outcomes;
    }

    /**
     * The status a row gets, or null to leave it. A bounce does not overwrite "unsubscribed": the
     * wish to leave must outlive the mailbox, should the address work again one day.
     */
    static SubscriberStatus transition(SubscriberStatus current, SubscriberStatus wanted) {
        if (current == wanted || wanted == SubscriberStatus.BOUNCED && current == SubscriberStatus.UNSUBSCRIBED) {
            return null;
        }
        return wanted;
    }
}
