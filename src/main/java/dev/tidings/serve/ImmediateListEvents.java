package dev.tidings.serve;

import dev.tidings.TidingsException;
import dev.tidings.subscribers.ListEdit;
import dev.tidings.subscribers.ListEvent;
import dev.tidings.subscribers.ListEvents;
import dev.tidings.subscribers.ListOutcome;
import dev.tidings.subscribers.SubscriberListEditor;
import dev.tidings.subscribers.SubscriberStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The simplest correct {@link ListEvents}: each event applied to the CSV at once, one at a time,
 * through {@link SubscriberListEditor} (its atomic, byte-preserving rewrite and its "list changed
 * meanwhile" rule), so it is durable when {@link #record} returns. One rewrite of the whole list per
 * event: right, but slow on a big list; the journal (issue 19, fsynced and applied in batches)
 * replaces it.
 *
 * <p>A confirmed signup sets an address already on the list to {@code subscribed} (also one that
 * had left: they asked again, twice over), or adds a row; the name goes in only when the list has a
 * name column and the editor accepts it. The consent time and source are not yet written to the
 * list (the journal keeps them).
 */
public final class ImmediateListEvents implements ListEvents {
    private final Path list;

    public ImmediateListEvents(Path list) {
        this.list = list;
    }

    @Override
    public synchronized void record(ListEvent event) throws IOException {
        try {
            SubscriberListEditor editor = new SubscriberListEditor(list);
            if (event.kind() == ListEvent.Kind.UNSUBSCRIBED) {
                editor.setStatuses(Map.of(event.email(), SubscriberStatus.UNSUBSCRIBED), false);
                return;
            }
            ListEdit edit = editor.setStatuses(Map.of(event.email(), SubscriberStatus.SUBSCRIBED), false);
            if (edit.count(ListOutcome.Result.NOT_ON_LIST) > 0) {
                add(editor, event);
            }
        } catch (TidingsException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void add(SubscriberListEditor editor, ListEvent event) {
        if (event.name() != null) {
            try {
                editor.add(event.email(), event.name(), false);
                return;
            } catch (TidingsException refusedName) {
                // no name column, or a name the editor will not write: the address alone
            }
        }
        editor.add(event.email(), null, false);
    }
}
