package dev.tidings.subscribers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of a subscriber list.
 *
 * @param email  the address as written (trimmed)
 * @param name   the display name, or null when the list has none for this row
 * @param fields every other column, by header name, for templates
 */
public record Subscriber(String email, String name, SubscriberStatus status, Map<String, String> fields) {
    public Subscriber {
        // Map.copyOf would forget the column order (its iteration order even differs between runs).
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The key under which duplicates are recognised: addresses compared ignoring case. */
    public String key() {
        return email.toLowerCase(java.util.Locale.ROOT);
    }
}
