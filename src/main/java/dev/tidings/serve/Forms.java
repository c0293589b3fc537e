package dev.tidings.serve;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Form bodies and query strings, {@code application/x-www-form-urlencoded}. A body is read only
 * after {@link ServeServer}'s size limit (a larger one is refused with 413 before it is read), so
 * it fits in memory. A name given twice keeps its first value. RFC 8058 allows the one-click body
 * as {@code multipart/form-data} too; that one field is read from it.
 */
final class Forms {
    private Forms() {
    }

    static Map<String, String> read(Request request) throws IOException {
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        String type = request.getHeaders().get(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE);
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            return body.matches("(?s).*name=\"?List-Unsubscribe\"?\\r?\\n\\r?\\nOne-Click\\r?\\n.*")
                    ? Map.of("List-Unsubscribe", "One-Click") : Map.of();
        }
        return parse(body);
    }

    static Map<String, String> query(Request request) {
        return parse(request.getHttpURI().getQuery());
    }

    static Map<String, String> parse(String encoded) {
        Map<String, String> fields = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                fields.putIfAbsent(key, value);
            } catch (IllegalArgumentException malformed) {
                // a broken %-escape: that field is left out
            }
        }
        return fields;
    }
}
