package dev.tidings.digest;

/** A titled link in a section. */
public record Link(String title, String url) {
}
