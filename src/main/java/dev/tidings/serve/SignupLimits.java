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
 * {@code perAddress} confirmation mails to one address per {@code addressWindow}, and at most
 * {@code perClient} signups from one client per {@code clientWindow}. A client is its IPv4 address,
 * or the /64 of its IPv6 address (one host is usually given a whole /64, so counting single IPv6
 * addresses would count nothing).
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

    record Rules(int perAddress, Duration addressWindow, int perClient, Duration clientWindow, int capacity) {
        /** Three confirmation mails per address per day; twenty signups per client per hour. */
        static final Rules DEFAULT = new Rules(3, Duration.ofDays(1), 20, Duration.ofHours(1), 100_000);
    }

    /** What a signup may do. */
    enum Verdict { SEND, CLIENT_LIMITED, ADDRESS_LIMITED }

    private final Rules rules;
    private final Clock clock;
    private final Map<String, Window> addresses;
    private final Map<String, Window> clients;

    SignupLimits(Rules rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
        this.addresses = bounded(rules.capacity());
        this.clients = bounded(rules.capacity());
    }

    /** Counts one signup from this client for this address, and says whether a confirmation mail may go. */
    synchronized Verdict signup(InetAddress client, String email) {
        long now = clock.millis();
        if (!allow(clients, clientKey(client), now, rules.clientWindow(), rules.perClient())) {
            return Verdict.CLIENT_LIMITED;
        }
        if (!allow(addresses, email.strip().toLowerCase(Locale.ROOT), now, rules.addressWindow(), rules.perAddress())) {
            return Verdict.ADDRESS_LIMITED;
        }
        return Verdict.SEND;
    }

    private static boolean allow(Map<String, Window> table, String key, long now, Duration window, int limit) {
        Window w = table.computeIfAbsent(key, k -> new Window());
        if (w.count == 0 || now - w.start >= window.toMillis()) {
            w.start = now;
            w.count = 0;
        }
        if (w.count >= limit) {
            return false;
        }
        w.count++;
        return true;
    }

    static String clientKey(InetAddress client) {
        if (client instanceof Inet6Address) {
            return "v6:" + Arrays.toString(Arrays.copyOf(client.getAddress(), 8));
        }
        return client.getHostAddress();
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
