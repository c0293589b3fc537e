package dev.tidings.curate;

import java.util.List;

/**
 * A feed as read: its usable entries in the feed's order, and a line for each entry passed over
 * ("entry 3 (\"Title\"): no link"), for the command to report so that nothing vanishes unsaid.
 */
public record FeedRead(List<Bookmark> bookmarks, List<String> skipped) {
    public FeedRead {
        bookmarks = List.copyOf(bookmarks);
        skipped = List.copyOf(skipped);
    }
}
