package dev.tidings.preview;

import java.nio.file.Path;

/**
 * What a preview shows: a digest, optionally with a template override and a subscriber list to
 * switch between, and the unsubscribe secret when one is set.
 *
 * @param template    a template directory replacing the default theme, or null
 * @param subscribers a list whose subscribers the page can switch between, or null
 * @param secret      TIDINGS_SECRET, or null for placeholder tokens
 */
public record PreviewSource(Path digest, Path template, Path subscribers, String secret) {
    @Override
    public String toString() {
        return "PreviewSource[" + digest + ", template=" + template + ", subscribers=" + subscribers + ", secret hidden]";
    }
}
