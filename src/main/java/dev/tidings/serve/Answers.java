package dev.tidings.serve;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Whole answers, with the headers every answer of {@code serve} carries. */
final class Answers {
    /** Text and error answers: nothing in them runs, loads or may be framed. */
    static final String DATA_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private Answers() {
    }

    /**
     * Set before any route runs. No cache keeps a personal page (a confirmation, an unsubscribe),
     * nothing is sniffed into HTML, no Referer leaves with a token in it, no other site frames us
     * (the buttons cannot be clickjacked) and no cookie is ever set.
     */
    static void secureDefaults(Response response) {
        var headers = response.getHeaders();
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Content-Security-Policy", DATA_CSP);
    }

    static void text(Request request, Response response, Callback callback, int status, String body) {
        send(request, response, callback, status, "text/plain", body);
    }

    static void page(Request request, Response response, Callback callback, ReaderPages.Page page) {
        response.getHeaders().put("Content-Security-Policy", page.csp());
        send(request, response, callback, page.status(), "text/html", page.html());
    }

    static void send(Request request, Response response, Callback callback, int status, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type + "; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, request.getMethod().equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
    }
}
