package dev.tidings.render;

import dev.tidings.digest.FieldChecks;
import dev.tidings.digest.Unsubscribe;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sealed address in serve's unsubscribe URL: opens to its address, hides it, and refuses what it did not make. */
class SubscriberReferenceTest {
    private static final SubscriberReference REFS = SubscriberReference.withSecret(RenderFixtures.TEST_SECRET);

    @Test
    void sealsAndOpensTheSameAddressTheSameWayEveryTime() {
        String ref = REFS.seal("Zoe.Martin@example.org");
        assertTrue(ref.matches("[A-Za-z0-9_-]+"), "URL-safe as it is: " + ref);
        assertEquals("Zoe.Martin@example.org", REFS.open(ref));
        assertEquals(ref, SubscriberReference.withSecret(RenderFixtures.TEST_SECRET).seal("Zoe.Martin@example.org"),
                "deterministic: a message renders the same twice");
        assertFalse(ref.toLowerCase().contains("zoe") || ref.contains("example"), "the address is not readable: " + ref);
        assertFalse(REFS.seal("zoe.martin@example.org").equals(ref), "another spelling is another reference");
    }

    @Test
    void refusesAlteredForgedAndOtherSecretsReferences() {
        String ref = REFS.seal("zoe.martin@example.org");
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            String altered = ref.substring(0, i) + (c == 'A' ? 'B' : 'A') + ref.substring(i + 1);
            String opened = REFS.open(altered);
            assertTrue(opened == null || opened.equals("zoe.martin@example.org") && i == ref.length() - 1,
                    "a changed character " + i + " opens to " + opened);
        }
        assertNull(SubscriberReference.withSecret("another secret, as long as it must be 0123456789").open(ref));
        assertNull(REFS.open("not base64 at all!"));
        assertNull(REFS.open(""));
        assertNull(REFS.open(null));
        // The address alone with any IV: the tag is an HMAC under a key the forger lacks.
        byte[] forged = new byte[1 + 16 + 22];
        forged[0] = 1;
        assertNull(REFS.open(Base64.getUrlEncoder().withoutPadding().encodeToString(forged)));
    }

    @Test
    void theLongestAddressGivesTheLongestReferenceValidateCounts() {
        String local = "a".repeat(64);
        String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(FieldChecks.MAX_ADDRESS_OCTETS - 64 - 1 - 128);
        String longest = local + "@" + domain;
        assertEquals(FieldChecks.MAX_ADDRESS_OCTETS, longest.length());
        assertEquals(Unsubscribe.MAX_SUBSCRIBER_LENGTH, REFS.seal(longest).length());
    }

    @Test
    void linksCarryTheReferenceInsteadOfTheAddress() {
        UnsubscribeLinks links = new UnsubscribeLinks(new Unsubscribe(null, "https://news.example.org/unsubscribe?u={subscriber}"),
                UnsubscribeToken.withSecret(RenderFixtures.TEST_SECRET), REFS);
        String url = links.url("zoe.martin@example.org");
        assertEquals("https://news.example.org/unsubscribe?u=" + REFS.seal("zoe.martin@example.org"), url);
        assertFalse(url.contains("zoe"));
        UnsubscribeLinks withoutSecret = new UnsubscribeLinks(new Unsubscribe(null, "https://news.example.org/unsubscribe?u={subscriber}"), null);
        assertTrue(withoutSecret.tokensArePlaceholders());
        assertEquals("https://news.example.org/unsubscribe?u=" + UnsubscribeToken.PLACEHOLDER, withoutSecret.url("zoe.martin@example.org"));
    }
}
