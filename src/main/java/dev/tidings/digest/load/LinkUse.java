package dev.tidings.digest.load;

import dev.tidings.digest.SourcePosition;

/**
 * One place where a digest uses a web address: what {@code validate --check-links} requests, and
 * where it reports what it found. The same address used in several places is several uses.
 *
 * @param url   the address exactly as the editor wrote it
 * @param field the field path ({@code issue.items[2].summary} for a link inside Markdown)
 * @param at    the link itself when the field's layout allows (Markdown links), else the field's value
 */
public record LinkUse(String url, String field, SourcePosition at, Kind kind) {

    /** What the address is used for, as messages name it. */
    public enum Kind {
        LINK("link"), IMAGE("image");

        private final String noun;

        Kind(String noun) {
            this.noun = noun;
        }

        public String noun() {
            return noun;
        }
    }
}
