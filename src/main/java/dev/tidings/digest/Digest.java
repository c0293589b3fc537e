package dev.tidings.digest;

import java.nio.file.Path;

/**
 * One issue of a newsletter as the editor wrote it: who sends it and what it says.
 *
 * @param source     the digest file it was loaded from
 * @param newsletter the sender (inline, or from the file that {@code newsletter:} names)
 * @param issue      the content of this issue
 * @param template   a template directory that replaces the default theme, or null
 */
public record Digest(Path source, Newsletter newsletter, Issue issue, Path template) {

    /** The BCP 47 tag the theme's words and dates follow: the issue's, else the newsletter's. */
    public String language() {
        return issue.language() != null ? issue.language() : newsletter.language();
    }
}
