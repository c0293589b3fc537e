package dev.tidings.digest;

import java.nio.file.Path;

/**
 * How messages are signed with DKIM (RFC 6376): {@code newsletter.dkim}, a selector and key that
 * tidings signs with, or {@code relay} when the relay signs them (Amazon SES, Postmark, Postfix with
 * OpenDKIM), which tidings cannot see but the editor can say, so that {@code validate} stops warning.
 *
 * @param selector the selector: the public key is published at {@code SELECTOR._domainkey.DOMAIN}
 * @param keyFile  the private key (PEM) as written, relative to {@code base}'s folder; null when not given
 * @param domain   the signing domain (d=), or null for the From address's domain
 * @param base     the file that holds the newsletter (the digest, or the file {@code newsletter:} names)
 */
public record Dkim(String selector, String keyFile, String domain, Path base) {
    /** {@code dkim: relay}: the relay signs; tidings does not. */
    public static final Dkim BY_RELAY = new Dkim(null, null, null, null);

    /**
     * The key file, relative to the folder of the file that holds the newsletter, like the digest's other paths.
     *
     * @throws java.nio.file.InvalidPathException when the name is no path on this system (a NUL, unpaired surrogates)
     */
    public Path keyPath() {
        Path dir = base.toAbsolutePath().getParent();
        return dir == null ? Path.of(keyFile) : dir.resolve(keyFile).normalize();
    }

    public boolean signedByRelay() {
        return this == BY_RELAY;
    }
}
