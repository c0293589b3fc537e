package dev.tidings.subscribers;

import dev.tidings.digest.FieldChecks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One change a reader asked for, as {@code tidings serve} acknowledges it (issue 19): a confirmed
 * double opt-in, or an unsubscribe (RFC 8058 one-click or the page's button), or its undo.
 *
 * @param kind   what the reader asked for
 * @param email  the address, as the reader's signed token names it
 * @param name   the name given at signup, or null
 * @param at     when it was acknowledged (the consent time for a subscription)
 * @param source where it came from, recorded beside the consent: {@code form}, {@code one-click},
 *               {@code page}, {@code resubscribe}, or the site that posted the form
 */
public record ListEvent(Kind kind, String email, String name, Instant at, String source) {
    public enum Kind { SUBSCRIBED, UNSUBSCRIBED }

    /**
     * The source of the undo on the unsubscribe page: a SUBSCRIBED event that only sets an
     * unsubscribed row back to subscribed (the journal's format has no third kind).
     */
    public static final String RESUBSCRIBE = "resubscribe";

    public ListEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
    }

    /** The longest source the journal records: a site's origin longer than this is recorded as another site. */
    public static final int MAX_SOURCE_CHARS = 200;

    /**
     * What the list, and so the journal, would refuse of this address (as {@code subscribers add}
     * checks it: a line break or control character, not a bare address, a spreadsheet formula), or
     * null. serve asks before it mails a confirmation link that could never be confirmed.
     */
    public static String emailProblem(String email) {
        String address = email.strip();
        if (address.length() > FieldChecks.MAX_ADDRESS_OCTETS) {
            return "longer than " + FieldChecks.MAX_ADDRESS_OCTETS + " characters";
        }
        List<String> problems = new ArrayList<>();
        SubscriberColumns.checkEmail(address, problems);
        if (problems.isEmpty() && FieldChecks.spreadsheetFormulaProblem(address) != null) {
            problems.add(FieldChecks.spreadsheetFormulaProblem(address));
        }
        return problems.isEmpty() ? null : problems.get(0);
    }

    /** The undo of an unsubscribe: it restores a row, and never adds one or revives a bounced address. */
    public boolean isResubscribe() {
        return kind == Kind.SUBSCRIBED && RESUBSCRIBE.equals(source);
    }
}
