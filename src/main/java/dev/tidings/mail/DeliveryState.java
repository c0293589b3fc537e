package dev.tidings.mail;

import java.util.Locale;

/**
 * Where one recipient of one issue stands in the ledger.
 * <pre>
 * (absent) ──claim──▶ SENDING ──250──▶ SENT
 *    ▲                   │ 4xx / dropped connection ──▶ PENDING (retried by this run or the next)
 *    │                   │ 5xx ──▶ FAILED (permanent; reported, not retried)
 *    └── PENDING ◀───────┘
 * </pre>
 * A crash leaves the in-flight recipients in SENDING: uncertain, since the server may have
 * accepted the message before the process died. They are not resent unless asked.
 */
public enum DeliveryState {
    PENDING, SENDING, SENT, FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryState parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
