package dev.tidings.digest;

import java.nio.file.Path;

/**
 * How messages are signed with DKIM (RFC 6376): {@code newsletter.dkim}.
 *
 * @param selector the selector: the public key is published at {@code SELECTOR._domainkey.DOMAIN}
 * @param keyFile  the private key (PEM), resolved against the file that holds the newsletter; null when not given
 * @param domain   the signing domain (d=), or null for the From address's domain
 */
public record Dkim(String selector, Path keyFile, String domain) {
}
