package dev.tidings.digest;

/**
 * UTM parameters (Google Analytics' campaign convention) added to the content's outbound links;
 * each may be null. {@code {issue.id}} in a value stands for the id.
 */
public record Utm(String source, String medium, String campaign, String term, String content) {
}
