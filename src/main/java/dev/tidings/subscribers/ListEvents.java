package dev.tidings.subscribers;

import java.io.IOException;

/**
 * The seam between the reader's side ({@code serve}) and the list: where acknowledged events go.
 * The real one is a journal beside the list, fsynced before {@link #record} returns (an HTTP 200 is
 * sent only after it returns, so {@code kill -9} loses nothing acknowledged) and applied to the CSV
 * in batches; tests may use a list in memory.
 */
public interface ListEvents {
    /** Returns only when the event is durable; throws when it could not be made so (answer 503). */
    void record(ListEvent event) throws IOException;
}
