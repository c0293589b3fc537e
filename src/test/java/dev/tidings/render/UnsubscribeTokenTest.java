package dev.tidings.render;

import dev.tidings.digest.Unsubscribe;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-subscriber unsubscribe token (HMAC-SHA256 with TIDINGS_SECRET) and the links that carry it. */
class UnsubscribeTokenTest {
    private static final UnsubscribeToken TOKENS = UnsubscribeToken.withSecret(RenderFixtures.TEST_SECRET);
    private static final Unsubscribe BOTH = new Unsubscribe("unsubscribe@trainingzone.example",
            "https://trainingzone.example/unsubscribe?email={email}&token={token}");

    @Test
    void theRightTokenVerifiesWhateverTheCaseOfTheAddress() {
        String token = TOKENS.tokenFor("Zoe.Martin@Example.org");
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), "unpadded base64url of 32 bytes: " + token);
        assertEquals(Unsubscribe.TOKEN_LENGTH, java.net.URLEncoder.encode(token, StandardCharsets.UTF_8).length(),
                "validate's limit on the unsubscribe URL counts a token, URL-encoded, as this long");
        assertTrue(TOKENS.verify("zoe.martin@example.org", token));
        assertTrue(TOKENS.verify("ZOE.MARTIN@EXAMPLE.ORG", token));
        assertEquals(token, TOKENS.tokenFor("zoe.martin@example.org"));
        assertEquals(token, UnsubscribeToken.withSecret(RenderFixtures.TEST_SECRET).tokenFor("zoe.martin@example.org"),
                "the same secret gives the same token in another run");
    }

    @Test
    void aTamperedTokenAnotherAddressTheWrongSecretOrThePlaceholderDoNotVerify() {
        String token = TOKENS.tokenFor("zoe.martin@example.org");
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertFalse(TOKENS.verify("zoe.martin@example.org", tampered));
        assertFalse(TOKENS.verify("zoe.martin@example.org", token.substring(1)));
        assertFalse(TOKENS.verify("zoe.martin@example.org", token + "A"));
        assertFalse(TOKENS.verify("zoe.martin@example.org", token.toUpperCase(java.util.Locale.ROOT)));
        assertFalse(TOKENS.verify("jane.bozarth@example.org", token));
        assertFalse(TOKENS.verify("zoe.martin@example.org ", token), "the address is not trimmed: it must be the one in the link");
        assertFalse(UnsubscribeToken.withSecret("another secret").verify("zoe.martin@example.org", token));
        assertFalse(TOKENS.verify("zoe.martin@example.org", UnsubscribeToken.PLACEHOLDER));
        assertFalse(TOKENS.verify("zoe.martin@example.org", ""));
        assertFalse(TOKENS.verify("zoe.martin@example.org", null));
    }

    @Test
    void anEmptySecretIsRefusedAndTheSecretIsNeverPrinted() {
        assertThrows(IllegalArgumentException.class, () -> UnsubscribeToken.withSecret(""));
        assertThrows(IllegalArgumentException.class, () -> UnsubscribeToken.withSecret(null));
        assertFalse(TOKENS.toString().contains(RenderFixtures.TEST_SECRET));
    }

    @Test
    void theUrlCarriesThePercentEncodedAddressAndItsToken() {
        UnsubscribeLinks links = new UnsubscribeLinks(BOTH, TOKENS);
        String address = "zoë+tag@example.org";
        assertEquals("https://trainingzone.example/unsubscribe?email=zo%C3%AB%2Btag%40example.org&token=" + TOKENS.tokenFor(address),
                links.url(address));
        assertEquals("https://trainingzone.example/unsubscribe?email=o%27brien%40example.ie&token=" + TOKENS.tokenFor("o'brien@example.ie"),
                links.url("o'brien@example.ie"));
        assertTrue(links.hasSecret());
        assertTrue(links.oneClick());
        assertEquals(links.url(address), links.preferred(address), "the one-click page is preferred to the mailto");
        assertEquals("<mailto:unsubscribe@trainingzone.example?subject=unsubscribe%20zo%C3%AB%2Btag@example.org%20"
                        + TOKENS.tokenFor(address) + ">, <" + links.url(address) + ">",
                links.listUnsubscribeHeader(address));
    }

    @Test
    void withoutASecretTheLinksCarryTheVisiblePlaceholder() {
        UnsubscribeLinks links = new UnsubscribeLinks(BOTH, null);
        assertFalse(links.hasSecret());
        assertEquals(UnsubscribeToken.PLACEHOLDER, links.token("zoe.martin@example.org"));
        assertEquals("https://trainingzone.example/unsubscribe?email=zoe.martin%40example.org&token=NO-SECRET-SET-TIDINGS_SECRET",
                links.url("zoe.martin@example.org"));
    }

    @Test
    void aMailtoOnlyNewsletterHasNoUrlAndNoOneClick() {
        UnsubscribeLinks links = new UnsubscribeLinks(new Unsubscribe("unsubscribe@trainingzone.example", null), TOKENS);
        assertNull(links.url("zoe.martin@example.org"));
        assertFalse(links.oneClick());
        String mailto = "mailto:unsubscribe@trainingzone.example?subject=unsubscribe%20zoe.martin@example.org%20"
                + TOKENS.tokenFor("zoe.martin@example.org");
        assertEquals(mailto, links.preferred("zoe.martin@example.org"));
        assertEquals("<" + mailto + ">", links.listUnsubscribeHeader("zoe.martin@example.org"));
    }

    @Test
    void theMailtoSubjectReadsBackAsTheAddressAndAGenuineToken() {
        UnsubscribeLinks links = new UnsubscribeLinks(BOTH, TOKENS);
        for (String address : List.of("zoe.martin@example.org", "zoë+tag@example.org", "o'brien&co=1@example.ie", "a%b#c@example.org")) {
            String mailto = links.mailto(address);
            String subject = URLDecoder.decode(mailto.substring(mailto.indexOf("?subject=") + 9).replace("+", "%2B"), StandardCharsets.UTF_8);
            UnsubscribeSubject read = UnsubscribeSubject.parse(subject);
            assertEquals(address, read.address(), mailto);
            assertTrue(TOKENS.verify(read.address(), read.token()), mailto);
            assertTrue(mailto.chars().allMatch(c -> c > 0x20 && c < 0x7F) && mailto.indexOf('&') < 0 && mailto.indexOf('+') < 0, mailto);
        }
    }

    @Test
    void withoutASecretTheMailtoSubjectIsPlainUnsubscribeNeverThePlaceholder() {
        UnsubscribeLinks links = new UnsubscribeLinks(BOTH, null);
        assertEquals("mailto:unsubscribe@trainingzone.example?subject=unsubscribe", links.mailto("zoe.martin@example.org"));
        assertEquals(new UnsubscribeSubject(null, null), UnsubscribeSubject.parse("unsubscribe"));
    }

    @Test
    void requestLinesAreReadByTheirFirstWord() {
        String token = TOKENS.tokenFor("zoe.martin@example.org");
        assertEquals(new UnsubscribeSubject("zoe.martin@example.org", token), UnsubscribeSubject.parse("Unsubscribe <zoe.martin@example.org>, " + token + "."));
        assertEquals(new UnsubscribeSubject("zoe.martin@example.org", null), UnsubscribeSubject.parse("UNSUBSCRIBE mailto:zoe.martin@example.org"));
        assertEquals(new UnsubscribeSubject(null, null), UnsubscribeSubject.parse("  Please unsubscribe me, thanks!"));
        assertEquals(new UnsubscribeSubject(null, null), UnsubscribeSubject.parse("unsubscribe."));
        assertNull(UnsubscribeSubject.parse("How do I unsubscribe my colleague?"), "only as the first word");
        assertNull(UnsubscribeSubject.parse("unsubscribed by mistake, please add me back"), "a word that starts with it is another word");
        assertNull(UnsubscribeSubject.parse("Unsubscribe: <https://trainingzone.example/unsubscribe?email=x>"),
                "a quoted footer line is not a request");
    }

    @Test
    void aUrlWithoutATokenPlaceholderNeedsNoSecret() {
        UnsubscribeLinks links = new UnsubscribeLinks(new Unsubscribe(null, "https://example.org/unsubscribe?email={email}"), null);
        assertEquals("https://example.org/unsubscribe?email=a%2Bb%40example.org", links.url("a+b@example.org"));
        assertEquals("<https://example.org/unsubscribe?email=a%2Bb%40example.org>", links.listUnsubscribeHeader("a+b@example.org"));
        assertTrue(links.oneClick());
    }
}
