package dev.tidings.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Text that is markup in XML or JSON comes back from both feeds as the same text. */
class FeedsTest {
    private static final String TRICKY = "Tips & <tricks> \"quoted\" 'single' ]]> Zoë \uD83D\uDCEC";
    private static final FeedInfo INFO = new FeedInfo("News & <views>", "https://example.org/archive/", "https://example.org/?a=1&b=2");
    private static final FeedEntry ENTRY = new FeedEntry("https://example.org/archive/one/", TRICKY, TRICKY,
            "<p>" + "Tips &amp; &lt;tricks&gt; ]]&gt;" + "</p>", LocalDate.of(2026, 12, 1), "Ann <Editor>", List.of());

    @Test
    void atomEscapesEveryTextAndAttribute() throws Exception {
        SyndFeed feed = new SyndFeedInput().build(new StringReader(AtomFeed.write(INFO, List.of(ENTRY))));

        assertEquals("News & <views>", feed.getTitle());
        SyndEntry entry = feed.getEntries().get(0);
        assertEquals(TRICKY, entry.getTitle());
        assertEquals(TRICKY, entry.getDescription().getValue());
        assertEquals(ENTRY.contentHtml(), entry.getContents().get(0).getValue());
        assertEquals("Ann <Editor>", entry.getAuthor());
    }

    @Test
    void jsonFeedKeepsTheSameText() throws Exception {
        JsonNode feed = new ObjectMapper().readTree(JsonFeed.write(INFO, List.of(ENTRY)));

        assertEquals("News & <views>", feed.path("title").asText());
        assertEquals(TRICKY, feed.path("items").path(0).path("title").asText());
        assertEquals(ENTRY.contentHtml(), feed.path("items").path(0).path("content_html").asText());
        assertEquals("2026-12-01T00:00:00Z", feed.path("items").path(0).path("date_published").asText());
    }
}
