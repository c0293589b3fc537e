package dev.tidings.mail.loop;

import dev.tidings.mail.DeliveryState;
import dev.tidings.mail.MailConnection;
import dev.tidings.mail.MailConnector;
import dev.tidings.mail.SmtpFailure;
import dev.tidings.mail.mime.OutgoingMessage;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A relay in memory for the send loop's unit tests: each recipient gets the replies its script
 * names, in order, then 250s. Every message handed over is logged ("wire" and the address) in the
 * shared {@link InMemoryLedger.Events}, with the ledger's state of the recipient at that moment
 * when a probe is set, so a test sees what was recorded before the message went out.
 */
final class ScriptedRelay implements MailConnector {
    /** What the relay does with one message. */
    enum Reply {
        /** 250: accepted. */
        OK,
        /** 451: try again later. */
        TEMPORARY,
        /** 550 5.7.1 to DATA: the message refused, not the address. */
        CONTENT_REFUSED,
        /** 550 5.1.1 to RCPT: no such user (a hard bounce, once the relay has shown it delivers). */
        NO_SUCH_USER,
        /** The connection dropped before the message went out in full (an I/O error). */
        DROPPED,
        /** The whole message went out and no reply came in time. */
        NO_ANSWER;

        SmtpFailure failure() {
            return switch (this) {
                case TEMPORARY -> SmtpFailure.fromReply(451, "451 4.3.0 try again later");
                case CONTENT_REFUSED -> SmtpFailure.fromReply(550, "550 5.7.1 message refused", SmtpFailure.Stage.DATA);
                case NO_SUCH_USER -> SmtpFailure.fromReply(550, "550 5.1.1 no such user", SmtpFailure.Stage.RCPT);
                case DROPPED -> new SmtpFailure(SmtpFailure.Kind.CONNECTION, 0, "connection reset (scripted)",
                        new IOException("connection reset"));
                case NO_ANSWER -> new SmtpFailure(SmtpFailure.Kind.UNCERTAIN, 0, "no reply to the end of the message (scripted)",
                        null);
                case OK -> throw new IllegalStateException("a 250 is no failure");
            };
        }
    }

    private final InMemoryLedger.Events events;
    private final Map<String, Deque<Reply>> scripts = new HashMap<>();
    private final Deque<SmtpFailure> openFailures = new ArrayDeque<>();
    private final List<String> messageIds = new ArrayList<>();
    private Function<String, DeliveryState> probe = email -> null;
    private String greeting = "220 relay.test ESMTP";
    private int opened;

    ScriptedRelay(InMemoryLedger.Events events) {
        this.events = events;
    }

    /** The replies this recipient gets, in order; 250 after them. */
    synchronized ScriptedRelay script(String email, Reply... replies) {
        scripts.put(email.toLowerCase(Locale.ROOT), new ArrayDeque<>(List.of(replies)));
        return this;
    }

    /** Sees the ledger's state of each recipient as its message goes out. */
    synchronized ScriptedRelay probe(Function<String, DeliveryState> ledgerState) {
        this.probe = ledgerState;
        return this;
    }

    /** The next attempts to connect fail with these, in order; later ones succeed. */
    synchronized ScriptedRelay failOpening(SmtpFailure... failures) {
        openFailures.addAll(List.of(failures));
        return this;
    }

    /** Greets with this line (a mail catcher names itself there). */
    synchronized ScriptedRelay greeting(String line) {
        this.greeting = line;
        return this;
    }

    /** Attempts to connect, failed ones included. */
    synchronized int opened() {
        return opened;
    }

    /** The Message-ID of every message handed over, in order. */
    synchronized List<String> messageIds() {
        return List.copyOf(messageIds);
    }

    private synchronized String deliver(OutgoingMessage message) throws SmtpFailure {
        String email = message.recipient();
        events.add("wire (ledger: " + probe.apply(email) + ") " + email);
        messageIds.add(message.messageId());
        Deque<Reply> script = scripts.get(email.toLowerCase(Locale.ROOT));
        Reply reply = script == null || script.isEmpty() ? Reply.OK : script.poll();
        if (reply != Reply.OK) {
            throw reply.failure();
        }
        return "250 2.0.0 Ok: queued as " + messageIds.size();
    }

    @Override
    public synchronized MailConnection open() throws SmtpFailure {
        opened++;
        if (!openFailures.isEmpty()) {
            throw openFailures.poll();
        }
        String greets = greeting;
        return new MailConnection() {
            private boolean usable = true;

            @Override
            public String greeting() {
                return greets;
            }

            @Override
            public String send(OutgoingMessage message) throws SmtpFailure {
                try {
                    return deliver(message);
                } catch (SmtpFailure failure) {
                    usable = failure.kind() != SmtpFailure.Kind.CONNECTION && failure.kind() != SmtpFailure.Kind.UNCERTAIN;
                    throw failure;
                }
            }

            @Override
            public boolean usable() {
                return usable;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String describe() {
        return "smtp://relay.test:25";
    }
}
