package dev.tidings.serve;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Rate limits on {@code POST /subscribe}, against subscription bombing (a victim's address signed
 * up to many lists at once, so that their inbox drowns and a real warning goes unseen): at most
 * {@code perAddress} confirmation mails to one mailbox per {@code addressWindow}, at most
 * {@code perClient} signups from one client per {@code clientWindow}, and at most
 * {@code mailsPerHour} confirmation mails in all. A client is its IPv4 address, or the /64 of its
 * IPv6 address (one host is usually given a whole /64, so counting single IPv6 addresses would count
 * nothing); and an IPv6 /48 (a site's usual allocation, 65,536 /64s) may make {@code perNetwork}.
 *
 * <p>A mailbox is counted however it is spelled (red team 19, finding 5): in lower case, without a
 * {@code +tag} (Gmail, Outlook.com, Fastmail and Postfix's {@code recipient_delimiter} all deliver
 * {@code victim+1@} to {@code victim@}), and at Gmail without the dots of the local part, which Gmail
 * ignores, {@code googlemail.com} being {@code gmail.com}. The hourly cap bounds what any spread of
 * clients and spellings can send, and what the tables' forgetting (below) can let through.
 *
 * <p>Memory is bounded: each table keeps at most {@code capacity} entries, the least recently
 * used dropped first. An attacker who cycles through more addresses than that can make the table
 * forget one; that costs them a capacity's worth of signups, which the per-client limit spreads
 * over many hours.
 */
final class SignupLimits {
    /** A fixed window and its count. */
    private static final class Window {
        long start;
        int count;
    }

    record Rules(int perAddress, Duration addressWindow, int perClient, Duration clientWindow, int perNetwork, int mailsPerHour,
                 int capacity) {
        /** Three confirmation mails per address per day; twenty signups per client, 100 per /48, per hour; 500 mails an hour. */
        static final Rules DEFAULT = new Rules(3, Duration.ofDays(1), 20, Duration.ofHours(1), 100, 500, 100_000);
    }

    /** What a signup may do. */
    enum Verdict { SEND, CLIENT_LIMITED, ADDRESS_LIMITED, ALL_LIMITED }

    private static final Duration HOUR = Duration.ofHours(1);

    private final Rules rules;
    private final Clock clock;
    private final Map<String, Window> addresses;
    private final Map<String, Window> clients;
    private final Window mails = new Window();

    SignupLimits(Rules rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
        this.addresses = bounded(rules.capacity());
        this.clients = bounded(rules.capacity());
    }

    /** Counts one signup from this client for this address, and says whether a confirmation mail may go. */
    synchronized Verdict signup(InetAddress client, String email) {
        long now = clock.millis();
        if (!allow(clients, clientKey(client), now, rules.clientWindow(), rules.perClient())
                || client instanceof Inet6Address && !allow(clients, networkKey(client), now, rules.clientWindow(), rules.perNetwork())) {
            return Verdict.CLIENT_LIMITED;
        }
        if (full(mails, now, HOUR, rules.mailsPerHour())) {
            return Verdict.ALL_LIMITED;
        }
        if (!allow(addresses, mailbox(email), now, rules.addressWindow(), rules.perAddress())) {
            return Verdict.ADDRESS_LIMITED;
        }
        mails.count++;
        return Verdict.SEND;
    }

    private static boolean allow(Map<String, Window> table, String key, long now, Duration window, int limit) {
        Window w = table.computeIfAbsent(key, k -> new Window());
        if (full(w, now, window, limit)) {
            return false;
        }
        w.count++;
        return true;
    }

    /** Whether the window, restarted if it has passed, has reached its limit. */
    private static boolean full(Window w, long now, Duration window, int limit) {
        if (w.count == 0 || now - w.start >= window.toMillis()) {
            w.start = now;
            w.count = 0;
        }
        return w.count >= limit;
    }

    /** The mailbox an address delivers to, as far as its spelling tells (see the class comment). */
    static String mailbox(String email) {
        String address = email.strip().toLowerCase(Locale.ROOT);
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return address;
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        int tag = local.indexOf('+');
        if (tag > 0) {
            local = local.substring(0, tag);
        }
        if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
            local = local.replace(".", "");
            domain = "gmail.com";
        }
        return local + "@" + domain;
    }

    static String clientKey(InetAddress client) {
        if (client instanceof Inet6Address) {
            return "v6:" + Arrays.toString(Arrays.copyOf(client.getAddress(), 8));
        }
        return client.getHostAddress();
    }

    /** The /48 of an IPv6 address. */
    static String networkKey(InetAddress client) {
        return "v6/48:" + Arrays.toString(Arrays.copyOf(client.getAddress(), 6));
    }

    private static Map<String, Window> bounded(int capacity) {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > capacity;
            }
        };
    }
}
