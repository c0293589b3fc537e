package dev.tidings.links;

import java.util.Map;

/**
 * "404 Not Found": the status with its usual reason phrase (RFC 9110 section 15). The HTTP client
 * does not expose the phrase a server sent, and HTTP/2 has none, so the standard one is shown.
 */
final class StatusText {
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(402, "Payment Required"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(406, "Not Acceptable"), Map.entry(408, "Request Timeout"), Map.entry(410, "Gone"),
            Map.entry(429, "Too Many Requests"), Map.entry(451, "Unavailable For Legal Reasons"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private StatusText() {
    }

    static String of(int status) {
        String reason = REASONS.get(status);
        return reason == null ? "HTTP " + status : status + " " + reason;
    }
}
