package dev.tidings.links;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Asks one address whether it is there, without reading the page: HEAD, or GET when HEAD is
 * refused, each closed as soon as the status line and headers are in. Redirects are followed here,
 * one hop at a time (the client's own following is off), because a permanent one must be seen to be
 * reported and a loop must be caught.
 */
final class LinkProbe {
    private final HttpClient client;
    private final LinkCheckSettings settings;
    private final HostPermits permits;

    LinkProbe(LinkCheckSettings settings, HostPermits permits) {
        this.settings = settings;
        this.permits = permits;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // One request at a time per connection is all a checker needs; HTTP/2 would add nothing but its quirks.
                .version(HttpClient.Version.HTTP_1_1);
        ProxySelector proxies = ProxySelector.getDefault();
        if (proxies != null) {
            builder.proxy(proxies); // -Dhttps.proxyHost and friends, for editors behind a proxy
        }
        this.client = builder.build();
    }

    /** The verdict on one address; every failure to get an answer is a verdict too, never an exception. */
    LinkVerdict probe(URI start) throws InterruptedException {
        List<URI> chain = new ArrayList<>(List.of(start));
        URI movedTo = null;
        int movedStatus = 0;
        boolean permanentSoFar = true;
        while (true) {
            URI current = chain.get(chain.size() - 1);
            Answer answer;
            try {
                answer = answer(current);
            } catch (IOException e) {
                return LinkVerdict.broken(RequestFailure.describe(e, settings.requestTimeout()) + via(chain));
            } catch (IllegalArgumentException e) {
                return LinkVerdict.broken("cannot be requested (" + e.getMessage() + ")" + via(chain));
            }
            if (!answer.isRedirect()) {
                return verdict(answer.status(), chain, movedTo, movedStatus);
            }
            if (answer.location() == null) {
                return LinkVerdict.broken(StatusText.of(answer.status()) + " without a Location to go to" + via(chain));
            }
            URI next;
            try {
                next = RequestUri.resolve(current, answer.location());
            } catch (URISyntaxException e) {
                return LinkVerdict.broken("redirects to an invalid address '" + answer.location() + "'" + via(chain));
            }
            if (chain.contains(next)) {
                return LinkVerdict.broken("redirect loop: " + chain.stream().map(URI::toString).collect(Collectors.joining(" -> "))
                        + " -> " + next);
            }
            if (chain.size() > LinkCheckSettings.MAX_REDIRECTS) {
                return LinkVerdict.broken("more than " + LinkCheckSettings.MAX_REDIRECTS + " redirects" + via(chain));
            }
            // The address to suggest is where the permanent redirects from the written one lead; a temporary
            // redirect after them says the site may change its mind, so the suggestion stops there.
            if (permanentSoFar && answer.isPermanentRedirect()) {
                movedTo = next;
                movedStatus = movedStatus == 0 ? answer.status() : movedStatus;
            } else {
                permanentSoFar = false;
            }
            chain.add(next);
        }
    }

    private static LinkVerdict verdict(int status, List<URI> chain, URI movedTo, int movedStatus) {
        if (status == 429 || status == 503) {
            return LinkVerdict.unavailable(StatusText.of(status) + via(chain));
        }
        if (status >= 400) {
            return LinkVerdict.broken(StatusText.of(status) + via(chain));
        }
        return movedTo == null ? LinkVerdict.fine() : LinkVerdict.moved(movedStatus, movedTo.toString());
    }

    private static String via(List<URI> chain) {
        return chain.size() == 1 ? "" : " (after redirects to '" + chain.get(chain.size() - 1) + "')";
    }

    /**
     * HEAD first. Some servers refuse it (405, 501) or answer it wrongly (403 or 404 where GET works),
     * so any error status is asked again with GET, whose answer counts; not a 429, which is the server
     * asking for fewer requests.
     */
    private Answer answer(URI uri) throws IOException, InterruptedException {
        Answer head = request(uri, "HEAD");
        return head.status() >= 400 && head.status() != 429 ? request(uri, "GET") : head;
    }

    private Answer request(URI uri, String method) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(settings.requestTimeout())
                .header("User-Agent", settings.userAgent())
                .header("Accept", "*/*")
                .build();
        permits.acquire(uri);
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            // The status and headers are all a check needs: closing now leaves a page unread (its connection is dropped).
            response.body().close();
            return new Answer(response.statusCode(), response.headers().firstValue("Location").orElse(null));
        } finally {
            permits.release(uri);
        }
    }

    private record Answer(int status, String location) {
        boolean isRedirect() {
            return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        }

        boolean isPermanentRedirect() {
            return status == 301 || status == 308;
        }
    }
}
