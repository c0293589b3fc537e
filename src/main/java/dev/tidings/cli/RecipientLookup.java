package dev.tidings.cli;

import dev.tidings.TidingsException;
import dev.tidings.digest.FieldChecks;
import dev.tidings.subscribers.Subscriber;
import dev.tidings.subscribers.SubscriberReader;
import dev.tidings.render.Recipient;

import java.nio.file.Path;

/** Resolves {@code --subscriber EMAIL [--subscribers LIST.csv]} to the recipient to render for. */
final class RecipientLookup {
    private RecipientLookup() {
    }

    static Recipient find(String email, Path list) {
        if (email == null && list == null) {
            return Recipient.sample();
        }
        if (email == null) {
            throw TidingsException.usage("--subscribers needs --subscriber EMAIL to pick whom to render for");
        }
        if (list == null) {
            // A list's rows are checked as they are read; a bare address is checked here, or a
            // typo would only surface as an internal error when the message is built.
            String problem = FieldChecks.bareAddressProblem(email.strip());
            if (problem != null) {
                throw TidingsException.usage("--subscriber '" + email.strip() + "' " + problem);
            }
            return Recipient.of(email.strip());
        }
        Subscriber found = SubscriberReader.find(list, email.strip());
        if (found == null) {
            throw TidingsException.invalidInput(list + ": no subscriber " + email.strip() + " in the list");
        }
        return Recipient.of(found);
    }
}
