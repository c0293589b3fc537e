package dev.tidings.digest;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks of single values, shared by the digest rules and the subscriber list: URLs, addresses,
 * and text that ends up in a mail header. Each returns null when the value is fine, or the message.
 */
public final class FieldChecks {
    /**
     * The longest address: RFC 5321 4.5.3.1.3 limits a path to 256 octets, angle brackets
     * included. Longer ones cannot be sent (RCPT TO), and the bound keeps every header that carries
     * an address (To, the List-Unsubscribe URIs) within a line ({@link Unsubscribe#longestUrlOctets}).
     */
    public static final int MAX_ADDRESS_OCTETS = 254;
    /** RFC 3986 section 3.1. */
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):");

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

    /**
     * Characters that are not text: half of a surrogate pair (only a YAML escape like "\uD800" can
     * make one; UTF-8 cannot hold it, so it would reach the email as '?') and the Unicode
     * noncharacters (U+FFFE, U+FFFF, U+FDD0..U+FDEF and their kin in every plane). U+FFFF in
     * particular is the end-of-input sentinel of jsoup, which renders the email: the HTML was cut
     * off after the value, footer, unsubscribe link and all.
     */
    public static String characterProblem(String value) {
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            if (Character.isSurrogate((char) c)) {
                return String.format(Locale.ROOT, "contains U+%04X, half of a surrogate pair, at character %d; it is not text", c, i + 1);
            }
            if (c >= 0xFDD0 && c <= 0xFDEF || (c & 0xFFFE) == 0xFFFE) {
                return String.format(Locale.ROOT, "contains the noncharacter U+%04X at character %d; it is not text", c, i + 1);
            }
            i += Character.charCount(c);
        }
        return null;
    }

    /**
     * A value a spreadsheet would run: Excel, LibreOffice and Google Sheets take a cell beginning
     * with = + - or @ (or a tab or carriage return before one) for a formula, and a formula can fetch
     * a URL with the list's addresses in it ({@code =HYPERLINK}, {@code =WEBSERVICE}) or, in older
     * Excel, start a program (DDE). The characters are OWASP's ("CSV Injection"). Null when the
     * value begins otherwise.
     */
    public static String spreadsheetFormulaProblem(String value) {
        if (value == null || value.isEmpty() || "=+-@\t\r".indexOf(value.charAt(0)) < 0) {
            return null;
        }
        char c = value.charAt(0);
        String first = c == '\t' ? "a tab" : c == '\r' ? "a carriage return" : "'" + c + "'";
        return "begins with " + first + ", which a spreadsheet takes for the start of a formula and runs when it opens the list"
                + " (CSV injection)";
    }

    /** Absolute http(s) URLs only: email has no base URL, and javascript:/data: links are attacks. */
    public static String webUrlProblem(String url, boolean httpsOnly) {
        String wanted = httpsOnly ? "an absolute https URL" : "an absolute http or https URL";
        if (!url.equals(url.strip())) {
            return "must be " + wanted + " without spaces around it";
        }
        // The scheme first: a javascript: or data: link must be named as such even when it is no valid URI.
        Matcher scheme = SCHEME.matcher(url);
        if (scheme.lookingAt()) {
            String lower = scheme.group(1).toLowerCase(Locale.ROOT);
            if (!lower.equals("https") && !(lower.equals("http") && !httpsOnly)) {
                return "must be " + wanted + ", not a " + lower + ": link";
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "must be " + wanted + " (" + e.getReason() + " at character " + (e.getIndex() + 1) + ")";
        }
        if (uri.getScheme() == null) {
            return "must be " + wanted + "; relative links do not work in email (start it with https://)";
        }
        if (uri.getHost() == null && uri.getRawAuthority() != null) {
            // java.net.URI knows only ASCII host names: check an internationalised one (bücher.example) in its ASCII form.
            String authority = uri.getRawAuthority();
            try {
                uri = new URI(url.replace(authority, IDN.toASCII(authority, IDN.ALLOW_UNASSIGNED)));
            } catch (URISyntaxException | IllegalArgumentException e) {
                return "must be " + wanted + " with a valid host name";
            }
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
        String form = displayNameAllowed ? "; write it as \"Name <address@example.org>\"" : "";
        if (value.indexOf('@') < 0) {
            // Jakarta Mail would complain about whitespace or a missing domain; the actual mistake is simpler.
            return "is not a valid email address (it has no @)" + form;
        }
        InternetAddress[] parsed;
        try {
            parsed = InternetAddress.parseHeader(value, true);
        } catch (AddressException e) {
            return "is not a valid email address (" + e.getMessage() + ")" + form;
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

    /** Jakarta Mail's "Local address contains dot-dot", as the middle of a sentence. */
    private static String lowerFirst(String message) {
        return message == null || message.isEmpty() ? "rejected by the address parser"
                : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    /**
     * The domain's ASCII form (RFC 5890's A-labels), as {@link IDN#toASCII} gives it. An ASCII domain,
     * nearly every one, is checked here as IDN would check it (no empty label but a trailing one, none
     * longer than 63): IDN's first use loads Unicode tables for tens of milliseconds, once per
     * process and once per subscriber list row otherwise.
     */
    static String asciiDomain(String domain) {
        int labelStart = 0;
        for (int i = 0; i <= domain.length(); i++) {
            char c = i < domain.length() ? domain.charAt(i) : '.';
            if (c >= 0x80) {
                return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
            }
            if (c == '.') {
                int length = i - labelStart;
                boolean last = i == domain.length(); // may be empty: "example.org." ends with a dot
                if (length == 0 && !last && domain.length() > 1 || length > 63) {
                    return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED); // throws, with IDN's own message
                }
                labelStart = i + 1;
            }
        }
        return domain;
    }

    /**
     * Whether text[0, end) is dot-separated runs of ASCII letters, digits and '-', and in a local
     * part also '_', '%' and '+' (no dot first, last or doubled): nearly every address on a list.
     * Jakarta Mail's strict parse accepts every such address as it stands (nothing in it is special
     * to RFC 822 or to its checks), so a subscriber list's rows skip it: its parser and checks,
     * run twice per row per send (survey, then sending), cost a third of reading the list.
     * {@code FieldChecksTest} compares both paths over every short string of a mixed alphabet.
     */
    private static boolean isPlainDotAtom(String text, int end, boolean localPart) {
        if (end == 0) {
            return false;
        }
        char previous = '.';
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || localPart && (c == '_' || c == '%' || c == '+');
            if (!plain && !(c == '.' && previous != '.')) {
                return false;
            }
            previous = c;
        }
        return previous != '.';
    }

    private static boolean isAscii(String text, int end) {
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** A bare address: local@domain, ASCII local part, a domain with a dot. */
    public static String bareAddressProblem(String address) {
        return bareAddressProblem(address, true);
    }

    /**
     * @param fastPath whether an address of the plainest form may skip Jakarta Mail's parser (false:
     *                 the reference behaviour, against which tests check the fast path)
     */
    static String bareAddressProblem(String address, boolean fastPath) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return "is not a valid email address (it needs a local part, an @ and a domain)";
        }
        if (!isAscii(address, at)) {
            // Jakarta Mail accepts UTF-8 local parts, but delivering to one needs SMTPUTF8 all the way.
            return "is not a valid email address (the part before the @ must be ASCII)";
        }
        String domain = address.substring(at + 1);
        String asciiDomain;
        try {
            asciiDomain = asciiDomain(domain);
        } catch (IllegalArgumentException e) {
            return "is not a valid email address (the domain is not a valid host name)";
        }
        if (!(fastPath && isPlainDotAtom(address, at, true) && isPlainDotAtom(asciiDomain, asciiDomain.length(), false))) {
            try {
                new InternetAddress(address.substring(0, at + 1) + asciiDomain, true); // strict: validates as it parses
            } catch (AddressException e) {
                return "is not a valid email address (" + lowerFirst(e.getMessage()) + ")";
            }
        }
        if (!asciiDomain.contains(".") || asciiDomain.endsWith(".")) {
            return "is not a valid email address (the domain '" + domain + "' has no dot)";
        }
        int octets = at + 1 + Math.max(asciiDomain.length(), utf8Length(domain));
        if (octets > MAX_ADDRESS_OCTETS) {
            return "is not a valid email address (it is " + octets + " octets long; RFC 5321 allows at most " + MAX_ADDRESS_OCTETS + ")";
        }
        return null;
    }

    /** The UTF-8 length of text: its length when it is ASCII, as nearly every domain is. */
    private static int utf8Length(String text) {
        return isAscii(text, text.length()) ? text.length() : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
