package dev.tidings.render;

import dev.tidings.digest.Digest;

/**
 * The complete message a rendered email is sent as (RFC 5322, CRLF line ends, 7-bit), for the
 * .eml that {@code render} writes and {@code preview} serves. {@code mail/mime} builds it (its
 * {@code MessageBuilder}); the command passes it in, so that render and preview do not depend on
 * the mail packages.
 */
@FunctionalInterface
public interface CompleteMessage {
    byte[] bytes(Digest digest, RenderedEmail email);
}
