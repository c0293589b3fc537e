package dev.tidings.digest;

/** An image shown in the email; {@code alt} is required because many clients block images. */
public record Image(String url, String alt) {
}
