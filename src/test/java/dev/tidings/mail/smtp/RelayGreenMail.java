package dev.tidings.mail.smtp;

import com.icegreen.greenmail.util.ServerSetup;

/**
 * GreenMail standing in for a real relay: it greets as an ordinary ESMTP server, not as GreenMail,
 * which tidings rightly takes for a mail catcher (a rehearsal, recorded in a throwaway ledger).
 */
public final class RelayGreenMail extends GreetingGreenMail {
    public RelayGreenMail(ServerSetup setup) {
        super(setup, "ESMTP relay.test");
    }
}
