package dev.tidings.links;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The addresses one link has led to so far, from the one written: followed by hand so that a
 * permanent redirect is seen (and reported), a loop is caught, the hops are counted, and every hop
 * is to http or https (a Location may say file:, ftp: or javascript:, and none of those is ours to open).
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

    /** 301, 302, 303, 307, 308: the statuses that send the client on to their Location (RFC 9110 section 15.4). */
    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Only these are requested, at the start and at every hop. */
    static boolean isWeb(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    }

    /** Takes one more hop: null when there is somewhere to go, else why the chain ends here (the predicate of a message). */
    String follow(int status, String location) {
        if (location == null) {
            return StatusText.of(status) + " without a Location to go to" + via();
        }
        URI next;
        try {
            next = RequestUri.resolve(current(), location);
        } catch (URISyntaxException e) {
            return "redirects to an invalid address '" + location + "'" + via();
        }
        if (!isWeb(next)) {
            return "redirects to '" + next + "', which is not an http or https address" + via();
        }
        if (chain.contains(next)) {
            return "redirect loop: " + chain.stream().map(URI::toString).collect(Collectors.joining(" -> ")) + " -> " + next;
        }
        if (chain.size() > LinkCheckSettings.MAX_REDIRECTS) {
            return "more than " + LinkCheckSettings.MAX_REDIRECTS + " redirects" + via();
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
