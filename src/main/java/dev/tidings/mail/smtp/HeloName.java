package dev.tidings.mail.smtp;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.net.IDN;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The name tidings gives in EHLO (RFC 5321 4.1.1.1): "the fully-qualified domain name of the SMTP
 * client if one is available", else an address literal (4.1.3). Relays that check it (Postfix's
 * {@code reject_non_fqdn_helo_hostname}, {@code reject_invalid_helo_hostname}) refuse a bare host
 * name and {@code localhost.localdomain} alike, so neither is sent by default.
 */
public final class HeloName {
    /** RFC 5321 4.1.2's sub-domain: Let-dig [Ldh-str], at most 63 octets (RFC 1035 2.3.4). */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private HeloName() {
    }

    /**
     * The default: this host's name when it is fully qualified (has a dot, and is not
     * localhost.localdomain), else the domain of the From address, which the relay's owner
     * knows. The host name is read without a reverse DNS lookup, which can stall for seconds.
     *
     * @param from {@code newsletter.from} as written ("Name &lt;address&gt;" or a bare address), validated already
     */
    public static String byDefault(String from) {
        String fromAddress;
        try {
            fromAddress = InternetAddress.parseHeader(from, false)[0].getAddress();
        } catch (AddressException | ArrayIndexOutOfBoundsException e) {
            fromAddress = from;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | SecurityException e) {
            host = "";
        }
        return chosen(host, fromAddress);
    }

    static String chosen(String hostName, String fromAddress) {
        String host = hostName == null ? "" : hostName.strip().toLowerCase(Locale.ROOT);
        if (host.contains(".") && !host.startsWith("localhost.") && problem(host) == null) {
            return host;
        }
        String domain = fromAddress.substring(fromAddress.lastIndexOf('@') + 1);
        return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
    }

    /**
     * Why a name given with --helo is not one EHLO may carry, or null: a fully qualified domain
     * name (letters, digits and hyphens in dot-separated labels, RFC 5321 4.1.2), or an address
     * literal, {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]} (4.1.3).
     */
    public static String problem(String name) {
        if (name.startsWith("[") && name.endsWith("]")) {
            return literalProblem(name.substring(1, name.length() - 1));
        }
        if (name.length() > 253) {
            return "is longer than a domain name may be (253 characters)";
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return "is not a domain name (dot-separated labels of letters, digits and inner hyphens, RFC 5321 4.1.2)"
                        + " nor an address literal like [192.0.2.1]";
            }
        }
        if (labels.length < 2) {
            return "is not fully qualified (no dot); relays refuse a bare host name: give the name the relay knows this"
                    + " machine by, e.g. mail.example.org, or an address literal like [192.0.2.1]";
        }
        return null;
    }

    private static String literalProblem(String literal) {
        if (IPV4.matcher(literal).matches()) {
            return null;
        }
        if (literal.regionMatches(true, 0, "IPv6:", 0, 5)) {
            String address = literal.substring(5);
            if (address.matches("[0-9A-Fa-f:.]+") && address.contains(":")) {
                try {
                    // Only hex digits, colons and dots: parsed as a literal, never looked up.
                    if (InetAddress.getByName(address) instanceof Inet6Address) {
                        return null;
                    }
                } catch (UnknownHostException e) {
                    // falls through to the problem
                }
            }
        }
        return "is not an address literal ([192.0.2.1] or [IPv6:2001:db8::1], RFC 5321 4.1.3)";
    }
}
