package dev.tidings.curate;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.rss.Guid;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.ParsingFeedException;
import com.rometools.rome.io.WireFeedInput;
import com.rometools.rome.io.XmlReader;
import dev.tidings.links.FetchedPage;
import org.jsoup.parser.Parser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

/**
 * RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom read with ROME. RSS goes through ROME's common model, which
 * already merges {@code pubDate} with {@code dc:date} and {@code author} with {@code dc:creator};
 * Atom is read from its own model, for what the common one loses: which link is
 * {@code rel="alternate"} (RFC 4287, 4.2.7.2; not self, related or enclosure) and {@code xml:base}.
 *
 * <p>ROME's WireFeedInput refuses any DOCTYPE by default (since ROME 1.5.1, against XML external
 * entities naming local files) and turns off external entities and DTD loading: a
 * hostile feed can neither read a file nor expand entities without end. We keep that default
 * (never {@code setAllowDoctypes(true)}), at the cost of RSS 0.91 Netscape feeds, which need their DTD.
 */
final class XmlFeed {
    private static final Pattern MARKUP = Pattern.compile("</?[a-zA-Z][^>]*>");
    private static final Pattern DOCTYPE_FIRST = Pattern.compile("(?is)(\\xEF\\xBB\\xBF)?(\\s|<\\?.*?\\?>|<!--.*?-->)*<!DOCTYPE");

    private XmlFeed() {
    }

    static FeedRead read(FetchedPage page) throws FeedFailure {
        WireFeed wire = parse(page);
        if (wire instanceof Feed atom) {
            return atom(atom, page.finalUri());
        }
        return rss(new SyndFeedImpl(wire, true), page.finalUri());
    }

    private static WireFeed parse(FetchedPage page) throws FeedFailure {
        WireFeedInput input = new WireFeedInput();
        try (Reader reader = reader(page)) {
            return input.build(reader);
        } catch (ParsingFeedException e) {
            throw new FeedFailure(parsingFailure(e, page.body()));
        } catch (IllegalArgumentException e) {
            // ROME's word for well-formed XML that no parser claims: "Invalid document".
            throw new FeedFailure("not a feed (XML, but not RSS or Atom)");
        } catch (FeedException e) {
            throw new FeedFailure("not a usable feed (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new FeedFailure("cannot be decoded (" + e.getMessage() + ")");
        }
    }

    /** The charset from the BOM, the XML declaration and the Content-Type, as RFC 7303 orders them; lenient on conflicts. */
    private static Reader reader(FetchedPage page) throws IOException {
        ByteArrayInputStream bytes = new ByteArrayInputStream(page.body());
        return page.contentType() == null ? new XmlReader(bytes, true) : new XmlReader(bytes, page.contentType(), true);
    }

    /** The parser's words are the JDK's, and may be in the machine's language: a DOCTYPE is recognised in the bytes too. */
    private static String parsingFailure(ParsingFeedException e, byte[] body) {
        String cause = e.getCause() == null || e.getCause().getMessage() == null ? e.getMessage() : e.getCause().getMessage();
        String prolog = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.ISO_8859_1);
        if (cause.contains("DOCTYPE is disallowed") || DOCTYPE_FIRST.matcher(prolog).lookingAt()) {
            return "refused: the XML declares a DOCTYPE, which a feed does not need and which could make the reader"
                    + " fetch files or expand entities without end";
        }
        String where = e.getLineNumber() > 0 ? " at line " + e.getLineNumber() : "";
        return "malformed XML" + where + ": " + cause.replaceFirst("^Error on line \\d+: ", "");
    }

    private static FeedRead rss(SyndFeed feed, URI base) {
        FeedEntries entries = new FeedEntries(base, feed.getLink());
        for (SyndEntry entry : feed.getEntries()) {
            String link = entry.getLink() != null ? entry.getLink() : permalink(entry);
            entries.add(base, rssTitle(entry.getTitle()), link, rssAuthor(entry), instant(entry.getPublishedDate()),
                    FeedText.fromHtml(description(entry)));
        }
        return entries.read();
    }

    /**
     * RSS 2.0's guid is the item's address when isPermaLink, its default; with isPermaLink="false"
     * it is an identifier that may look like an address and lead nowhere (RSS 2.0 spec, "guid").
     */
    private static String permalink(SyndEntry entry) {
        Guid guid = entry.getWireEntry() instanceof Item item ? item.getGuid() : null;
        return guid != null && guid.isPermaLink() ? guid.getValue() : null;
    }

    /**
     * RSS titles are text by the spec and escaped HTML in practice ("AT&amp;amp;T", "&lt;b&gt;"):
     * markup is stripped and entities decoded, but a title that merely mentions "&lt;div&gt;" keeps it.
     */
    private static String rssTitle(String title) {
        if (title == null) {
            return null;
        }
        return MARKUP.matcher(title).find() && title.contains("</") ? FeedText.fromHtml(title)
                : FeedText.plain(Parser.unescapeEntities(title, false));
    }

    /** dc:creator is a name; RSS 2.0's author is "address (Name)", and an address alone is no byline. */
    private static String rssAuthor(SyndEntry entry) {
        String author = FeedText.plain(entry.getAuthor());
        if (author == null && !entry.getAuthors().isEmpty()) {
            author = FeedText.plain(entry.getAuthors().get(0).getName());
        }
        if (author != null && author.matches("\\S+@\\S+\\s*\\((.+)\\)")) {
            return FeedText.plain(author.replaceFirst("^\\S+@\\S+\\s*\\((.+)\\)$", "$1"));
        }
        return author != null && author.matches("\\S+@\\S+") ? null : author;
    }

    private static String description(SyndEntry entry) {
        SyndContent description = entry.getDescription();
        if (description != null && description.getValue() != null && !description.getValue().isBlank()) {
            return description.getValue();
        }
        return entry.getContents().isEmpty() ? null : entry.getContents().get(0).getValue();
    }

    private static FeedRead atom(Feed feed, URI fetched) {
        URI feedBase = feed.getXmlBase() == null ? fetched : orElse(FeedEntries.resolve(fetched, feed.getXmlBase()), fetched);
        FeedEntries entries = new FeedEntries(feedBase, alternate(feed.getAlternateLinks()));
        for (Entry entry : feed.getEntries()) {
            URI base = entry.getXmlBase() == null ? feedBase : orElse(FeedEntries.resolve(feedBase, entry.getXmlBase()), feedBase);
            // RFC 4287, 4.2.1: an entry without an author has its feed's.
            List<SyndPerson> authors = entry.getAuthors().isEmpty() ? feed.getAuthors() : entry.getAuthors();
            Content summary = entry.getSummary() != null ? entry.getSummary()
                    : entry.getContents().isEmpty() ? null : entry.getContents().get(0);
            // Atom requires updated and makes published optional: a bookmark's date is whichever is there.
            Date date = entry.getPublished() != null ? entry.getPublished() : entry.getUpdated();
            entries.add(base, atomText(entry.getTitleEx()), alternate(entry.getAlternateLinks()),
                    names(authors), instant(date), atomText(summary));
        }
        return entries.read();
    }

    /** All the authors named, "Clark Quinn, Karl Moore"; null when none is. */
    private static String names(List<SyndPerson> authors) {
        List<String> names = authors.stream().map(a -> FeedText.plain(a.getName())).filter(n -> n != null).toList();
        return names.isEmpty() ? null : String.join(", ", names);
    }

    /** ROME keeps rel="alternate" and rel-less links (RFC 4287, 4.2.7.2: the default) apart from self, related, enclosure. */
    private static String alternate(List<Link> links) {
        return links.stream().map(Link::getHref).filter(href -> href != null && !href.isBlank()).findFirst().orElse(null);
    }

    /** Atom text constructs say what they are (RFC 4287, 3.1): text, html, or xhtml (which ROME gives as markup). */
    private static String atomText(Content content) {
        if (content == null || content.getValue() == null) {
            return null;
        }
        String type = content.getType() == null ? "text" : content.getType();
        return type.equals("text") || type.equals("text/plain") ? FeedText.plain(content.getValue()) : FeedText.fromHtml(content.getValue());
    }

    private static java.time.Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static URI orElse(URI uri, URI fallback) {
        return uri == null ? fallback : uri;
    }
}
