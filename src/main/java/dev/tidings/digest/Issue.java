package dev.tidings.digest;

import java.time.LocalDate;
import java.util.List;

/**
 * The content of one issue. Markdown fields are kept as source text; rendering converts them.
 *
 * @param id      stable identifier: output file names, Message-IDs and the send ledger use it
 * @param subject the Subject header; the title when the digest gives none
 * @param items   numbered from 1 in the order written
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
        List<Callout> callouts) {

    public Issue {
        items = List.copyOf(items);
        sections = List.copyOf(sections);
        callouts = List.copyOf(callouts);
    }
}
