package dev.tidings.subscribers;

import java.util.Locale;

/** A subscriber's standing; only {@link #SUBSCRIBED} receives mail. An empty status means subscribed. */
public enum SubscriberStatus {
    SUBSCRIBED, UNSUBSCRIBED, BOUNCED;

    /** Parses a CSV status cell, or returns null when it is not one of the three. */
    public static SubscriberStatus parse(String text) {
        if (text == null || text.isBlank()) {
            return SUBSCRIBED;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
