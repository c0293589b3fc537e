package dev.tidings.digest;

/** The call to action of a call-out: button text and target. */
public record CalloutLink(String text, String url) {
}
