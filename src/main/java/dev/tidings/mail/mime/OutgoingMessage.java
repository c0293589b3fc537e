package dev.tidings.mail.mime;

/**
 * One message ready for the wire: the envelope (RFC 5321 MAIL FROM and RCPT TO) and the
 * complete RFC 5322 bytes, built once by {@link MessageBuilder}.
 */
public record OutgoingMessage(String envelopeFrom, String recipient, String messageId, byte[] content) {
}
