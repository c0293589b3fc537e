package dev.tidings.subscribers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one operation of {@link SubscriberListEditor} does with each row of the list, in one pass
 * over its records: the same edit runs once to plan (nothing written) and once to write.
 */
interface RowEdit {
    /** Called first, with where the columns are. */
    void header(Columns columns);

    /** The bytes to write for this row: the row itself, the row edited, or none (removed). */
    byte[] row(CsvRecord row);

    /** Bytes to add at the end of the list. */
    default byte[] end() {
        return new byte[0];
    }

    /** Where the columns the editor needs are; {@code status} is -1 when the list has none. */
    record Columns(int email, int name, int status, int count, byte[] lineEnd) {
        static Columns of(CsvRecord header, boolean addStatusColumn) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < header.fields(); i++) {
                names.add(header.value(i).toLowerCase(Locale.ROOT));
            }
            byte[] lineEnd = header.lineEnd().length > 0 ? header.lineEnd() : new byte[]{'\n'};
            int status = addStatusColumn ? names.size() : names.indexOf("status");
            return new Columns(names.indexOf("email"), names.indexOf("name"), status, names.size(), lineEnd);
        }
    }
}
