package dev.tidings.inbox;

import dev.tidings.subscribers.SubscriberStatus;

/**
 * What one mail (or one recipient of a delivery report) asks for, before the list says what came of it.
 *
 * @param change the status the address is to get, or null when nothing is to change
 */
record SweepDecision(ReceivedMail mail, String address, SubscriberStatus change, SweepEntry.Action action, String reason) {

    static SweepDecision none(ReceivedMail mail, String address, SweepEntry.Action action, String reason) {
        return new SweepDecision(mail, address, null, action, reason);
    }

    SweepEntry entry(SweepEntry.Action finalAction, String finalReason) {
        return new SweepEntry(mail.uid(), mail.from(), address, finalAction, finalReason);
    }
}
