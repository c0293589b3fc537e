package dev.tidings.curate;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The entries of one feed gathered into bookmarks, whatever the format: links made absolute and
 * kept only when http(s), entries without one noted, and authors kept only when they are the
 * pages' authors.
 *
 * <p>A bookmarks feed names who bookmarked, not who wrote: Pinboard's RSS 1.0 puts the user name in
 * every {@code dc:creator}, a link blog's Atom or JSON Feed its owner in every author. An item
 * crediting the editor's user name with a newspaper's article would be wrong in print, and the
 * page, when fetched, declares its real author anyway. So when every entry that links off the
 * feed's own site names the same author, that author is the feed's owner and is dropped. A blog's
 * feed (entries on its own site) and Feedbin's starred items (each its own author) keep theirs.
 */
final class FeedEntries {
    private static final int QUOTE_MAX = 80;

    private final URI base;
    private final String siteHost;
    private final List<Bookmark> bookmarks = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final Map<URI, Integer> seen = new HashMap<>();
    private int count;

    /**
     * @param base the address the feed came from (after redirects): relative links resolve against it (RFC 3986, 5.1.3)
     * @param site the feed's own site as it declares it (RSS channel link, Atom alternate link, JSON Feed
     *             home_page_url), or null: then the feed's address stands for it
     */
    FeedEntries(URI base, String site) {
        this.base = base;
        URI siteUri = site == null ? null : resolve(base, site);
        this.siteHost = host(siteUri != null && siteUri.getHost() != null ? siteUri : base);
    }

    URI base() {
        return base;
    }

    /** One entry; {@code entryBase} is the base its links resolve against (Atom's xml:base), else {@link #base()}. */
    void add(URI entryBase, String title, String href, String author, Instant published, String summary) {
        count++;
        String name = "entry " + count + (title == null ? "" : " (\"" + quote(title) + "\")");
        if (href == null || href.isBlank()) {
            skipped.add(name + ": no link");
            return;
        }
        URI link = resolve(entryBase, href);
        if (link == null) {
            skipped.add(name + ": \"" + quote(href) + "\" is not a link");
        } else if (!isWeb(link)) {
            skipped.add(name + ": " + quote(href) + " is not an http or https link");
        } else if (seen.containsKey(link)) {
            // bookmarked twice (or a feed listing an entry again after an edit): one item, not two
            skipped.add(name + ": the same link as entry " + seen.get(link));
        } else {
            seen.put(link, count);
            bookmarks.add(new Bookmark(FeedText.capped(title, FeedText.TITLE_MAX), link,
                    FeedText.capped(author, FeedText.AUTHOR_MAX), published, FeedText.capped(summary, FeedText.SUMMARY_MAX)));
        }
    }

    FeedRead read() {
        List<Bookmark> offSite = bookmarks.stream().filter(b -> !host(b.link()).equals(siteHost)).toList();
        boolean ownerNamed = !offSite.isEmpty() && offSite.get(0).author() != null
                && offSite.stream().allMatch(b -> Objects.equals(b.author(), offSite.get(0).author()));
        if (!ownerNamed) {
            return new FeedRead(bookmarks, skipped);
        }
        List<Bookmark> kept = bookmarks.stream().map(b -> offSite.contains(b)
                ? new Bookmark(b.title(), b.link(), null, b.published(), b.summary()) : b).toList();
        return new FeedRead(kept, skipped);
    }

    /** {@code href} made absolute against {@code against}; null when it is not a URI even with its spaces escaped. */
    static URI resolve(URI against, String href) {
        String trimmed = href.strip().replace(" ", "%20").replace("|", "%7C");
        try {
            URI uri = new URI(trimmed);
            if (uri.isAbsolute() || against == null) {
                return asciiHost(uri);
            }
            // URI.resolve gives "http://example.orgpage" for a base without a path.
            URI base = against.getRawPath() == null || against.getRawPath().isEmpty()
                    ? new URI(against.getScheme(), against.getRawAuthority(), "/", null, null) : against;
            return base.resolve(uri);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** java.net.URI knows only ASCII host names: an internationalised one (bücher.example) in its ASCII form (RFC 3492). */
    private static URI asciiHost(URI uri) throws URISyntaxException {
        if (uri.getHost() != null || uri.getRawAuthority() == null) {
            return uri;
        }
        String authority = uri.getRawAuthority();
        return new URI(uri.toString().replace(authority, IDN.toASCII(authority, IDN.ALLOW_UNASSIGNED)));
    }

    private static boolean isWeb(URI link) {
        String scheme = link.getScheme() == null ? "" : link.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && link.getHost() != null;
    }

    private static String host(URI uri) {
        String host = uri == null || uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("www.") ? host.substring(4) : host;
    }

    /** What the command prints of a feed's words: one line, no control character (a JSON href can hold ESC, a terminal's command). */
    private static String quote(String text) {
        String line = FeedText.plain(text);
        return line == null ? "" : FeedText.capped(line, QUOTE_MAX);
    }
}
