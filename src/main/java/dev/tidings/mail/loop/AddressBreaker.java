package dev.tidings.mail.loop;

import dev.tidings.mail.SmtpFailure;
import dev.tidings.render.Recipient;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Holds back the verdict on refused addresses while they come in a row. A relay that refuses
 * every recipient ("550 5.1.1" to all: a misconfigured relay, a wrong account, relaying denied
 * worded as an unknown user) would otherwise turn the whole list into hard bounces, suppressed
 * from every later issue. Real bad addresses are rare (a few in a hundred) and scattered, so
 * {@link #LIMIT} refusals in a row across at least {@link #DOMAINS} domains, with no delivery
 * between them, are taken as the relay's fault: the run stops, and none of them is suppressed or
 * failed. A delivery proves the relay works, and releases the refusals held so far as real bounces.
 * One domain refusing many in a row (a list sorted by domain, a dead company) does not trip it.
 *
 * <p>Without such proof, refusals are never taken for bounces: a run that ends, or holds
 * {@link #MAX_HELD}, with no delivery in it and none of the earlier deliveries through this
 * relay gives them back. A list of one or two domains (a company's own newsletter) or of a few
 * addresses never trips the breaker, and a relay refusing every address put the whole of it in the
 * suppression file at the end of the run.
 */
final class AddressBreaker {
    static final int LIMIT = 5;
    static final int DOMAINS = 3;
    /** Refusals held from fewer than {@link #DOMAINS} domains are released past this, to bound memory. */
    private static final int MAX_HELD = 1000;

    /** A refused address whose verdict waits. */
    record Held(Recipient recipient, SmtpFailure failure) {
    }

    /** What a refusal leads to: refusals to record as bounces now, or a trip with the ones to give back. */
    record Verdict(List<Held> bounced, List<Held> givenBack, boolean tripped) {
    }

    private final List<Held> streak = new ArrayList<>();
    private boolean tripped;
    /** Whether a delivery showed that the relay delivers: in this run, or of this issue through it before. */
    private boolean proven;

    /** @param proven whether the ledger records deliveries of this issue through this relay already */
    AddressBreaker(boolean proven) {
        this.proven = proven;
    }

    synchronized Verdict refused(Recipient recipient, SmtpFailure failure) {
        if (tripped) {
            return new Verdict(List.of(), List.of(new Held(recipient, failure)), false);
        }
        streak.add(new Held(recipient, failure));
        if (streak.size() >= LIMIT && domains() >= DOMAINS) {
            tripped = true;
            return new Verdict(List.of(), release(), true);
        }
        if (streak.size() > MAX_HELD) {
            if (!proven) {
                tripped = true;
                return new Verdict(List.of(), release(), true);
            }
            return new Verdict(release(), List.of(), false);
        }
        return new Verdict(List.of(), List.of(), false);
    }

    /** A message was delivered: the refusals held so far were real bounces. */
    synchronized List<Held> delivered() {
        proven = true;
        return tripped ? List.of() : release();
    }

    /**
     * The run is over: what is still held is released as bounces once the relay is proven to
     * deliver, and given back otherwise (nothing, if the breaker tripped: it gave them back then).
     */
    synchronized Verdict finish() {
        if (tripped) {
            return new Verdict(List.of(), List.of(), false);
        }
        return proven ? new Verdict(release(), List.of(), false) : new Verdict(List.of(), release(), false);
    }

    private int domains() {
        Set<String> domains = new HashSet<>();
        for (Held held : streak) {
            String email = held.recipient().email();
            domains.add(email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT));
        }
        return domains.size();
    }

    private List<Held> release() {
        List<Held> released = List.copyOf(streak);
        streak.clear();
        return released;
    }
}
