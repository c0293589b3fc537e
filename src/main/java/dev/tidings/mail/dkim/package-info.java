/**
 * DKIM signing (RFC 6376; Ed25519-SHA256, RFC 8463): {@link dev.tidings.mail.dkim.DkimSigner} puts a
 * {@code DKIM-Signature} on top of each message that {@code mail.mime}'s builder makes (through its
 * {@code MessageSigner} seam), so that {@code send}'s per-subscriber messages and {@code render}'s
 * .eml are signed alike; {@link dev.tidings.mail.dkim.DkimKey} reads PEM keys,
 * {@link dev.tidings.mail.dkim.DkimSetup} checks what the digest asks for,
 * {@link dev.tidings.mail.dkim.DkimKeyGen} makes a key and its DNS record.
 *
 * <p>Written on the JDK's own JCA rather than with a library: Simple Java Mail's DKIM module signs
 * only a Jakarta MimeMessage while it is written out, and pulls in BouncyCastle; Apache jDKIM signs
 * RSA only. Our messages are final bytes already, and the signing is small; it is checked against an
 * independent verifier (dkimpy) in {@code DkimVerifyIT}. Depends on {@code mail.mime} (the seam it
 * implements) and {@code digest}.
 */
package dev.tidings.mail.dkim;
