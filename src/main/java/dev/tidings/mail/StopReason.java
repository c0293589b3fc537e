package dev.tidings.mail;

/**
 * Why a send stopped before its list was done. Every reason is temporary in the exit-code sense
 * (exit 4): fixing the cause and running the same command again resumes where it stopped. What
 * to fix differs, so each kind has its own next step ({@link #nextStep()}).
 */
public record StopReason(Kind kind, String message) {
    public enum Kind {
        UNREACHABLE, AUTHENTICATION, TLS, SENDER_REJECTED, CONTENT_REJECTED, ADDRESSES_REFUSED, DAILY_LIMIT, LEDGER,
        INTERRUPTED,
        /** Messages went out in full and the relay answered none of them in time. */
        UNANSWERED,
        /** Something no SMTP reply explains broke a sending thread (out of memory, a stack overflow outside a template). */
        INTERNAL,
        /** The list was edited while the run sent (tidings serve, subscribers add): subscribers added meanwhile have no outcome. */
        LIST_CHANGED
    }

    /** The stop a refused login or a TLS failure calls for. */
    public static StopReason of(SmtpFailure failure) {
        return new StopReason(failure.kind() == SmtpFailure.Kind.TLS ? Kind.TLS : Kind.AUTHENTICATION, failure.reply());
    }

    /** What the editor should do next, for the hint at the end of a send. */
    public String nextStep() {
        return switch (kind) {
            case AUTHENTICATION -> "check the password in TIDINGS_SMTP_PASSWORD or --password-file and the user in --smtp;"
                    + " running again with the same password would only get the account locked";
            case TLS -> "fix TLS with the relay (its certificate and name, or STARTTLS), then run the same command again";
            case SENDER_REJECTED, CONTENT_REJECTED, ADDRESSES_REFUSED -> "fix what the stop line names, then run the same"
                    + " command again; it sends only to those not yet sent";
            case UNANSWERED -> "if the relay is only slow to accept a message, raise --timeout (RFC 5321 gives it 10"
                    + " minutes); then run the same command again. The uncertain ones are resent only with --resend-uncertain"
                    + " (they may get two copies)";
            case LIST_CHANGED -> "run the same command again; it sends only to those not yet sent, the newcomers";
            case INTERNAL -> "run the same command again (it sends only to those not yet sent); if this happens again,"
                    + " please report it";
            default -> "run the same command again later; it sends only to those not yet sent";
        };
    }
}
