package dev.tidings.mail.smtp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The EHLO name: what --helo accepts (RFC 5321 4.1.2, 4.1.3), and the default. */
class HeloNameTest {
    @Test
    void aHostWithADotIsItsOwnNameElseTheFromDomain() {
        assertEquals("mail.example.net", HeloName.chosen("mail.example.net", "news@example.org"));
        assertEquals("example.org", HeloName.chosen("buildbox", "news@example.org"));
        assertEquals("example.org", HeloName.chosen("localhost.localdomain", "news@example.org"));
        assertEquals("example.org", HeloName.chosen("", "news@example.org"));
        assertEquals("xn--bcher-kva.example", HeloName.chosen("buildbox", "news@bücher.example"));
    }

    @Test
    void theDefaultIsNeverLocalhostLocaldomain() {
        String name = HeloName.byDefault("Example <news@example.org>");
        assertNotEquals("localhost.localdomain", name);
        assertNull(HeloName.problem(name), name);
    }

    @Test
    void domainNamesAndAddressLiteralsAreAccepted() {
        for (String good : new String[] {"mail.example.org", "a-b.example", "[192.0.2.1]", "[IPv6:2001:db8::1]", "[ipv6:::1]"}) {
            assertNull(HeloName.problem(good), good);
        }
    }

    @Test
    void otherNamesAreRefusedWithTheReason() {
        assertTrue(HeloName.problem("localhost").startsWith("is not fully qualified"));
        for (String bad : new String[] {"mail_server.example", "-mail.example", "mail..example", "mail.example.", "a b.example",
                "[300.0.0.1]", "[2001:db8::1]", "[IPv6:zz::1]", "[IPv6:db8.example]", "x".repeat(64) + ".example"}) {
            assertNotNull(HeloName.problem(bad), bad);
        }
    }
}
