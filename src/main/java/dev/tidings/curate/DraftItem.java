package dev.tidings.curate;

import dev.tidings.digest.Image;

/**
 * An item drafted from what a page (or a feed entry) says about itself, before the editor has
 * written a word: what {@code tidings add} appends to {@code issue.items}.
 *
 * @param title   the page's headline, site suffix cut; never blank
 * @param url     the address to link to (tracking parameters removed by the appender)
 * @param author  the declared author, or null when the page declares none
 * @param source  the site or publication, or null
 * @param summary the page's own description as plain text, or null; a draft the editor rewrites
 * @param image   the page's image with its alt text, or null
 */
public record DraftItem(String title, String url, String author, String source, String summary, Image image) {
    public DraftItem {
        if (title == null || title.isBlank() || url == null || url.isBlank()) {
            throw new IllegalArgumentException("a drafted item needs a title and a url");
        }
    }
}
