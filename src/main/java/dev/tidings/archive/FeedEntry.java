package dev.tidings.archive;

import java.time.LocalDate;
import java.util.List;

/**
 * An issue as both feeds describe it.
 *
 * @param url         the page, absolute; also its permanent id in both feeds
 * @param summary     plain text (the preheader or standfirst), or null
 * @param contentHtml the page's content, with absolute links
 * @param author      the author, or null (the feed's author, the newsletter, applies)
 * @param calendars   absolute URLs of the issue's .ics files
 */
record FeedEntry(String url, String title, String summary, String contentHtml, LocalDate date, String author,
                 List<String> calendars) {
}
