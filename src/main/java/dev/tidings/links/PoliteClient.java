package dev.tidings.links;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request at a time, the way tidings asks every site: its User-Agent, at most
 * {@code connectionsPerHost} in flight to a host (the permit held until the body is in), no
 * redirects followed by the client (the callers follow them hop by hop, see {@link RedirectChain}),
 * and an answer within the request timeout, body included. The JDK client's own timeout ends when
 * the headers are in, so a server that sends them and then one byte a second would hold a reader
 * for ever; the whole exchange is waited for here instead, and cancelled at the deadline.
 */
final class PoliteClient {
    private final HttpClient client;
    private final LinkCheckSettings settings;
    private final HostPermits permits;

    PoliteClient(LinkCheckSettings settings, HostPermits permits) {
        this.settings = settings;
        this.permits = permits;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // One request at a time per connection is all we need; HTTP/2 would add nothing but its quirks.
                .version(HttpClient.Version.HTTP_1_1);
        ProxySelector proxies = ProxySelector.getDefault();
        if (proxies != null) {
            builder.proxy(proxies); // -Dhttps.proxyHost and friends, for editors behind a proxy
        }
        this.client = builder.build();
    }

    /** One request to an address, however it is made (HEAD then GET for a check, GET for a page). */
    interface Ask<T> {
        HttpResponse<T> at(URI uri) throws IOException, InterruptedException;
    }

    /**
     * Asks the chain's address, then each address a redirect sends it on to, until an answer that is
     * not a redirect, which is returned whatever its status.
     *
     * @throws FetchFailure no answer, or a redirect that leads nowhere, in words (where it happened included)
     */
    <T> HttpResponse<T> follow(RedirectChain chain, Ask<T> ask) throws FetchFailure, InterruptedException {
        while (true) {
            HttpResponse<T> answer;
            try {
                answer = ask.at(chain.current());
            } catch (IOException e) {
                throw new FetchFailure(RequestFailure.describe(e, settings.requestTimeout()) + chain.via(), RequestFailure.isTemporary(e));
            } catch (IllegalArgumentException e) {
                throw new FetchFailure("cannot be requested (" + e.getMessage() + ")" + chain.via());
            }
            if (!RedirectChain.isRedirect(answer.statusCode())) {
                return answer;
            }
            String stop = chain.follow(answer.statusCode(), answer.headers().firstValue("Location").orElse(null));
            if (stop != null) {
                throw new FetchFailure(stop);
            }
        }
    }

    /**
     * Sends one request and waits for its answer, headers and whatever body {@code handler} keeps.
     *
     * @throws HttpTimeoutException     no headers within the request timeout
     * @throws BodyTimeoutException     headers, but the body still coming at the deadline
     * @throws IOException              no answer (refused, reset, TLS, DNS), or the handler's own failure
     * @throws IllegalArgumentException an address the client cannot request
     */
    <T> HttpResponse<T> send(URI uri, String method, Map<String, String> headers, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(settings.requestTimeout())
                .header("User-Agent", settings.userAgent());
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        permits.acquire(uri);
        try {
            AtomicBoolean answered = new AtomicBoolean();
            CompletableFuture<HttpResponse<T>> pending = client.sendAsync(request, info -> {
                answered.set(true);
                return handler.apply(info);
            });
            return await(pending, answered);
        } finally {
            permits.release(uri);
        }
    }

    private <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> pending, AtomicBoolean answered)
            throws IOException, InterruptedException {
        try {
            return pending.get(settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Cancelling aborts the exchange and closes its connection (the JDK client does since 16).
            pending.cancel(true);
            throw answered.get() ? new BodyTimeoutException() : new HttpTimeoutException("request timed out");
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    /** The headers came, the body was still coming when the request's time ran out. */
    static final class BodyTimeoutException extends HttpTimeoutException {
        BodyTimeoutException() {
            super("the body was still arriving at the deadline");
        }
    }
}
