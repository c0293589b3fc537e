package dev.tidings.archive;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A page's content for a feed reader: the body of the page with absolute links (a feed
 * travels without its page, so relative links would point nowhere) and without the elements the
 * page hides (the preheader), which readers that drop styles would otherwise show.
 */
final class FeedContent {
    private FeedContent() {
    }

    static String of(String pageHtml, String pageUrl) {
        Document page = Jsoup.parse(pageHtml, pageUrl);
        Element body = page.body();
        for (Element hidden : body.select("[style]")) {
            if (hidden.attr("style").replace(" ", "").toLowerCase(java.util.Locale.ROOT).contains("display:none")) {
                hidden.remove();
            }
        }
        for (Element link : body.select("a[href]")) {
            link.attr("href", link.absUrl("href"));
        }
        for (Element image : body.select("img[src]")) {
            image.attr("src", image.absUrl("src"));
        }
        return body.html();
    }
}
