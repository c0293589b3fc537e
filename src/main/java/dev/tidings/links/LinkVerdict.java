package dev.tidings.links;

/**
 * What one address answered, as the predicate of a message about it: "link 'X' " + {@link #predicate()}.
 *
 * @param predicate empty when the link is fine
 */
record LinkVerdict(Outcome outcome, String predicate) {

    enum Outcome {
        /** 2xx, possibly after temporary redirects (302, 303, 307): nothing to say. */
        FINE,
        /** A permanent redirect (301, 308) to a page that answers: a warning naming the new address. */
        MOVED,
        /** 429 or 503: the site is limiting requests or briefly down, which says nothing about the link. A warning. */
        UNAVAILABLE,
        /** An error status, no answer at all, or a redirect that leads nowhere. An error. */
        BROKEN
    }

    static LinkVerdict fine() {
        return new LinkVerdict(Outcome.FINE, "");
    }

    static LinkVerdict moved(int status, String target) {
        return new LinkVerdict(Outcome.MOVED, "moved permanently (" + status + ") to '" + target + "'; update the link");
    }

    static LinkVerdict unavailable(String answer) {
        return new LinkVerdict(Outcome.UNAVAILABLE, "could not be checked: it answered " + answer
                + ", which means the site is limiting requests or briefly down; check it again later");
    }

    static LinkVerdict broken(String why) {
        return new LinkVerdict(Outcome.BROKEN, "is broken: " + why);
    }
}
