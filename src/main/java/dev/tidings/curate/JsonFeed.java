package dev.tidings.curate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.links.FetchedPage;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/), read with Jackson. Version 1.1
 * replaced the item's {@code author} object by an {@code authors} array; both are read, the
 * item's before the feed's (the spec: an item without authors has the feed's).
 */
final class JsonFeed {
    private static final String VERSION_PREFIX = "https://jsonfeed.org/version/";

    private JsonFeed() {
    }

    static FeedRead read(FetchedPage page) throws FeedFailure {
        JsonNode feed = parse(page.body());
        if (!feed.path("version").asText("").startsWith(VERSION_PREFIX) || !feed.path("items").isArray()) {
            throw new FeedFailure("not a feed (JSON, but not a JSON Feed: it has no \"version\": \"" + VERSION_PREFIX
                    + "1.1\" and \"items\")");
        }
        FeedEntries entries = new FeedEntries(page.finalUri(), text(feed.path("home_page_url")));
        String feedAuthor = author(feed);
        for (JsonNode item : feed.path("items")) {
            String author = author(item);
            entries.add(entries.base(), FeedText.plain(text(item.path("title"))), link(item),
                    author != null ? author : feedAuthor, date(item), summary(item));
        }
        return entries.read();
    }

    private static JsonNode parse(byte[] body) throws FeedFailure {
        try {
            return new ObjectMapper().readTree(body);
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new FeedFailure("malformed JSON" + (line > 0 ? " at line " + line : "") + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new FeedFailure("cannot be read as JSON (" + e.getMessage() + ")");
        }
    }

    /**
     * The spec's {@code external_url} is "the URL of a page elsewhere ... especially useful for
     * linkblogs": in a bookmarks feed that is the page bookmarked, and {@code url} the post about it.
     */
    private static String link(JsonNode item) {
        String external = text(item.path("external_url"));
        return external != null ? external : text(item.path("url"));
    }

    /** All the authors, "Nic Laycock, A. Coauthor": 1.1's array, else 1.0's single author; null when none is named. */
    private static String author(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (JsonNode author : node.path("authors")) {
            String name = FeedText.plain(text(author.path("name")));
            if (name != null) {
                names.add(name);
            }
        }
        return names.isEmpty() ? FeedText.plain(text(node.path("author").path("name"))) : String.join(", ", names);
    }

    /** RFC 3339 dates; one that does not parse is no date, not a broken feed. */
    private static Instant date(JsonNode item) {
        String date = text(item.path("date_published"));
        if (date == null) {
            date = text(item.path("date_modified"));
        }
        try {
            return date == null ? null : OffsetDateTime.parse(date.strip()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String summary(JsonNode item) {
        String summary = FeedText.plain(text(item.path("summary")));
        if (summary == null) {
            summary = FeedText.plain(text(item.path("content_text")));
        }
        return summary != null ? summary : FeedText.fromHtml(text(item.path("content_html")));
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
