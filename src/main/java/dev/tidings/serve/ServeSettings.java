package dev.tidings.serve;

import dev.tidings.digest.Newsletter;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Set;

/**
 * What {@code tidings serve} runs with, checked by the command.
 *
 * @param newsletter     the sender: name, From, postal address for the pages and the confirmation mail
 * @param publicUrl      where readers reach us through the proxy, ending in "/" (links in mails are made from it)
 * @param host           the address to listen on
 * @param port           the port (0: any free one)
 * @param site           the {@code tidings archive} output to serve, or null
 * @param trustedProxies the proxies whose {@code X-Forwarded-For} is believed
 * @param limits         sizes, times and counts per connection
 */
public record ServeSettings(Newsletter newsletter, String publicUrl, String host, int port, Path site,
                            Set<InetAddress> trustedProxies, ServeServer.Limits limits) {
    public ServeSettings {
        if (!publicUrl.endsWith("/")) {
            publicUrl = publicUrl + "/";
        }
        trustedProxies = Set.copyOf(trustedProxies);
    }

    /** The public URL's scheme, host and port, as a browser sends it in Origin. */
    String origin() {
        java.net.URI uri = java.net.URI.create(publicUrl);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
