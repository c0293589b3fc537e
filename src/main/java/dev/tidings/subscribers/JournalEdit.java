package dev.tidings.subscribers;

import java.io.ByteArrayOutputStream;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one batch of journal events does to the list, in one pass over its records (run once to
 * plan, which says the columns it needs, and once to write).
 *
 * <ul>
 * <li>SUBSCRIBED sets every row of the address {@code subscribed} (a confirmed double opt-in
 * outweighs an earlier unsubscribe or bounce: the reader just clicked a link delivered to that
 * mailbox) and records the consent in {@code consent_at} (ISO 8601 UTC) and
 * {@code consent_source}; an address not on the list gets a row at the end, with its name.
 * <li>UNSUBSCRIBED sets every row of the address {@code unsubscribed}. An address not on the
 * list gets no row: its token came from a message sent from the list, so it was removed since
 * ({@code subscribers remove}, perhaps an erasure request), and writing it back would undo that.
 * <li>A resubscribe (SUBSCRIBED from the undo on the unsubscribe page, {@link ListEvent#isResubscribe})
 * sets only {@code unsubscribed} rows back to {@code subscribed}, keeping their consent columns: it
 * is no new consent (red team 19, finding 1). A bounced row stays bounced, and an address not on the
 * list gets no row, for the reason above.
 * </ul>
 * Missing columns are added at the end of the header, and only to the rows that change, as the
 * editor adds {@code status}: other rows keep their bytes and read as before (short rows read as
 * empty cells). A row with more values than the header has columns is left alone, as the editor
 * leaves it (the reader calls it invalid, and {@code send} refuses or skips it).
 */
final class JournalEdit {
    /** The columns a batch needs to add; null while planning. */
    record Needs(boolean status, boolean consent, boolean name) {
    }

    private final Map<String, ListEvent> batch;
    private final Needs needs;
    private final Set<String> found = new HashSet<>();
    private boolean changed;
    private int email;
    private int name;
    private int status;
    private int consentAt;
    private int consentSource;
    private int original;
    private int count;
    private byte[] lineEnd;

    JournalEdit(Map<String, ListEvent> batch, Needs needs) {
        this.batch = batch;
        this.needs = needs;
    }

    /** The header as written: with the columns the batch needs appended. */
    byte[] header(CsvRecord header) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < header.fields(); i++) {
            names.add(header.value(i).toLowerCase(Locale.ROOT));
        }
        lineEnd = header.lineEnd().length > 0 ? header.lineEnd() : new byte[]{'\n'};
        original = names.size();
        email = names.indexOf("email");
        CsvRecord written = header;
        if (needs != null) {
            written = column(written, names, "name", needs.name());
            written = column(written, names, "status", needs.status());
            written = column(written, names, "consent_at", needs.consent());
            written = column(written, names, "consent_source", needs.consent());
        }
        name = names.indexOf("name");
        status = names.indexOf("status");
        consentAt = names.indexOf("consent_at");
        consentSource = names.indexOf("consent_source");
        count = names.size();
        changed |= written != header;
        return written.bytes();
    }

    private static CsvRecord column(CsvRecord header, List<String> names, String column, boolean needed) {
        if (!needed || names.contains(column)) {
            return header;
        }
        names.add(column);
        return header.withValue(names.size() - 1, column);
    }

    byte[] row(CsvRecord row) {
        String key = SubscriberListEditor.key(row.value(email));
        ListEvent event = batch.get(key);
        if (event == null || row.fields() > original || event.isResubscribe() && !unsubscribed(row)) {
            return row.bytes();
        }
        found.add(key);
        if (needs == null || status < 0) {
            return row.bytes();
        }
        CsvRecord edited = row.withValue(status, label(event));
        if (event.kind() == ListEvent.Kind.SUBSCRIBED && !event.isResubscribe()) {
            edited = edited.withValue(consentAt, consentTime(event)).withValue(consentSource, event.source());
        }
        changed |= !java.util.Arrays.equals(edited.bytes(), row.bytes());
        return edited.bytes();
    }

    /** The rows of subscriptions whose address no row has, to append. */
    byte[] end() {
        if (needs == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, ListEvent> entry : batch.entrySet()) {
            ListEvent event = entry.getValue();
            if (!adds(event) || found.contains(entry.getKey())) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                values.add(i == email ? event.email().strip()
                        : i == name && event.name() != null ? event.name().strip()
                        : i == status ? label(event)
                        : i == consentAt ? consentTime(event)
                        : i == consentSource ? event.source() : "");
            }
            out.writeBytes(CsvRecord.of(values, lineEnd));
            changed = true;
        }
        return out.toByteArray();
    }

    /** After planning: the columns to add. A batch that changes nothing adds none. */
    Needs needs() {
        boolean adds = batch.entrySet().stream()
                .anyMatch(e -> adds(e.getValue()) && !found.contains(e.getKey()));
        boolean named = batch.entrySet().stream()
                .anyMatch(e -> adds(e.getValue()) && !found.contains(e.getKey()) && e.getValue().name() != null);
        boolean subscribes = found.stream().anyMatch(k -> adds(batch.get(k))) || adds;
        return new Needs(!found.isEmpty() || adds, subscribes, named);
    }

    boolean changed() {
        return changed;
    }

    byte[] lineEnd() {
        return lineEnd;
    }

    /** A confirmed signup: it records consent, and adds a row for an address the list lacks. */
    private static boolean adds(ListEvent event) {
        return event.kind() == ListEvent.Kind.SUBSCRIBED && !event.isResubscribe();
    }

    private boolean unsubscribed(CsvRecord row) {
        return status >= 0 && SubscriberStatus.parse(row.value(status)) == SubscriberStatus.UNSUBSCRIBED;
    }

    private static String label(ListEvent event) {
        return (event.kind() == ListEvent.Kind.SUBSCRIBED ? SubscriberStatus.SUBSCRIBED : SubscriberStatus.UNSUBSCRIBED).label();
    }

    private static String consentTime(ListEvent event) {
        return event.at().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
