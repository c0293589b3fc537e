package dev.tidings.digest;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * The content of one issue. Markdown fields are kept as source text; rendering converts them.
 *
 * @param id      stable identifier: output file names, Message-IDs and the send ledger use it
 * @param subject the Subject header; the title when the digest gives none
 * @param items   numbered from 1 in the order written
 * @param language the BCP 47 tag of this issue alone ({@code issue.language}), or null for the newsletter's
 */
public record Issue(
        String id,
        String title,
        String subject,
        String preheader,
        LocalDate date,
        Author author,
        String standfirst,
        String intro,
        Image image,
        List<Item> items,
        String closing,
        List<Section> sections,
        List<Callout> callouts,
        String language) {

    /**
     * The names {@code tidings archive} writes at the top of the site beside the issues'
     * directories (archive.Archive: the index and the two feeds), which no issue id may take: its
     * directory would stand where the file must go, and the archive would stop half written.
     * Lower case: ids are compared ignoring case, since on the file systems of macOS and Windows
     * Index.HTML is index.html.
     */
    public static final Set<String> ARCHIVE_NAMES = Set.of("index.html", "feed.xml", "feed.json");

    public Issue {
        items = List.copyOf(items);
        sections = List.copyOf(sections);
        callouts = List.copyOf(callouts);
    }
}
