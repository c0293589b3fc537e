package dev.tidings.preview;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Small helpers for the Jetty handlers: whole responses, the headers every response carries, query parameters. */
final class Http {
    private Http() {
    }

    /**
     * Set on every response before a route runs; a route that serves a page replaces the CSP with
     * the one for that page ({@link Csp}). Nothing is cached, nothing is sniffed into HTML, no
     * Referer leaves, and no other origin may embed our answers as subresources (CORP) or keep a
     * handle on our windows (COOP).
     */
    static void secureDefaults(Response response) {
        var headers = response.getHeaders();
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Content-Security-Policy", Csp.DATA);
    }

    /** Sends a whole response; a HEAD request gets the headers only. */
    static void send(Request request, Response response, Callback callback, int status, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type + "; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, request.getMethod().equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
    }

    /** Sends an HTML page under this Content-Security-Policy. */
    static void page(Request request, Response response, Callback callback, int status, String csp, String html) {
        response.getHeaders().put("Content-Security-Policy", csp);
        send(request, response, callback, status, "text/html", html);
    }

    /** The request's path as sent, not decoded: routes match it exactly, so no encoding reaches a file. */
    static String path(Request request) {
        String path = request.getHttpURI().getPath();
        return path == null ? "/" : path;
    }

    /** A query parameter's decoded value, or null. */
    static String query(Request request, String name) {
        String query = request.getHttpURI().getQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equals(name)) {
                return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
