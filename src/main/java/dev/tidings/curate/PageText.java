package dev.tidings.curate;

import dev.tidings.links.FetchedPage;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fetched page's bytes as a parsed document, in the charset a browser would pick (the WHATWG
 * HTML standard, "determining the character encoding"): a byte order mark first, then the
 * Content-Type header's charset, then {@code <meta charset>} or its http-equiv form (jsoup's sniffing),
 * else UTF-8. A label of ISO-8859-1 or ASCII means windows-1252 (the Encoding Standard): pages so
 * labelled are full of its curly quotes at 0x91-0x94, which Latin-1 would make control characters.
 */
final class PageText {
    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*[\"']?([^\"';\\s]+)");
    private static final Set<String> WINDOWS_1252 = Set.of("iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1",
            "us-ascii", "ascii", "cp1252", "windows-1252", "x-cp1252", "cp819", "ibm819");

    private PageText() {
    }

    static Document parse(FetchedPage page) {
        // jsoup reads a byte order mark before it looks at the charset it is given (and, given none, at <meta>).
        String charset = fromHeader(page.contentType());
        Document document = parse(page.body(), charset, page);
        if (charset == null && WINDOWS_1252.contains(document.charset().name().toLowerCase(Locale.ROOT))
                && !document.charset().name().equals("windows-1252")) {
            // <meta charset="iso-8859-1">: what the page means is windows-1252.
            document = parse(page.body(), "windows-1252", page);
        }
        return document;
    }

    /** text/html, XHTML, or nothing said (parsed as HTML, as a browser would sniff it). */
    static boolean isHtml(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("text/html") || type.equals("application/xhtml+xml");
    }

    /** The media type alone ("application/pdf"), for a note. */
    static String mediaType(String contentType) {
        return contentType == null ? "no Content-Type" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    private static Document parse(byte[] body, String charset, FetchedPage page) {
        try {
            return Jsoup.parse(new ByteArrayInputStream(body), charset, page.finalUri().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("reading bytes in memory", e);
        }
    }

    /** The header's charset if Java knows it, else null (and the page's own declaration decides). */
    static String fromHeader(String contentType) {
        if (contentType == null) {
            return null;
        }
        Matcher matcher = CHARSET.matcher(contentType);
        if (!matcher.find()) {
            return null;
        }
        String label = matcher.group(1).toLowerCase(Locale.ROOT);
        if (WINDOWS_1252.contains(label)) {
            return "windows-1252";
        }
        try {
            return Charset.isSupported(label) ? Charset.forName(label).name() : null;
        } catch (IllegalCharsetNameException e) {
            return null;
        }
    }
}
