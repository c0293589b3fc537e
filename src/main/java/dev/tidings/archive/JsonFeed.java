package dev.tidings.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** A JSON Feed 1.1 (https://jsonfeed.org/version/1.1), with the same entries and dates as the Atom feed. */
final class JsonFeed {
    static final String VERSION = "https://jsonfeed.org/version/1.1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFeed() {
    }

    static String write(FeedInfo info, List<FeedEntry> newestFirst) {
        ObjectNode feed = JSON.createObjectNode();
        feed.put("version", VERSION);
        feed.put("title", info.title());
        feed.put("home_page_url", info.homeUrl());
        feed.put("feed_url", info.jsonUrl());
        feed.put("language", "en");
        ObjectNode author = feed.putArray("authors").addObject().put("name", info.title());
        if (info.website() != null) {
            author.put("url", info.website());
        }
        ArrayNode items = feed.putArray("items");
        for (FeedEntry entry : newestFirst) {
            ObjectNode item = items.addObject();
            item.put("id", entry.url());
            item.put("url", entry.url());
            item.put("title", entry.title());
            item.put("content_html", entry.contentHtml());
            if (entry.summary() != null) {
                item.put("summary", entry.summary());
            }
            item.put("date_published", DateTimeFormatter.ISO_INSTANT.format(entry.date().atStartOfDay().toInstant(ZoneOffset.UTC)));
            if (entry.author() != null) {
                item.putArray("authors").addObject().put("name", entry.author());
            }
            if (!entry.calendars().isEmpty()) {
                ArrayNode attachments = item.putArray("attachments");
                for (String calendar : entry.calendars()) {
                    attachments.addObject().put("url", calendar).put("mime_type", "text/calendar");
                }
            }
        }
        try {
            return JSON.writeValueAsString(feed) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON feed", e);
        }
    }
}
