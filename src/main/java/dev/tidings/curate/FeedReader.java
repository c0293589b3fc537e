package dev.tidings.curate;

import dev.tidings.links.FetchedPage;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The editor's bookmarks feed, fetched, read into bookmarks: RSS 0.9x/2.0, RSS 1.0 (Pinboard's),
 * Atom 1.0 ({@link XmlFeed}) or JSON Feed 1.0/1.1 ({@link JsonFeed}). Which one is decided by the
 * body, not the Content-Type, which servers get wrong both ways (feeds sent as text/html, pages
 * as text/xml): an HTML page given as a feed is named as such, with the feed it links to if any,
 * since pasting a blog's address instead of its feed's is the likeliest mistake.
 */
public final class FeedReader {
    private static final Pattern HTML_START = Pattern.compile(
            "(?is)\\A(<\\?xml[^>]*>\\s*)?(<!--.*?-->\\s*)*<(!doctype\\s+html|html|head|body)[\\s>].*");
    private static final int SNIFF_BYTES = 1024;

    private FeedReader() {
    }

    /** The feed's entries, in its order, and those passed over; a {@link FeedFailure} when it is no feed at all. */
    public static FeedRead read(FetchedPage feed) throws FeedFailure {
        String start = start(feed.body());
        if (start.isEmpty()) {
            throw new FeedFailure(feed.body().length == 0 ? "empty (the server sent no bytes)" : "empty (only white space)");
        }
        if (start.startsWith("{") || start.startsWith("[")) {
            return JsonFeed.read(feed);
        }
        if (HTML_START.matcher(start).matches()) {
            throw new FeedFailure(notAFeed(feed));
        }
        if (start.startsWith("<")) {
            return XmlFeed.read(feed);
        }
        String firstLine = FeedText.plain(start.lines().findFirst().orElse("")); // no control character reaches the terminal
        throw new FeedFailure("not a feed (neither XML nor JSON: it begins \"" + FeedText.capped(firstLine, 40) + "\")");
    }

    /** The body's first bytes as text, byte-order mark and leading white space removed. */
    private static String start(byte[] body) {
        int length = Math.min(body.length, SNIFF_BYTES);
        Charset charset = StandardCharsets.UTF_8; // only for deciding, and for quoting the start of what is no feed
        int skip = 0;
        if (length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            skip = 3;
        } else if (length >= 2 && ((body[0] & 0xFF) == 0xFE || (body[0] & 0xFF) == 0xFF)) {
            charset = StandardCharsets.UTF_16; // reads the BOM and drops it
        }
        return new String(body, skip, length - skip, charset).stripLeading();
    }

    private static String notAFeed(FetchedPage page) {
        Document html;
        try {
            html = Jsoup.parse(new ByteArrayInputStream(page.body()), null, page.finalUri().toString());
        } catch (IOException e) {
            return "not a feed (it is an HTML page)";
        }
        String title = FeedText.plain(html.title());
        String what = "not a feed (it is an HTML page" + (title == null ? "" : ": \"" + title + "\"") + ")";
        Element link = html.selectFirst("link[rel~=(?i)alternate][type~=(?i)^application/(rss|atom|feed)\\+(xml|json)$][href]");
        String feed = link == null ? null : FeedText.plain(link.absUrl("href"));
        return feed == null ? what : what + "; the page names its feed: " + feed;
    }
}
