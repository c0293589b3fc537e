package dev.tidings.curate;

import dev.tidings.digest.Image;
import dev.tidings.links.FetchFailure;
import dev.tidings.links.FetchedPage;
import dev.tidings.links.PageFetcher;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Drafts an item from what a page declares about itself, field by field, trusting the most
 * deliberate declaration first: schema.org JSON-LD (written for search engines, checked by their
 * tools), OpenGraph and Twitter cards (written for link previews), {@code <meta name="author">},
 * the {@code citation_*} tags of scholarly pages, and only then the {@code <title>} and the first
 * {@code <h1>}. What the page does not declare is left out and said in a note, never guessed.
 *
 * <p>The source is the publication as declared (JSON-LD's publisher, {@code og:site_name},
 * {@code citation_journal_title}), never made up from the host name: "medium.com" is not a
 * publication's name, and the editor knows the real one. The link is the canonical address when it
 * is on the host the page came from, else where the redirects ended (tracking parameters are the
 * appender's to remove).
 *
 * <p>A page that is not HTML (a PDF, an image) still gets an item: the editor asked for that link,
 * so it is titled from the address's last segment ("annual-report-2025.pdf") with a note to write a title.
 */
public final class PageDrafter {
    static final int TITLE_MAX = 300;
    static final int SUMMARY_MAX = 600;
    static final int NAME_MAX = 200;
    static final int URL_MAX = 2000;
    /** Beyond this many authors, "First Author et al.": a byline, not the paper's author list. */
    static final int AUTHORS_MAX = 3;

    private final PageFetcher fetcher;

    public PageDrafter(PageFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** Fetches {@code url} and drafts its item; a page that cannot be had is a Drafted with its failure, not an exception. */
    public Drafted draft(URI url) throws InterruptedException {
        try {
            return fromPage(fetcher.fetch(url));
        } catch (FetchFailure e) {
            return Drafted.failed(url, e.getMessage());
        }
    }

    /** The item a fetched page declares, with notes on what it does not. */
    public static Drafted fromPage(FetchedPage page) {
        if (!PageText.isHtml(page.contentType())) {
            return new Drafted(page.requested(), new DraftItem(fromAddress(page.finalUri()), landed(page.finalUri()), null, null, null, null),
                    List.of("not a web page (" + PageText.mediaType(page.contentType()) + "): title from the address; write one"), null);
        }
        Document document = PageText.parse(page);
        LinkedData.Found data = LinkedData.read(document);
        MetaTags meta = new MetaTags(document);
        List<String> notes = new ArrayList<>();
        String source = source(data, meta);
        String title = title(document, data, meta, siteNames(source, data, meta), notes);
        if (title == null) {
            title = fromAddress(page.finalUri());
            notes.add("no title declared: title from the address; write one");
        }
        String author = author(data, meta);
        if (author == null) {
            notes.add("no author declared");
        }
        String summary = summary(data, meta, notes);
        Image image = image(document, data, meta, title, notes);
        return new Drafted(page.requested(), new DraftItem(title, address(document, meta, page.finalUri()), author, source, summary, image), notes, null);
    }

    private static String source(LinkedData.Found data, MetaTags meta) {
        return FieldText.cut(firstText(data.publisher(), meta.first("og:site_name"), meta.first("citation_journal_title"),
                meta.first("citation_publisher"), data.siteName()), NAME_MAX);
    }

    /** The names a title may end (or start) with, to be cut: "Title | Site". */
    private static List<String> siteNames(String source, LinkedData.Found data, MetaTags meta) {
        return Stream.of(source, FieldText.clean(data.siteName()), FieldText.clean(meta.first("og:site_name")),
                FieldText.clean(data.publisher())).filter(Objects::nonNull).distinct().toList();
    }

    private static String title(Document document, LinkedData.Found data, MetaTags meta, List<String> sites, List<String> notes) {
        String declared = firstText(data.headline(), meta.first("og:title"), meta.first("twitter:title"), meta.first("citation_title"),
                data.pageName());
        if (declared == null) {
            declared = FieldText.clean(document.title());
            if (declared != null) {
                notes.add("title from <title> only");
            } else {
                Element h1 = document.selectFirst("h1");
                declared = h1 == null ? null : FieldText.clean(h1.text());
                if (declared != null) {
                    notes.add("title from the first <h1> only");
                }
            }
        }
        return declared == null ? null : FieldText.cut(FieldText.withoutSite(declared, sites), TITLE_MAX);
    }

    /** JSON-LD's authors, else the first meta tag that names someone (a profile's address is not a name; nor is a @handle). */
    private static String author(LinkedData.Found data, MetaTags meta) {
        String names = byline(data.authors().stream().map(FieldText::clean).filter(PageDrafter::isName).toList());
        if (names != null) {
            return names;
        }
        for (String key : List.of("article:author", "author", "sailthru.author", "parsely-author", "dc.creator")) {
            String name = meta.all(key).stream().map(FieldText::clean).filter(PageDrafter::isName).findFirst().orElse(null);
            if (name != null) {
                return FieldText.cut(name, NAME_MAX);
            }
        }
        return byline(meta.all("citation_author").stream().map(FieldText::clean).filter(PageDrafter::isName)
                .map(PageDrafter::givenNameFirst).toList());
    }

    private static boolean isName(String value) {
        return value != null && !FieldText.isAddress(value) && !value.startsWith("@");
    }

    /** "Curie, Marie" as "Marie Curie", the order a byline reads in; a name with more commas is left as written. */
    static String givenNameFirst(String name) {
        String[] parts = name.split(",");
        return parts.length == 2 && !parts[1].isBlank() ? parts[1].strip() + " " + parts[0].strip() : name;
    }

    private static String byline(List<String> names) {
        List<String> distinct = names.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return null;
        }
        String byline = distinct.size() > AUTHORS_MAX ? distinct.get(0) + " et al." : String.join(", ", distinct);
        return FieldText.cut(byline, NAME_MAX);
    }

    private static String summary(LinkedData.Found data, MetaTags meta, List<String> notes) {
        String description = firstText(data.description(), meta.first("og:description"), meta.first("twitter:description"),
                meta.first("description"), data.pageDescription(), meta.first("citation_abstract"));
        if (description == null) {
            notes.add("no description");
            return null;
        }
        if (description.length() > SUMMARY_MAX) {
            notes.add("description cut to " + SUMMARY_MAX + " characters");
        }
        return FieldText.cut(description, SUMMARY_MAX);
    }

    private static Image image(Document document, LinkedData.Found data, MetaTags meta, String title, List<String> notes) {
        String url = Stream.of(data.image(), meta.first("og:image:secure_url"), meta.first("og:image"), meta.first("og:image:url"),
                        meta.first("twitter:image"), meta.first("twitter:image:src"))
                .map(candidate -> webAddress(document, candidate)).filter(Objects::nonNull).findFirst().orElse(null);
        if (url == null) {
            notes.add("no image declared");
            return null;
        }
        String alt = firstText(meta.first("og:image:alt"), meta.first("twitter:image:alt"), data.imageCaption());
        if (alt == null) {
            notes.add("no alt text for the image: the title stands in; describe the image");
            alt = title;
        }
        return new Image(url, FieldText.cut(alt, TITLE_MAX));
    }

    /**
     * The canonical address ({@code <link rel="canonical">}, else {@code og:url}) when it is on the
     * host the page was fetched from (and not http for a page fetched over https), else where the
     * redirects ended: a page may tidy its own address (drop a tracking query, leave its AMP copy)
     * but not send the editor's link to another site, nor off TLS.
     */
    private static String address(Document document, MetaTags meta, URI finalUri) {
        List<String> candidates = new ArrayList<>();
        for (Element link : document.select("link[rel][href]")) {
            if (Arrays.stream(link.attr("rel").toLowerCase(Locale.ROOT).split("\\s+")).anyMatch("canonical"::equals)) {
                candidates.add(link.attr("href"));
            }
        }
        candidates.add(meta.first("og:url"));
        for (String candidate : candidates) {
            String url = webAddress(document, candidate);
            // Not from https down to http: a site behind a TLS proxy often declares http://, and the reader would be sent there.
            if (url != null && URI.create(url).getHost().equalsIgnoreCase(finalUri.getHost())
                    && !("http".equalsIgnoreCase(URI.create(url).getScheme()) && "https".equalsIgnoreCase(finalUri.getScheme()))) {
                return url;
            }
        }
        return landed(finalUri);
    }

    /** Where the redirects ended, without the user info a server's Location may carry: a link in the digest never has a password. */
    private static String landed(URI finalUri) {
        return UrlForm.withoutUserInfo(finalUri.toString(), "");
    }

    /** {@code value} resolved against the page's address when it is an http(s) address without user info, else null. */
    private static String webAddress(Document document, String value) {
        if (value == null || value.isBlank() || value.strip().length() > URL_MAX) {
            return null;
        }
        try {
            URI uri = new URI(document.location()).resolve(new URI(value.strip().replace(" ", "%20")));
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return web && uri.getHost() != null && uri.getRawUserInfo() == null ? uri.toString() : null;
        } catch (IllegalArgumentException | URISyntaxException e) {
            return null;
        }
    }

    /** "report-2025.pdf" from https://example.org/files/report-2025.pdf; the host when the path says nothing. */
    static String fromAddress(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String[] segments = path.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            String segment = FieldText.clean(URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8));
            if (segment != null) {
                return FieldText.cut(segment, TITLE_MAX);
            }
        }
        return uri.getHost();
    }

    private static String firstText(String... candidates) {
        for (String candidate : candidates) {
            String text = FieldText.clean(candidate);
            if (text != null) {
                return text;
            }
        }
        return null;
    }
}
