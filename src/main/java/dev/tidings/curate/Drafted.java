package dev.tidings.curate;

import java.net.URI;
import java.util.List;

/**
 * What became of one address given to {@code tidings add}: an item drafted from the page, with
 * notes on what the page did not declare ("no author declared", "title from &lt;title&gt; only"),
 * or the reason no page could be had.
 *
 * @param requested the address as given
 * @param item      the drafted item; null exactly when {@code failure} is set
 * @param notes     what was not found or was guessed, for the editor to fill in; empty when all was declared
 * @param failure   why the page could not be fetched ("answered 404 Not Found", "larger than 2 MB"), or null
 */
public record Drafted(URI requested, DraftItem item, List<String> notes, String failure) {
    public Drafted {
        notes = List.copyOf(notes);
        if ((item == null) == (failure == null)) {
            throw new IllegalArgumentException("a draft has an item or a failure, not both or neither");
        }
    }

    static Drafted failed(URI requested, String failure) {
        return new Drafted(requested, null, List.of(), failure);
    }
}
