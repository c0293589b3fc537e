package dev.tidings.links;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * At most N requests in flight to one host and port at a time. Taken around every single request,
 * redirects to other hosts included, so the limit holds whatever the links point at.
 */
final class HostPermits {
    private final int perHost;
    private final Map<String, Semaphore> hosts = new ConcurrentHashMap<>();

    HostPermits(int perHost) {
        this.perHost = perHost;
    }

    void acquire(URI uri) throws InterruptedException {
        semaphore(uri).acquire();
    }

    void release(URI uri) {
        semaphore(uri).release();
    }

    private Semaphore semaphore(URI uri) {
        return hosts.computeIfAbsent(key(uri), k -> new Semaphore(perHost));
    }

    /** The key of an address as written; one that cannot be parsed is a host of its own (its check fails at once). */
    static String key(String address) {
        try {
            return key(RequestUri.of(address));
        } catch (URISyntaxException e) {
            return address;
        }
    }

    /** host:port, the port made explicit, so that http://a/ and http://a:80/ share their permits. */
    static String key(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
    }
}
