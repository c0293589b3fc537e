package dev.tidings.mail;

/**
 * Why a send stopped before its list was done. Every reason is temporary in the exit-code sense
 * (exit 4): fixing the cause and running the same command again resumes where it stopped.
 */
public record StopReason(Kind kind, String message) {
    public enum Kind { UNREACHABLE, AUTHENTICATION, TLS, SENDER_REJECTED, CONTENT_REJECTED, DAILY_LIMIT, LEDGER, INTERRUPTED }
}
