package dev.tidings.mail.loop;

import dev.tidings.TidingsException;
import dev.tidings.mail.MailCatchers;
import dev.tidings.mail.MailConnection;
import dev.tidings.mail.MailConnector;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.UnsubscribeToken;

/**
 * Unsubscribe links with placeholder tokens (no secret was given) are for rehearsals: a mail
 * catcher may have them, a real relay never, or every reader would get an unsubscribe link that
 * fails (and a sender without a working unsubscribe breaks RFC 8058's promise and the bulk-sender
 * rules of Gmail and Yahoo). Issue 18: the sandbox started separately is a relay to the command,
 * and a rehearsal through it needs no secret.
 */
public final class PlaceholderTokens {
    private PlaceholderTokens() {
    }

    /**
     * Refuses, closing it, the connection the messages would go through when the issue's tokens
     * are placeholders and the relay does not greet as a mail catcher. The command refuses earlier,
     * before the ledger is opened; this is the last check, on the connection itself.
     */
    public static void refuseForARealRelay(PreparedIssue issue, MailConnection connection, MailConnector connector) {
        if (connection != null && issue.unsubscribe().tokensArePlaceholders() && MailCatchers.recognise(connection.greeting()) == null) {
            connection.close();
            throw TidingsException.invalidInput(refusal(connector.describe()));
        }
    }

    /** The one sentence for a real relay and no secret: what is wrong, that nothing was sent, and what to do. */
    public static String refusal(String relay) {
        return "TIDINGS_SECRET is not set, so the unsubscribe links carry the placeholder token " + UnsubscribeToken.PLACEHOLDER
                + ", and " + relay + " is a real relay, not a mail catcher; nothing was sent. Set TIDINGS_SECRET to the secret"
                + " your unsubscribe page verifies tokens with (make one with 'tidings secret'), or rehearse with --smtp sandbox";
    }
}
