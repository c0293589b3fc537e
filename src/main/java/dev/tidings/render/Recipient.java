package dev.tidings.render;

import dev.tidings.subscribers.Subscriber;
import dev.tidings.subscribers.SubscriberStatus;

import java.util.Map;

/**
 * Who an email is rendered for: the subscriber's address, name and extra fields.
 * Without a subscriber list, {@link #sample()} stands in.
 */
public record Recipient(String email, String name, Map<String, String> fields) {
    /** The stand-in recipient for renders and previews without a list: "Reader", an address that cannot receive mail. */
    public static final String SAMPLE_EMAIL = "reader@example.invalid";

    public Recipient {
        fields = Map.copyOf(fields);
    }

    public static Recipient sample() {
        return new Recipient(SAMPLE_EMAIL, "Reader", Map.of());
    }

    public static Recipient of(Subscriber subscriber) {
        return new Recipient(subscriber.email(), subscriber.name(), subscriber.fields());
    }

    public static Recipient of(String email) {
        return of(new Subscriber(email, null, SubscriberStatus.SUBSCRIBED, Map.of()));
    }

    /**
     * The name for a greeting: a {@code first_name} column when the list has one; otherwise the
     * part after the comma of "Family, Given"; the whole name when it is written in a script
     * without spaces between names (CJK); otherwise the first word.
     */
    public String firstName() {
        String given = fields.get("first_name");
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        if (name == null || name.isBlank()) {
            return "";
        }
        String full = name.strip();
        int comma = full.indexOf(',');
        if (comma > 0 && comma < full.length() - 1) {
            return full.substring(comma + 1).strip();
        }
        if (full.codePoints().anyMatch(Recipient::isIdeographic)) {
            return full;
        }
        int space = full.indexOf(' ');
        return space < 0 ? full : full.substring(0, space);
    }

    private static boolean isIdeographic(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }
}
