package dev.tidings.links;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * An address as a request needs it. Editors write what browsers accept, and servers send such
 * Locations too: an internationalised host name (bücher.example), non-ASCII characters in the path,
 * a space. java.net.URI and the HTTP client want ASCII, so the host goes through IDNA and the rest
 * is percent-encoded as UTF-8, which is what a browser sends. The fragment never leaves the browser.
 */
final class RequestUri {
    private RequestUri() {
    }

    /** An absolute or relative reference, ready to request (absolute) or to resolve against one (relative). */
    static URI of(String text) throws URISyntaxException {
        int hash = text.indexOf('#');
        URI uri = new URI((hash < 0 ? text : text.substring(0, hash)).strip().replace(" ", "%20"));
        if (uri.getHost() == null && uri.getRawAuthority() != null) {
            String authority = uri.getRawAuthority();
            try {
                uri = new URI(uri.toString().replace(authority, IDN.toASCII(authority, IDN.ALLOW_UNASSIGNED)));
            } catch (IllegalArgumentException e) {
                throw new URISyntaxException(text, "the host name is not valid");
            }
        }
        if (uri.isAbsolute() && (uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
            // https://example.org is https://example.org/; URI.resolve would get relative Locations wrong without the slash.
            uri = new URI(uri.getScheme() + "://" + uri.getRawAuthority() + "/" + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        }
        return new URI(uri.toASCIIString());
    }

    /** Where a Location header points, from the address that sent it (RFC 9110 section 10.2.2: it may be relative). */
    static URI resolve(URI base, String location) throws URISyntaxException {
        return base.resolve(of(location));
    }
}
