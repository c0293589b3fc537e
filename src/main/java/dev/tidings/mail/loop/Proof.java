package dev.tidings.mail.loop;

import dev.tidings.TidingsException;
import dev.tidings.digest.FieldChecks;
import dev.tidings.mail.MailConnector;
import dev.tidings.mail.SendOptions;
import dev.tidings.mail.SendProgress;
import dev.tidings.mail.SendReport;
import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;
import dev.tidings.subscribers.Subscriber;
import dev.tidings.subscribers.SubscriberReader;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A proof for the editor (--test-to): the issue to a few addresses, not recorded as deliveries, so
 * the real send still reaches them.
 */
public final class Proof {
    private Proof() {
    }

    /**
     * @param addresses as given; each is looked up in {@link SendOptions#list()} when there is one
     * @return the loop's counts and stop ({@link SendReport.Kind#PROOF})
     */
    public static SendReport send(PreparedIssue issue, MessageBuilder builder, MailConnector connector, List<String> addresses,
                                  SendOptions settings, SendProgress progress) {
        List<Recipient> recipients = new ArrayList<>();
        addresses.forEach(address -> recipients.add(recipient(address.strip(), settings)));
        Dispatcher dispatcher = new Dispatcher(issue, builder, connector, null, Suppressions.none(),
                settings, Clock.systemUTC(), progress);
        return dispatcher.run(recipients.size(), sink -> {
            for (Recipient recipient : recipients) {
                if (!sink.accept(recipient)) {
                    return;
                }
            }
        }, null);
    }

    /**
     * A proof may go to any address: the editor's own is rarely in the list. When the list has the
     * address, the proof is personalised as that subscriber; otherwise it is rendered for the address alone.
     */
    private static Recipient recipient(String address, SendOptions settings) {
        Subscriber found = settings.list() == null ? null : SubscriberReader.find(settings.list(), address);
        if (found != null) {
            return Recipient.of(found);
        }
        String problem = FieldChecks.bareAddressProblem(address);
        if (problem != null) {
            throw TidingsException.usage("--test-to '" + address + "' " + problem);
        }
        return Recipient.of(address);
    }
}
