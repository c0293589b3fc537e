package dev.tidings.links;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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
        RedirectChain chain = new RedirectChain(start);
        while (true) {
            Answer answer;
            try {
                answer = answer(chain.current());
            } catch (IOException e) {
                return LinkVerdict.broken(RequestFailure.describe(e, settings.requestTimeout()) + chain.via());
            } catch (IllegalArgumentException e) {
                return LinkVerdict.broken("cannot be requested (" + e.getMessage() + ")" + chain.via());
            }
            if (!answer.isRedirect()) {
                return chain.end(answer.status());
            }
            LinkVerdict stop = chain.follow(answer.status(), answer.location());
            if (stop != null) {
                return stop;
            }
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
    private Answer answer(URI uri) throws IOException, InterruptedException {
        Answer head = request(uri, "HEAD");
        return head.status() >= 400 && !isComeBackLater(head.status()) ? request(uri, "GET") : head;
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
    }
}
