package dev.tidings.digest;

/** The writer of an issue; {@code bio} is Markdown. */
public record Author(String name, String bio, String url) {
}
