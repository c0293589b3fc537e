package dev.tidings.digest;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks of single values, shared by the digest rules and the subscriber list: URLs, addresses,
 * and text that ends up in a mail header. Each returns null when the value is fine, or the message.
 */
public final class FieldChecks {
    private FieldChecks() {
    }

    /**
     * Header values must be one line: CR/LF would inject headers (RFC 5322 section 2.2), and
     * Unicode line and paragraph separators or C1 controls confuse some mail clients just as well.
     */
    public static String headerTextProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F || c >= 0x80 && c <= 0x9F || c == '\u2028' || c == '\u2029') {
                return String.format(Locale.ROOT,
                        "contains a line break or control character (U+%04X) at character %d; it goes into a mail header, so it must be one plain line",
                        (int) c, i + 1);
            }
        }
        return null;
    }

    /** Absolute http(s) URLs only: email has no base URL, and javascript:/data: links are attacks. */
    public static String webUrlProblem(String url, boolean httpsOnly) {
        String wanted = httpsOnly ? "an absolute https URL" : "an absolute http or https URL";
        if (!url.equals(url.strip())) {
            return "must be " + wanted + " without spaces around it";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "must be " + wanted + " (" + e.getReason() + " at character " + (e.getIndex() + 1) + ")";
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            return "must be " + wanted + "; relative links do not work in email (start it with https://)";
        }
        String lower = scheme.toLowerCase(Locale.ROOT);
        if (!lower.equals("https") && !(lower.equals("http") && !httpsOnly)) {
            return "must be " + wanted + ", not a " + lower + ": link";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "must be " + wanted + " with a host name";
        }
        return null;
    }

    /**
     * An RFC 5322 address, checked strictly by Jakarta Mail. The domain may be internationalised
     * (checked in its ASCII form); it must contain a dot, since mail to a bare host name never arrives.
     */
    public static String addressProblem(String value, boolean displayNameAllowed) {
        InternetAddress[] parsed;
        try {
            parsed = InternetAddress.parseHeader(value, true);
        } catch (AddressException e) {
            return "is not a valid email address (" + e.getMessage() + ")"
                    + (displayNameAllowed ? "; write it as \"Name <address@example.org>\"" : "");
        }
        if (parsed.length != 1) {
            return "must be exactly one email address";
        }
        InternetAddress address = parsed[0];
        if (!displayNameAllowed && address.getPersonal() != null) {
            return "must be a bare address like name@example.org, without a display name";
        }
        return bareAddressProblem(address.getAddress());
    }

    /** A bare address: local@domain, ASCII local part, a domain with a dot. */
    public static String bareAddressProblem(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return "is not a valid email address (it needs a local part, an @ and a domain)";
        }
        String domain = address.substring(at + 1);
        String asciiDomain;
        try {
            asciiDomain = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return "is not a valid email address (the domain is not a valid host name)";
        }
        try {
            new InternetAddress(address.substring(0, at + 1) + asciiDomain, true).validate();
        } catch (AddressException e) {
            return "is not a valid email address (" + e.getMessage() + ")";
        }
        if (!asciiDomain.contains(".") || asciiDomain.endsWith(".")) {
            return "is not a valid email address (the domain '" + domain + "' has no dot)";
        }
        return null;
    }
}
