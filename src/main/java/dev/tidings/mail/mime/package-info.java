/**
 * Building the message: a rendered email to RFC 5322/2045 bytes ({@link dev.tidings.mail.mime.MessageBuilder}):
 * multipart/alternative text and HTML (and calendar attachments), encoded headers (RFC 2047),
 * quoted-printable bodies written straight into bytes, RFC 2369/8058 List-Unsubscribe headers; a
 * {@link dev.tidings.mail.mime.MessageSigner} the command passes in signs each message (DKIM, {@code mail.dkim}).
 * Depends on {@code render} (what to build) and {@code digest}.
 */
package dev.tidings.mail.mime;
