package dev.tidings.digest;

/** Errors fail validation (exit 1); warnings are reported and fail only with {@code --strict}. */
public enum Severity {
    ERROR, WARNING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
