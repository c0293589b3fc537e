package dev.tidings.links;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The addresses one link has led to so far, from the one written: followed by hand so that a
 * permanent redirect is seen (and reported), a loop is caught, and the hops are counted.
 */
final class RedirectChain {
    private final List<URI> chain = new ArrayList<>();
    private URI movedTo;
    private int movedStatus;
    private boolean permanentSoFar = true;

    RedirectChain(URI start) {
        chain.add(start);
    }

    URI current() {
        return chain.get(chain.size() - 1);
    }

    /** Takes one more hop: null when there is somewhere to go, else the verdict that ends the chain. */
    LinkVerdict follow(int status, String location) {
        if (location == null) {
            return LinkVerdict.broken(StatusText.of(status) + " without a Location to go to" + via());
        }
        URI next;
        try {
            next = RequestUri.resolve(current(), location);
        } catch (URISyntaxException e) {
            return LinkVerdict.broken("redirects to an invalid address '" + location + "'" + via());
        }
        if (chain.contains(next)) {
            return LinkVerdict.broken("redirect loop: " + chain.stream().map(URI::toString).collect(Collectors.joining(" -> "))
                    + " -> " + next);
        }
        if (chain.size() > LinkCheckSettings.MAX_REDIRECTS) {
            return LinkVerdict.broken("more than " + LinkCheckSettings.MAX_REDIRECTS + " redirects" + via());
        }
        // The address to suggest is where the permanent redirects from the written one lead; a temporary
        // redirect after them says the site may change its mind, so the suggestion stops there.
        if (permanentSoFar && (status == 301 || status == 308)) {
            movedTo = next;
            movedStatus = movedStatus == 0 ? status : movedStatus;
        } else {
            permanentSoFar = false;
        }
        chain.add(next);
        return null;
    }

    /** The verdict on the final, non-redirect answer. */
    LinkVerdict end(int status) {
        if (LinkProbe.isComeBackLater(status)) {
            return LinkVerdict.unavailable(StatusText.of(status) + via());
        }
        if (status >= 400) {
            return LinkVerdict.broken(StatusText.of(status) + via());
        }
        return movedTo == null ? LinkVerdict.fine() : LinkVerdict.moved(movedStatus, movedTo.toString());
    }

    /** " (after redirects to 'X')" once the link has led elsewhere: where the problem was met. */
    String via() {
        return chain.size() == 1 ? "" : " (after redirects to '" + current() + "')";
    }
}
