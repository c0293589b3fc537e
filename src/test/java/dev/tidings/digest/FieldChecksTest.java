package dev.tidings.digest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldChecksTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "https://example.org",
            "https://example.org/a/b?c=d&e=f#g",
            "http://example.org:8080/",
            "HTTPS://EXAMPLE.ORG/",
            "https://user@example.org/",
            "https://bücher.example/katalog",
            "https://xn--bcher-kva.example/katalog"})
    void absoluteWebUrlsAreFine(String url) {
        assertNull(FieldChecks.webUrlProblem(url, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,hello", "vbscript:msgbox(1)", "ftp://example.org/", "file:///etc/passwd"})
    void otherSchemesAreRefusedByName(String url) {
        String scheme = url.substring(0, url.indexOf(':')).toLowerCase(java.util.Locale.ROOT);
        assertEquals("must be an absolute http or https URL, not a " + scheme + ": link", FieldChecks.webUrlProblem(url, false));
    }

    @Test
    void aDataUrlThatIsNoValidUriIsStillRefusedAsADataLink() {
        assertEquals("must be an absolute http or https URL, not a data: link",
                FieldChecks.webUrlProblem("data:text/html,<script>alert(1)</script>", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/relative/path", "example.org/page", "//example.org/protocol-relative"})
    void relativeUrlsAreRefusedWithTheFix(String url) {
        assertEquals("must be an absolute http or https URL; relative links do not work in email (start it with https://)",
                FieldChecks.webUrlProblem(url, false));
    }

    @Test
    void aUrlNeedsAHostName() {
        assertEquals("must be an absolute http or https URL with a host name", FieldChecks.webUrlProblem("https:///path", false));
        assertEquals("must be an absolute http or https URL with a host name", FieldChecks.webUrlProblem("https:example.org", false));
    }

    @Test
    void spacesAroundOrInsideAUrlAreRefused() {
        assertEquals("must be an absolute http or https URL without spaces around it", FieldChecks.webUrlProblem(" https://example.org", false));
        assertEquals("must be an absolute http or https URL (Illegal character in path at character 22)",
                FieldChecks.webUrlProblem("https://example.org/a b", false));
    }

    @Test
    void httpsOnlyRefusesPlainHttp() {
        assertEquals("must be an absolute https URL, not a http: link", FieldChecks.webUrlProblem("http://example.org/", true));
        assertNull(FieldChecks.webUrlProblem("https://example.org/", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"news@example.org", "Example Weekly <news@example.org>", "\"Weekly, The\" <news@example.org>",
            "Zoë Martin <zoe@example.org>", "news@bücher.example", "first.last+tag@sub.example.co.uk"})
    void addressesWithOptionalDisplayNamesAreFine(String address) {
        assertNull(FieldChecks.addressProblem(address, true));
    }

    @Test
    void aDisplayNameIsRefusedWhereOnlyAnAddressMayStand() {
        assertEquals("must be a bare address like name@example.org, without a display name",
                FieldChecks.addressProblem("Editor <editor@example.org>", false));
        assertNull(FieldChecks.addressProblem("editor@example.org", false));
    }

    @Test
    void exactlyOneAddressIsAllowed() {
        assertEquals("must be exactly one email address", FieldChecks.addressProblem("a@example.org, b@example.org", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Example Weekly", "news@", "@example.org", "news@localhost", "news@example.org.", "a..b@example.org",
            "news@exa_mple.org", "Example <news@example.org"})
    void invalidAddressesAreRefused(String address) {
        String problem = FieldChecks.addressProblem(address, true);
        assertTrue(problem != null && problem.startsWith("is not a valid email address ("), address + " -> " + problem);
    }

    @Test
    void jakartaMailsReasonReadsAsPartOfTheSentence() {
        assertEquals("is not a valid email address (local address contains dot-dot)", FieldChecks.bareAddressProblem("a..b@example.org"));
        assertEquals("is not a valid email address (domain ends with dot)", FieldChecks.bareAddressProblem("a@example.org."));
    }

    @Test
    void invalidAddressMessagesSayHowToWriteOneWhereADisplayNameIsAllowed() {
        assertTrue(FieldChecks.addressProblem("news at example.org", true).endsWith("; write it as \"Name <address@example.org>\""));
        assertTrue(FieldChecks.addressProblem("news at example.org", false).endsWith(")"));
    }

    @Test
    void aBareAddressNeedsLocalPartAtSignAndADomainWithADot() {
        String needs = "is not a valid email address (it needs a local part, an @ and a domain)";
        assertEquals(needs, FieldChecks.bareAddressProblem("example.org"));
        assertEquals(needs, FieldChecks.bareAddressProblem("@example.org"));
        assertEquals(needs, FieldChecks.bareAddressProblem("news@"));
        assertEquals("is not a valid email address (the domain 'localhost' has no dot)", FieldChecks.bareAddressProblem("news@localhost"));
        assertNull(FieldChecks.bareAddressProblem("user@bücher.example"));
    }

    @Test
    void theDomainMayBeInternationalButThePartBeforeTheAtMustBeAscii() {
        assertNull(FieldChecks.addressProblem("Zoë <zoe@bücher.example>", true));
        assertEquals("is not a valid email address (the part before the @ must be ASCII)", FieldChecks.bareAddressProblem("zoë@example.org"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0A, 0x0D, 0x00, 0x1B, 0x7F, 0x85, 0x9F, 0x2028, 0x2029})
    void headerTextRefusesLineBreaksAndControlCharacters(int codePoint) {
        String value = "Hello" + (char) codePoint + "Bcc: victim@example.org";
        assertEquals(String.format("contains a line break or control character (U+%04X) at character 6; "
                + "it goes into a mail header, so it must be one plain line", codePoint), FieldChecks.headerTextProblem(value));
    }

    @Test
    void headerTextAllowsTabsAndAnyPrintableUnicode() {
        assertNull(FieldChecks.headerTextProblem("Zoë's\tweekly — café, 東京, Ольга 😀"));
    }

    /** The ASCII fast path must agree with java.net.IDN on every ASCII domain: same result, or both refuse. */
    @Test
    void asciiDomainsAreCheckedExactlyAsIdnChecksThem() {
        java.util.List<String> domains = everyString("a.-_", 6);
        for (String label : java.util.List.of("x".repeat(63), "x".repeat(64))) {
            domains.addAll(java.util.List.of(label, label + ".org", "a." + label, "a." + label + ".", label + "..", "." + label));
        }
        domains.addAll(java.util.List.of("example.org", "EXAMPLE.org.", "a b.com", "bücher.example", "a..bücher"));
        for (String domain : domains) {
            String expected;
            try {
                expected = java.net.IDN.toASCII(domain, java.net.IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                expected = "refused";
            }
            String actual;
            try {
                actual = FieldChecks.asciiDomain(domain);
            } catch (IllegalArgumentException e) {
                actual = "refused";
            }
            assertEquals(expected, actual, "[" + domain + "]");
        }
    }

    /**
     * The fast path for plain addresses must say exactly what Jakarta Mail's strict parse says:
     * every string up to six characters over an alphabet of plain and special characters (an
     * "@" among them), and random longer ones over all of printable ASCII and some non-ASCII.
     */
    @Test
    void plainAddressesSkipTheParserWithTheSameVerdict() {
        java.util.List<String> addresses = everyString("a@.-_+\"", 6);
        StringBuilder wide = new StringBuilder();
        for (char c = 0x20; c < 0x7f; c++) {
            wide.append(c);
        }
        wide.append("\u00e9\u00fc\u4e2d\t");
        long seed = System.nanoTime();
        java.util.Random random = new java.util.Random(seed);
        for (int n = 0; n < 20_000; n++) {
            // mostly well-formed (local part, then labels and dots), so that many samples are valid
            // addresses, with now and then a character from anywhere: near misses of every kind
            String address = sample(random, "abcXYZ019._%+-", 1 + random.nextInt(12), wide) + "@"
                    + sample(random, "abz09-", 1 + random.nextInt(8), wide) + "." + sample(random, "abz09-.", 1 + random.nextInt(10), wide);
            addresses.add(address);
        }
        addresses.addAll(java.util.List.of("user0000001@example.test", "first.last+tag@sub.example.co.uk", "a_b%c@x-y.org",
                "a@b_c.org", "a@b+c.org", "a@-b.org", "a@b-.org", "a@b.org.", "a.@b.org", ".a@b.org", "a..b@c.org",
                "a@bücher.example", "a@" + "x".repeat(64) + ".org", "a@b", "\"quoted\"@example.org"));
        int fast = 0;
        for (String address : addresses) {
            String reference = FieldChecks.bareAddressProblem(address, false);
            assertEquals(reference, FieldChecks.bareAddressProblem(address, true), "[" + address + "] (seed " + seed + ")");
            if (reference == null) {
                fast++;
            }
        }
        assertTrue(fast > 5_000, "many samples were valid addresses: " + fast);
    }

    /** Every string over the alphabet of up to maxLength characters, the empty one included. */
    private static java.util.List<String> everyString(String alphabet, int maxLength) {
        java.util.List<String> strings = new java.util.ArrayList<>();
        for (int length = 0; length <= maxLength; length++) {
            int combinations = (int) Math.pow(alphabet.length(), length);
            for (int n = 0; n < combinations; n++) {
                StringBuilder text = new StringBuilder();
                for (int i = 0, rest = n; i < length; i++, rest /= alphabet.length()) {
                    text.append(alphabet.charAt(rest % alphabet.length()));
                }
                strings.add(text.toString());
            }
        }
        return strings;
    }

    private static String sample(java.util.Random random, String alphabet, int length, CharSequence anything) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            CharSequence from = random.nextInt(25) == 0 ? anything : alphabet;
            text.append(from.charAt(random.nextInt(from.length())));
        }
        return text.toString();
    }
}
