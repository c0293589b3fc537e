package dev.tidings.links;

import java.net.URI;

/**
 * A page as fetched by {@link PageFetcher}: at most {@code PageFetcher.MAX_BYTES} of its body,
 * undecoded (the reader decides the charset: header, BOM or {@code <meta charset>}).
 *
 * @param requested   the address asked for
 * @param finalUri    where the redirects, if any, ended
 * @param contentType the Content-Type header as sent, or null when there was none
 * @param body        the body's bytes
 */
public record FetchedPage(URI requested, URI finalUri, String contentType, byte[] body) {
}
