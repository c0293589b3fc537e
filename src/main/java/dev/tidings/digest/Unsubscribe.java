package dev.tidings.digest;

/**
 * How a subscriber leaves the list (RFC 2369 List-Unsubscribe, RFC 8058 one-click).
 *
 * @param mailto an address that receives unsubscribe requests, or null
 * @param url    an https URL with optional {email} and {token} placeholders, or null
 */
public record Unsubscribe(String mailto, String url) {
}
