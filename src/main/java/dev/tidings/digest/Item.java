package dev.tidings.digest;

import java.util.List;

/**
 * One curated article.
 *
 * @param number  position in the issue, from 1
 * @param source  the blog or publication, or null
 * @param summary Markdown, or null
 * @param quotes  plain text passages quoted from the article
 * @param comment the editor's Markdown comment, or null
 * @param draft   the summary is still the page's own description, as {@code tidings add} drafted it
 */
public record Item(
        int number,
        String title,
        String url,
        String author,
        String source,
        String summary,
        List<String> quotes,
        String comment,
        Image image,
        boolean draft) {

    public Item {
        quotes = List.copyOf(quotes);
    }
}
