package dev.tidings.mail;

/**
 * A password or key that must never be printed: {@link #toString()} hides it, so that logging a
 * settings record or an exception that mentions one cannot leak it.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    /** The secret itself, for the one place that hands it to a protocol. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "[hidden]";
    }
}
