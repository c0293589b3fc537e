package dev.tidings.archive;

import dev.tidings.TidingsException;
import dev.tidings.digest.Digest;
import dev.tidings.render.CalendarFile;
import dev.tidings.render.TemplateSet;
import dev.tidings.render.WebPage;
import dev.tidings.render.WebRenderer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the static site of a newsletter's issues:
 * <pre>
 * index.html            the issues, newest first
 * feed.xml, feed.json   Atom (RFC 4287) and JSON Feed 1.1, the newest issues
 * ISSUE-ID/index.html   each issue's page: the email without anything personal
 * ISSUE-ID/NAME.ics     its call-outs' events, which the page and the email link to
 * </pre>
 * Every page carries its canonical URL and the tags of a shared link's preview (OpenGraph, Twitter
 * cards), made from the site's public URL, and a subscribe box when the newsletter says where
 * {@code tidings serve} takes signups. With search, the index also holds the static search
 * ({@link dev.tidings.render.SearchIndex}); without it, no page has any script.
 * URLs are stable by issue id, which is what the email's "View in browser" link relies on.
 */
public final class Archive {
    /** Feeds carry the newest issues only: readers fetch them often, and the index lists the rest. */
    public static final int DEFAULT_FEED_SIZE = 20;

    private final WebRenderer renderer = new WebRenderer();
    private final Function<Digest, TemplateSet> themes;
    private final int feedSize;
    private final boolean search;

    /**
     * @param themes the theme of each digest (its own, or one the editor chose for all)
     * @param search whether the index gets the static search ({@code archive --search})
     */
    public Archive(Function<Digest, TemplateSet> themes, int feedSize, boolean search) {
        this.themes = themes;
        this.feedSize = feedSize;
        this.search = search;
    }

    /**
     * The site's files for these valid digests.
     *
     * @param baseUrl the site's public URL, or null for the newest issue's {@code newsletter.archive_url}
     * @throws TidingsException (invalid input) for two digests with the same issue id, or no URL to build feeds with
     */
    public List<SiteFile> build(List<Digest> digests, String baseUrl) {
        List<Digest> newestFirst = newestFirst(digests);
        String home = home(newestFirst.get(0), baseUrl);
        List<SiteFile> files = new ArrayList<>();
        List<FeedEntry> entries = new ArrayList<>();
        for (Digest digest : newestFirst) {
            String id = digest.issue().id();
            String url = home + id + "/";
            WebPage page = renderer.page(digest, themes.apply(digest), home);
            files.add(SiteFile.text(id + "/index.html", page.html()));
            List<String> calendars = new ArrayList<>();
            for (CalendarFile calendar : page.calendars()) {
                files.add(new SiteFile(id + "/" + calendar.fileName(), calendar.bytes()));
                calendars.add(url + calendar.fileName());
            }
            if (entries.size() < feedSize) {
                entries.add(entry(digest, url, page, calendars));
            }
        }
        files.add(SiteFile.text("index.html", renderer.index(newestFirst, themes.apply(newestFirst.get(0)), home, search)));
        FeedInfo info = new FeedInfo(newestFirst.get(0).newsletter().name(), home, newestFirst.get(0).newsletter().website());
        files.add(SiteFile.text(WebRenderer.ATOM_FEED, AtomFeed.write(info, entries)));
        files.add(SiteFile.text(WebRenderer.JSON_FEED, JsonFeed.write(info, entries)));
        return files;
    }

    /** By date, newest first; issues of the same day by id, so that the order never depends on the command line. */
    private static List<Digest> newestFirst(List<Digest> digests) {
        if (digests.isEmpty()) {
            throw TidingsException.usage("no digest to archive");
        }
        Map<String, Digest> byId = new HashMap<>();
        for (Digest digest : digests) {
            Digest earlier = byId.putIfAbsent(digest.issue().id(), digest);
            if (earlier != null) {
                throw TidingsException.invalidInput(digest.source() + ": issue.id: \"" + digest.issue().id()
                        + "\" is also the id of " + earlier.source() + "; each issue needs its own id (its URL in the archive)");
            }
        }
        return digests.stream()
                .sorted(Comparator.comparing((Digest d) -> d.issue().date()).thenComparing(d -> d.issue().id()).reversed())
                .toList();
    }

    private static String home(Digest newest, String baseUrl) {
        String home = baseUrl != null ? baseUrl : newest.newsletter().archiveUrl();
        if (home == null) {
            throw TidingsException.invalidInput(newest.source() + ": newsletter.archive_url is not set, and the feeds need"
                    + " the site's public URL; set it in the digest or pass --base-url URL");
        }
        return home.endsWith("/") ? home : home + "/";
    }

    private static FeedEntry entry(Digest digest, String url, WebPage page, List<String> calendars) {
        var issue = digest.issue();
        String summary = issue.preheader() != null ? issue.preheader() : null;
        return new FeedEntry(url, issue.title(), summary, FeedContent.of(page.html(), url), issue.date(),
                issue.author() == null ? null : issue.author().name(), List.copyOf(calendars));
    }
}
