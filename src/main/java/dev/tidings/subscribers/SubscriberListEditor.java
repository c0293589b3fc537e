package dev.tidings.subscribers;

import dev.tidings.TidingsException;
import dev.tidings.digest.FieldChecks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Edits a subscriber list where it lies, for the unsubscribe loop and for editors at a terminal:
 * sets the status of some addresses, adds a row at the end, or removes rows. Only the cells and
 * rows concerned change; every other byte (quoting, spacing, line ends, a byte-order mark, other
 * columns) stays as it was, and the file is replaced atomically with its previous version kept
 * as {@code LIST.csv.bak} ({@link FileReplacement}).
 *
 * <p>A list without a status column gains one when a status must be written: {@code ,status} is
 * added at the end of the header line and the value at the end of the rows that change. The other
 * rows stay as they were and still read as subscribed (an empty status), so the list means what it
 * did, and spreadsheets open it as before.
 *
 * <p>Addresses are compared ignoring case, as the list validator compares them; every row of an
 * address listed twice is changed.
 */
public final class SubscriberListEditor {
    private final Path list;

    public SubscriberListEditor(Path list) {
        this.list = list;
    }

    /**
     * Sets the status of each address (a status asked for twice: "unsubscribed" wins, as the
     * stronger wish). Whoever unsubscribed stays unsubscribed when their address bounces.
     */
    public ListEdit setStatuses(Map<String, SubscriberStatus> wanted, boolean dryRun) {
        return setStatuses(wanted, StatusEdit::transition, dryRun);
    }

    /** Marks each address bounced, every row of it; whoever unsubscribed stays unsubscribed. */
    public ListEdit bounce(Collection<String> emails, boolean dryRun) {
        return setStatuses(each(emails, SubscriberStatus.BOUNCED), StatusEdit::transition, dryRun);
    }

    /**
     * Sets each address back to subscribed. A row that says unsubscribed stays so (its outcome is
     * UNCHANGED, with that status before) unless {@code overrideUnsubscribe}: the reader asked to
     * leave, and only their asking to come back, which the editor vouches for, undoes it.
     */
    public ListEdit resubscribe(Collection<String> emails, boolean overrideUnsubscribe, boolean dryRun) {
        return setStatuses(each(emails, SubscriberStatus.SUBSCRIBED), (current, wanted) ->
                current == SubscriberStatus.SUBSCRIBED || current == SubscriberStatus.UNSUBSCRIBED && !overrideUnsubscribe
                        ? null : SubscriberStatus.SUBSCRIBED, dryRun);
    }

    /**
     * Applies suppressions (bounced or unsubscribed per address) to the rows that are subscribed
     * now, and to no other: a bounced row that unsubscribed too, or one whose status cell is not a
     * status, is the editor's to decide, not a file's.
     */
    public ListEdit applySuppressions(Map<String, SubscriberStatus> wanted, boolean dryRun) {
        return setStatuses(wanted, (current, want) -> current == SubscriberStatus.SUBSCRIBED ? want : null, dryRun);
    }

    private static Map<String, SubscriberStatus> each(Collection<String> emails, SubscriberStatus status) {
        Map<String, SubscriberStatus> wanted = new LinkedHashMap<>();
        emails.forEach(email -> wanted.put(email.strip(), status));
        return wanted;
    }

    private ListEdit setStatuses(Map<String, SubscriberStatus> wanted, StatusEdit.Rule rule, boolean dryRun) {
        Map<String, SubscriberStatus> byKey = new LinkedHashMap<>();
        wanted.forEach((email, status) -> byKey.merge(key(email), status,
                (a, b) -> a == SubscriberStatus.UNSUBSCRIBED || b == SubscriberStatus.UNSUBSCRIBED ? SubscriberStatus.UNSUBSCRIBED : b));
        FileReplacement.Snapshot snapshot = readableList();
        StatusEdit plan = new StatusEdit(byKey, rule);
        scan(plan, null, false);
        if (dryRun || !plan.changesAny()) {
            return new ListEdit(list, plan.outcomes(wanted), null);
        }
        StatusEdit edit = new StatusEdit(byKey, rule);
        Path backup = write(edit, !plan.listHasStatusColumn(), snapshot);
        return new ListEdit(list, edit.outcomes(wanted), backup);
    }

    /** Adds a subscribed row at the end; an address already on the list, in any status, is refused. */
    public ListEdit add(String email, String name, boolean dryRun) {
        String address = email.strip();
        checkNewRow(address, name);
        FileReplacement.Snapshot snapshot = readableList();
        Addition plan = new Addition(address, name);
        scan(plan, null, false);
        plan.refuseDuplicate();
        ListOutcome added = new ListOutcome(address, null, ListOutcome.Result.ADDED, null, List.of());
        if (dryRun) {
            return new ListEdit(list, List.of(added), null);
        }
        Addition edit = new Addition(address, name);
        Path backup = write(edit, false, snapshot);
        return new ListEdit(list, List.of(added), backup);
    }

    /** Removes every row of the address; an address not on the list is refused. */
    public ListEdit remove(String email, boolean dryRun) {
        Removal plan = new Removal(key(email));
        FileReplacement.Snapshot snapshot = readableList();
        scan(plan, null, false);
        if (plan.lines.isEmpty()) {
            throw TidingsException.invalidInput(list + ": " + email.strip() + " is not on the list (addresses are compared"
                    + " ignoring case); nothing was removed");
        }
        Path backup = null;
        if (!dryRun) {
            backup = write(new Removal(key(email)), false, snapshot);
        }
        return new ListEdit(list, List.of(new ListOutcome(email.strip(), null, ListOutcome.Result.REMOVED, plan.before, plan.lines)), backup);
    }

    /** The list must be one the reader (and so {@code send}) can read: its problem is reported otherwise, nothing edited. */
    private FileReplacement.Snapshot readableList() {
        FileReplacement.Snapshot snapshot = FileReplacement.Snapshot.of(list);
        try (SubscriberReader reader = new SubscriberReader(list)) {
            while (reader.next() != null) {
                // read to the end: a file that is not CSV fails here, before anything is written
            }
        }
        return snapshot;
    }

    private void checkNewRow(String address, String name) {
        List<String> problems = new ArrayList<>();
        SubscriberColumns.checkEmail(address, problems);
        if (FieldChecks.characterProblem(address) != null) {
            problems.add("email: " + FieldChecks.characterProblem(address));
        }
        if (problems.isEmpty()) {
            formula("email", address, problems);
        }
        if (name != null) {
            String problem = FieldChecks.headerTextProblem(name);
            if (problem == null) {
                problem = FieldChecks.characterProblem(name);
            }
            if (problem != null) {
                problems.add("name: " + problem);
            } else {
                formula("name", name.strip(), problems);
            }
        }
        if (!problems.isEmpty()) {
            throw TidingsException.invalidInput(String.join("; ", problems) + "; nothing was added to " + list);
        }
    }

    /**
     * A value that a spreadsheet would run as a formula is refused, not neutralised. OWASP's advice
     * for exports is to prefix such a cell with a quote; but this list is not an export, it is what
     * every email is made from, and the quote would greet the subscriber as "'=..." and change the
     * address. Whoever types the value (an editor, or a sign-up form's script calling this command)
     * can correct it; the rare genuine name that begins so ("-Ann") can still be written into the
     * list by hand, where validate warns about it and send delivers it, as text, like any other.
     */
    private static void formula(String column, String value, List<String> problems) {
        String problem = FieldChecks.spreadsheetFormulaProblem(value);
        if (problem != null) {
            problems.add(column + ": " + problem + "; tidings writes no value that begins with =, +, -, @, a tab or a carriage"
                    + " return (a genuine name that begins so can be added to the list with an editor; validate will warn about it)");
        }
    }

    private Path write(RowEdit edit, boolean addStatusColumn, FileReplacement.Snapshot snapshot) {
        try (FileReplacement replacement = FileReplacement.begin(list)) {
            scan(edit, replacement.out(), addStatusColumn);
            return replacement.commit(snapshot);
        }
    }

    /** One pass over the list: each record through the edit, written to {@code out} when there is one. */
    private void scan(RowEdit edit, OutputStream out, boolean addStatusColumn) {
        try (InputStream in = Files.newInputStream(list); CsvRecordScanner scanner = new CsvRecordScanner(in)) {
            CsvRecord header = scanner.next();
            RowEdit.Columns columns = RowEdit.Columns.of(header, addStatusColumn);
            edit.header(columns);
            write(out, addStatusColumn ? header.withValue(header.fields(), "status").bytes() : header.bytes());
            boolean lineEnded = header.lineEnd().length > 0;
            for (CsvRecord record = scanner.next(); record != null; record = scanner.next()) {
                write(out, record.blank() ? record.bytes() : edit.row(record));
                lineEnded = record.lineEnd().length > 0;
            }
            byte[] end = edit.end();
            if (end.length > 0 && !lineEnded) {
                write(out, columns.lineEnd());
            }
            write(out, end);
        } catch (IOException e) {
            throw TidingsException.invalidInput(list + ": cannot read the list (" + e.getMessage() + ")", e);
        }
    }

    private static void write(OutputStream out, byte[] bytes) throws IOException {
        if (out != null) {
            out.write(bytes);
        }
    }

    static String key(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private final class Addition implements RowEdit {
        private final String email;
        private final String name;
        private RowEdit.Columns columns;
        private int line;
        private SubscriberStatus status;

        Addition(String email, String name) {
            this.email = email;
            this.name = name;
        }

        @Override
        public void header(RowEdit.Columns header) {
            this.columns = header;
            if (name != null && !name.isBlank() && header.name() < 0) {
                throw TidingsException.invalidInput(list + ": the list has no name column for --name; add 'name' to its"
                        + " header line (line 1) or leave --name out; nothing was added");
            }
        }

        @Override
        public byte[] row(CsvRecord row) {
            if (line == 0 && key(row.value(columns.email())).equals(key(email))) {
                line = row.line();
                status = SubscriberStatus.parse(columns.status() < 0 ? "" : row.value(columns.status()));
            }
            return row.bytes();
        }

        void refuseDuplicate() {
            if (line == 0) {
                return;
            }
            String state = status == null ? "with a status that is not a status" : status.label();
            String hint = status == SubscriberStatus.UNSUBSCRIBED
                    ? "; tidings does not subscribe an address that left: if they asked to come back, change its status in the list"
                    : "";
            throw TidingsException.invalidInput(list + ":" + line + ": " + email + " is already on the list (" + state + ")"
                    + hint + "; nothing was added");
        }

        @Override
        public byte[] end() {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < columns.count(); i++) {
                values.add(i == columns.email() ? email
                        : i == columns.name() && name != null ? name.strip()
                        : i == columns.status() ? SubscriberStatus.SUBSCRIBED.label() : "");
            }
            return CsvRecord.of(values, columns.lineEnd());
        }
    }

    private static final class Removal implements RowEdit {
        private final String key;
        private final List<Integer> lines = new ArrayList<>();
        private RowEdit.Columns columns;
        private SubscriberStatus before;

        Removal(String key) {
            this.key = key;
        }

        @Override
        public void header(RowEdit.Columns header) {
            this.columns = header;
        }

        @Override
        public byte[] row(CsvRecord row) {
            if (!key(row.value(columns.email())).equals(key)) {
                return row.bytes();
            }
            if (lines.isEmpty()) {
                before = SubscriberStatus.parse(columns.status() < 0 ? "" : row.value(columns.status()));
            }
            lines.add(row.line());
            return new byte[0];
        }
    }
}
