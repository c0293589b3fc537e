package dev.tidings.mail.loop;

import dev.tidings.mail.Ledger;
import dev.tidings.mail.SendCounters;
import dev.tidings.mail.SendProgress;
import dev.tidings.mail.SmtpFailure;
import dev.tidings.mail.StopReason;
import dev.tidings.render.Recipient;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What became of each recipient of one run, as the sending threads report it: written to the
 * ledger (FAILED, back to PENDING, or a reply noted on an uncertain SENDING; SENDING and SENT are
 * {@link Claims}'), counted, and weighed by the breakers that stop a run going nowhere: refusals of
 * the message itself in a row ({@link ContentBreaker}), of addresses by a relay that delivers
 * nothing ({@link AddressBreaker}), and messages left unanswered in a row ({@link UnansweredBreaker}).
 */
final class Outcomes {
    private final Ledger ledger;
    private final String issueId;
    private final Suppressions suppressions;
    private final SendProgress progress;
    private final Dispatcher.Throttle throttle;
    private final Consumer<StopReason> stop;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong deferred = new AtomicLong();
    private final AtomicLong uncertain = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final ContentBreaker contentBreaker = new ContentBreaker();
    private final UnansweredBreaker unansweredBreaker = new UnansweredBreaker();
    private final AddressBreaker addressBreaker;

    /**
     * @param ledger where outcomes are written, or null for a proof (--test-to), which is no delivery
     * @param relay  this run's relay: one that delivered some of the issue before has shown it delivers
     * @param stop   stops the run, with the first reason given
     */
    Outcomes(Ledger ledger, String issueId, String relay, Suppressions suppressions, SendProgress progress,
             Dispatcher.Throttle throttle, Consumer<StopReason> stop) {
        this.ledger = ledger;
        this.issueId = issueId;
        this.suppressions = suppressions;
        this.progress = progress;
        this.throttle = throttle;
        this.stop = stop;
        this.addressBreaker = new AddressBreaker(ledger != null && ledger.sentThrough(issueId).getOrDefault(relay, 0L) > 0);
    }

    SendCounters counters() {
        return new SendCounters(sent.get(), failed.get(), deferred.get(), uncertain.get(), retries.get());
    }

    /**
     * A 250 (its SENT is {@link Claims}' to write): it proves the relay takes mail, so refusals
     * held back before it were real bounces.
     */
    void delivered() {
        sent.incrementAndGet();
        contentBreaker.delivered();
        unansweredBreaker.delivered();
        addressBreaker.delivered().forEach(held -> bounced(held.recipient(), held.failure()));
        advanced();
    }

    /**
     * A permanent refusal. One of the address itself (a hard bounce) waits in the
     * {@link AddressBreaker} as PENDING until a delivery shows the relay works; any other is FAILED now.
     */
    void refused(Recipient recipient, SmtpFailure failure) {
        if (failure.isBadAddress()) {
            markPending(recipient, failure);
            AddressBreaker.Verdict verdict = addressBreaker.refused(recipient, failure);
            verdict.bounced().forEach(held -> bounced(held.recipient(), held.failure()));
            if (!verdict.givenBack().isEmpty()) {
                deferred.addAndGet(verdict.givenBack().size());
                advanced();
            }
            if (verdict.tripped()) {
                stop.accept(new StopReason(StopReason.Kind.ADDRESSES_REFUSED, "the relay refused " + AddressBreaker.LIMIT
                        + " addresses in a row across " + AddressBreaker.DOMAINS + " or more domains, with no delivery between"
                        + " them (" + failure.reply() + "): that is the relay's doing (relaying denied, a wrong account or"
                        + " port), not bad addresses. None of them was suppressed or marked failed; check the relay"));
            }
            return;
        }
        markFailed(recipient, failure);
        failed.incrementAndGet();
        advanced();
        if (contentBreaker.refused(failure)) {
            stop.accept(new StopReason(StopReason.Kind.CONTENT_REJECTED, "the relay refused the message itself "
                    + ContentBreaker.LIMIT + " times in a row (" + failure.reply() + "): the content or the sender is the"
                    + " problem, not the addresses. Fix it, then run again with --retry-failed"));
        }
    }

    /** A hard bounce confirmed: FAILED, and suppressed from every later send. */
    private void bounced(Recipient recipient, SmtpFailure failure) {
        markFailed(recipient, failure);
        suppressions.addBounce(recipient.email(), failure.reply());
        failed.incrementAndGet();
        advanced();
    }

    /** No reply after the whole message went out: the ledger keeps it SENDING (uncertain); not retried. */
    void unanswered(Recipient recipient, SmtpFailure failure) {
        if (ledger != null) {
            ledger.noteReply(issueId, recipient.email(), failure.reply());
        }
        uncertain.incrementAndGet();
        advanced();
        if (unansweredBreaker.unanswered()) {
            stop.accept(new StopReason(StopReason.Kind.UNANSWERED, "the relay answered none of the last " + UnansweredBreaker.LIMIT
                    + " messages in time (" + failure.reply() + "); they are"
                    + " uncertain, and the rest of the list waits rather than join them"));
        }
    }

    /** The relay refused the sender (MAIL FROM): the recipient goes back to pending and the run stops. */
    void senderRejected(Recipient recipient, SmtpFailure failure) {
        markPending(recipient, failure);
        stop.accept(new StopReason(StopReason.Kind.SENDER_REJECTED, "the relay refused the sender (" + failure.reply()
                + "); check the From address and the relay's rules for it (SPF, allowed senders), then run again"));
    }

    /** A temporary failure; {@code finalForThisRun} when the retries are used up and the next run must try again. */
    void temporary(Recipient recipient, SmtpFailure failure, boolean finalForThisRun) {
        markPending(recipient, failure);
        if (finalForThisRun) {
            deferred.incrementAndGet();
            advanced();
        } else {
            retries.incrementAndGet();
        }
        if (failure.isThrottling() && throttle.lower()) {
            progress.note("the relay is throttling (" + failure.reply() + "); sending on " + throttle.limit() + " connection(s)");
        }
    }

    /** Refusals still held when the run ends: bounces if the relay proved it delivers, else given back, and the run says why. */
    void finish() {
        AddressBreaker.Verdict verdict = addressBreaker.finish();
        verdict.bounced().forEach(held -> bounced(held.recipient(), held.failure()));
        int givenBack = verdict.givenBack().size();
        if (givenBack > 0) {
            deferred.addAndGet(givenBack);
            advanced();
            stop.accept(new StopReason(StopReason.Kind.ADDRESSES_REFUSED, "the relay refused " + (givenBack == 1 ? "the address"
                    : "all " + givenBack + " addresses") + " it was given and delivered nothing, in this run or of this issue before ("
                    + verdict.givenBack().get(givenBack - 1).failure().reply() + "): nothing shows the addresses rather than the relay"
                    + " are at fault, so none was suppressed or marked failed; check the relay (or remove the addresses if they are gone)"));
        }
    }

    private void markFailed(Recipient recipient, SmtpFailure failure) {
        if (ledger != null) {
            ledger.markFailed(issueId, recipient.email(), failure.reply());
        }
    }

    private void markPending(Recipient recipient, SmtpFailure failure) {
        if (ledger != null) {
            ledger.markPending(issueId, recipient.email(), failure.reply());
        }
    }

    private void advanced() {
        progress.advanced(counters());
    }

    /**
     * Counts refusals of the message itself (a 5xx to DATA that is not about the address) in a
     * row: the same content refused again and again means a content or sender problem, and
     * going on would only mark the whole list failed.
     */
    static final class ContentBreaker {
        static final int LIMIT = 5;
        private int inARow;

        synchronized boolean refused(SmtpFailure failure) {
            if (failure.stage() != SmtpFailure.Stage.DATA || failure.isBadAddress()) {
                return false;
            }
            return ++inARow >= LIMIT;
        }

        synchronized void delivered() {
            inARow = 0;
        }
    }

    /**
     * Counts messages left uncertain in a row: the whole message went out and no reply came in
     * time. A relay that never answers the end of a message (a content filter that hangs; Postfix
     * keeps no message whose client left before its 250) would otherwise leave the whole list
     * uncertain, never resent without --resend-uncertain, and the run would end "done" with
     * nobody served. A delivery in between shows the relay answers, and starts the count again.
     */
    static final class UnansweredBreaker {
        static final int LIMIT = 3;
        private int inARow;

        synchronized boolean unanswered() {
            return ++inARow >= LIMIT;
        }

        synchronized void delivered() {
            inARow = 0;
        }
    }
}
