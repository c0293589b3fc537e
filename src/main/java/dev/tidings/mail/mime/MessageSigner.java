package dev.tidings.mail.mime;

/**
 * Signs a built message: what {@link MessageBuilder} puts on top of every message it builds, when
 * the command gives it one (DKIM, {@code mail.dkim}). A seam so that the one builder that both
 * {@code render}'s .eml and {@code send}'s per-subscriber messages come from signs both, and the
 * signing (a room of its own, with its keys) stays apart from the building.
 */
@FunctionalInterface
public interface MessageSigner {
    /**
     * The header field(s) to prepend, ASCII with CRLF line ends, each line ending in CRLF.
     *
     * @param message   the message's bytes: the header block is [0, bodyStart), ending in the empty line
     * @param bodyStart where the body starts (after the CRLF CRLF that ends the headers)
     * @param end       where the message ends (the array may be longer)
     */
    byte[] signatureHeader(byte[] message, int bodyStart, int end);
}
