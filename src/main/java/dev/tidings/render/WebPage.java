package dev.tidings.render;

import java.util.List;

/**
 * An issue as a page of the web archive: the email's HTML without anything personal, and the
 * .ics files of its events, which the page links to beside it.
 */
public record WebPage(String html, List<CalendarFile> calendars) {
}
