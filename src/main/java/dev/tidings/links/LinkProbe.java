package dev.tidings.links;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Asks one address whether it is there, without reading the page: HEAD, or GET when HEAD is
 * refused, each dropped as soon as the status line and headers are in. Redirects are followed here,
 * one hop at a time (the client's own following is off), because a permanent one must be seen to be
 * reported and a loop must be caught.
 */
final class LinkProbe {
    private final PoliteClient client;

    LinkProbe(LinkCheckSettings settings, HostPermits permits) {
        this.client = new PoliteClient(settings, permits);
    }

    /** The verdict on one address; every failure to get an answer is a verdict too, never an exception. */
    LinkVerdict probe(URI start) throws InterruptedException {
        RedirectChain chain = new RedirectChain(start);
        try {
            return chain.end(client.follow(chain, this::answer).statusCode());
        } catch (FetchFailure e) {
            return LinkVerdict.broken(e.getMessage());
        }
    }

    /** 429 and 503: the server asks for fewer requests, or is briefly down. Says nothing about the link, and is not asked twice. */
    static boolean isComeBackLater(int status) {
        return status == 429 || status == 503;
    }

    /**
     * HEAD first. Some servers refuse it (405, 501) or answer it wrongly (403 or 404 where GET works),
     * so any error status is asked again with GET, whose answer counts; but not one that asks to come back later.
     */
    private HttpResponse<Void> answer(URI uri) throws IOException, InterruptedException {
        HttpResponse<Void> head = request(uri, "HEAD");
        return head.statusCode() >= 400 && !isComeBackLater(head.statusCode()) ? request(uri, "GET") : head;
    }

    /** The status and headers are all a check needs: the page is left unread (its connection is dropped). */
    private HttpResponse<Void> request(URI uri, String method) throws IOException, InterruptedException {
        return client.send(uri, method, Map.of("Accept", "*/*"), info -> BodyLimit.unread());
    }
}
