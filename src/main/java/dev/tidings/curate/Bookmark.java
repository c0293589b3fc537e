package dev.tidings.curate;

import java.net.URI;
import java.time.Instant;

/**
 * One entry of the editor's bookmarks feed, as {@link FeedReader} read it.
 *
 * @param title     the entry's title as plain text (at most 300 characters), or null when the feed gives none
 * @param link      the bookmarked page, absolute, http or https
 * @param author    who wrote the page, or null when the feed does not say; never the one who bookmarked it
 *                  (see {@link FeedReader}: Pinboard's {@code dc:creator} is the bookmarker's user name)
 * @param published when the entry was published (bookmarked), or null when the feed gives no date or one
 *                  that cannot be read
 * @param summary   the entry's description as plain text (never markup), at most 500 characters, or null
 */
public record Bookmark(String title, URI link, String author, Instant published, String summary) {
    public Bookmark {
        if (link == null || !link.isAbsolute()) {
            throw new IllegalArgumentException("a bookmark needs an absolute link: " + link);
        }
    }

    /**
     * The item drafted from the feed's own words, for when the page itself cannot be fetched: its
     * title (the link when the entry has none), link, author and summary; no source or image, which
     * only the page declares.
     */
    public DraftItem fallbackItem() {
        String url = link.toString();
        return new DraftItem(title == null || title.isBlank() ? url : title, url, author, null, summary, null);
    }
}
