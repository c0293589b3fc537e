package dev.tidings.serve;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reader's address, for the rate limits. Behind a reverse proxy every request comes from the
 * proxy, which names the client in {@code X-Forwarded-For}; but anybody can send that header, so it
 * is believed only from the proxies given with {@code --trusted-proxy}, and then read from the
 * right: each proxy appends the address it received from, so the rightmost entry that is not one of
 * our proxies is the client (entries further left were written by the client itself).
 */
final class ClientAddress {
    /** Dotted-quad octets only: anything else given to InetAddress would be looked up in DNS. */
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    /** With a colon, InetAddress parses an IPv6 literal and never asks DNS. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final Set<InetAddress> trusted;

    ClientAddress(Set<InetAddress> trusted) {
        this.trusted = Set.copyOf(trusted);
    }

    InetAddress of(InetAddress peer, List<String> forwardedFor) {
        if (!trusted.contains(peer) || forwardedFor.isEmpty()) {
            return peer;
        }
        InetAddress client = peer;
        for (int i = forwardedFor.size() - 1; i >= 0; i--) {
            String[] hops = forwardedFor.get(i).split(",");
            for (int j = hops.length - 1; j >= 0; j--) {
                InetAddress hop = literal(hops[j].strip());
                if (hop == null) {
                    return client; // garbage: stop at the last address we could vouch for
                }
                client = hop;
                if (!trusted.contains(hop)) {
                    return hop;
                }
            }
        }
        return client;
    }

    /** An IP address written as a literal, or null; never a DNS lookup. */
    static InetAddress literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IPV4.matcher(bare).matches() && !IPV6.matcher(bare).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
