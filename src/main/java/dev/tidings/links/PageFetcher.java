package dev.tidings.links;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Fetches one page for {@code tidings add} with the link checker's manners ({@link PoliteClient}:
 * its User-Agent, per-host limit, timeouts and proxy) and its redirect rules ({@link RedirectChain}:
 * at most {@value LinkCheckSettings#MAX_REDIRECTS}, loops caught, http and https only at every hop),
 * reading at most {@link #MAX_BYTES} of the body within the request timeout. Every way it can go
 * wrong is a {@link FetchFailure} in words.
 *
 * <p>One fetcher is meant to serve a whole run, from any number of threads: the per-host limit
 * holds across them. The time limit is per request (each redirect hop, its body included), so a
 * fetch ends within {@value LinkCheckSettings#MAX_REDIRECTS} + 1 request timeouts at worst; time
 * spent waiting for a host's permit does not count, so that ten links to one site queue rather than time out.
 *
 * <p>Pages are asked for gzipped (HTML shrinks five to ten times), and decoded here, since the JDK
 * client does not; the limit holds for the bytes received and again for the bytes decoded, so a gzip
 * bomb (20 MB of zeros in 20 KB) is refused like any page over the limit. Some servers gzip unasked:
 * that is decoded too. Any other encoding is refused in words.
 */
public final class PageFetcher {
    /** Far above any article's HTML (a long one is some 300 KB) or a feed's, far below what could hurt. */
    public static final int MAX_BYTES = 2 * 1024 * 1024;

    /** Pages first, then feeds (an editor's bookmarks feed goes through here too), then anything. */
    static final String ACCEPT = "text/html,application/xhtml+xml;q=0.9,application/rss+xml;q=0.9,application/atom+xml;q=0.9,"
            + "application/feed+json;q=0.9,application/json;q=0.8,application/xml;q=0.8,text/xml;q=0.8,*/*;q=0.5";
    private static final Map<String, String> HEADERS = Map.of("Accept", ACCEPT, "Accept-Encoding", "gzip");

    private final PoliteClient client;

    public PageFetcher(LinkCheckSettings settings) {
        this.client = new PoliteClient(settings, new HostPermits(settings.connectionsPerHost()));
    }

    /** The page at {@code uri}, after its redirects; a 2xx answer's body, at most {@link #MAX_BYTES}. */
    public FetchedPage fetch(URI uri) throws FetchFailure, InterruptedException {
        RedirectChain chain = new RedirectChain(address(uri.toString()));
        HttpResponse<byte[]> answer = client.follow(chain, at -> client.send(at, "GET", HEADERS, PageFetcher::body));
        if (answer.statusCode() < 200 || answer.statusCode() > 299) {
            int status = answer.statusCode();
            // 429 and 5xx: the server is busy or briefly broken; a 4xx is about the address, and stays.
            throw new FetchFailure("answered " + StatusText.of(status) + chain.via(), status == 429 || status >= 500);
        }
        String encoding = answer.headers().firstValue("Content-Encoding").orElse("identity").strip().toLowerCase(Locale.ROOT);
        byte[] body = switch (encoding) {
            case "identity", "" -> answer.body();
            case "gzip", "x-gzip" -> gunzip(answer.body(), chain);
            default -> throw new FetchFailure("sent in an encoding tidings does not read (" + encoding + ")" + chain.via());
        };
        return new FetchedPage(uri, chain.current(), answer.headers().firstValue("Content-Type").orElse(null), body);
    }

    /** The decoded page, at most {@link #MAX_BYTES} of it: a few kilobytes can decode to gigabytes. */
    private static byte[] gunzip(byte[] body, RedirectChain chain) throws FetchFailure {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] decoded = in.readNBytes(MAX_BYTES + 1);
            if (decoded.length > MAX_BYTES) {
                throw new FetchFailure(BodyLimit.describe(MAX_BYTES) + " once decoded" + chain.via());
            }
            return decoded;
        } catch (IOException e) {
            throw new FetchFailure("sent a damaged gzip body (" + e.getMessage() + ")" + chain.via());
        }
    }

    /** Only a 2xx answer's body is read; a redirect's or an error page's is left unread. */
    private static HttpResponse.BodySubscriber<byte[]> body(HttpResponse.ResponseInfo info) {
        if (info.statusCode() < 200 || info.statusCode() > 299) {
            return BodyLimit.unread();
        }
        return BodyLimit.atMost(MAX_BYTES, info.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    /**
     * A link as written (an internationalised host name, a space, a fragment) as the address a
     * request is made to, the way {@link #fetch} makes it: callers that check a link before
     * fetching it use this, so that what the fetcher could request is not refused before it.
     *
     * @throws FetchFailure not an absolute http or https address, in words
     */
    public static URI address(String link) throws FetchFailure {
        URI request;
        try {
            request = RequestUri.of(link);
        } catch (URISyntaxException e) {
            throw new FetchFailure("cannot be requested (" + e.getReason() + ")");
        }
        if (!request.isAbsolute() || !RedirectChain.isWeb(request) || request.getHost() == null) {
            throw new FetchFailure("is not an http or https address");
        }
        return request;
    }
}
