package dev.tidings.links;

import java.time.Duration;

/**
 * How politely and how patiently links are checked.
 *
 * @param connectTimeout     how long to wait for a connection (TCP, and TLS for https)
 * @param requestTimeout     how long one request may take, from the start until the response's headers
 *                           (connecting included); bodies are never read
 * @param connections        requests in flight at once, across all hosts
 * @param connectionsPerHost requests in flight at once to one host and port, so that ten links to one
 *                           blog do not look like an attack on it
 * @param userAgent          names tidings, so that a site owner reading their logs knows what asked
 */
public record LinkCheckSettings(Duration connectTimeout, Duration requestTimeout, int connections, int connectionsPerHost,
                                String userAgent) {
    /** Browsers give up after about 20; a chain of ten is already a link worth replacing. */
    public static final int MAX_REDIRECTS = 10;

    public LinkCheckSettings {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (connections < 1 || connectionsPerHost < 1) {
            throw new IllegalArgumentException("at least one connection");
        }
    }
}
