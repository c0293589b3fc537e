package dev.tidings.render;

import dev.tidings.digest.Newsletter;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The VERP token: round trip, forged, altered, case-folded, and its length. */
class BounceTokenTest {
    private static final String SECRET = "bounce-token-test-secret-0123456789abcdef";
    private final BounceToken tokens = BounceToken.withSecret(SECRET);

    @Test
    void aTokenNamesItsIssueAndRecipientAndNoOther() {
        String token = tokens.tokenFor("2026-05", "Reader@Example.org");
        assertTrue(tokens.namesIssue(token, "2026-05"));
        assertTrue(tokens.verify(token, "2026-05", "reader@example.org"), "addresses compare ignoring case, as the ledger keys them");
        assertFalse(tokens.namesIssue(token, "2026-06"));
        assertFalse(tokens.verify(token, "2026-06", "reader@example.org"));
        assertFalse(tokens.verify(token, "2026-05", "other@example.org"));
    }

    @Test
    void everyTokenHasTheLengthValidationCountsWith() {
        assertEquals(24, Newsletter.BOUNCE_TOKEN_LENGTH, "15 bytes in base32: 120 bits, 5 a character");
        for (String email : new String[] {"a@b.c", "x".repeat(64) + "@" + "d".repeat(180) + ".example", "田中@例え.jp"}) {
            String token = tokens.tokenFor("an-issue-id-of-some-length-" + email.length(), email);
            assertEquals(Newsletter.BOUNCE_TOKEN_LENGTH, token.length(), token);
            assertTrue(token.matches("[a-z2-7]+"), token);
        }
    }

    @Test
    void aTokenFoldedToUpperCaseByAnMtaStillVerifies() {
        String token = tokens.tokenFor("2026-05", "reader@example.org");
        assertTrue(tokens.verify(token.toUpperCase(Locale.ROOT), "2026-05", "reader@example.org"));
        assertEquals(token, BounceToken.normalised(token.toUpperCase(Locale.ROOT)));
    }

    @Test
    void everyAlteredCharacterFailsIt() {
        String token = tokens.tokenFor("2026-05", "reader@example.org");
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        for (int i = 0; i < token.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c != token.charAt(i)) {
                    String altered = token.substring(0, i) + c + token.substring(i + 1);
                    // The last character holds no bits past the 120th: base32 of 15 bytes ends on a whole character.
                    assertFalse(tokens.verify(altered, "2026-05", "reader@example.org"), altered);
                }
            }
        }
        assertFalse(tokens.verify(token.substring(1), "2026-05", "reader@example.org"), "shortened");
        assertFalse(tokens.verify(token + "a", "2026-05", "reader@example.org"), "lengthened");
        assertFalse(tokens.verify(token.replace(token.charAt(3), '1'), "2026-05", "reader@example.org"), "not base32");
    }

    @Test
    void anotherSecretsTokenOrAForgedOneDoesNotVerify() {
        BounceToken other = BounceToken.withSecret("another-secret-entirely-0123456789abcdef");
        String theirs = other.tokenFor("2026-05", "reader@example.org");
        assertFalse(tokens.verify(theirs, "2026-05", "reader@example.org"));
        assertFalse(tokens.verify("a".repeat(24), "2026-05", "reader@example.org"));
    }

    @Test
    void tokensOfAThousandRecipientsAreAllDifferentAndTheSameEachTime() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = tokens.tokenFor("2026-05", "reader" + i + "@example.org");
            assertTrue(seen.add(token));
            assertEquals(token, BounceToken.withSecret(SECRET).tokenFor("2026-05", "reader" + i + "@example.org"));
        }
    }

    @Test
    void theAddressGetsTheTokenInPlaceOfThePlaceholder() {
        String address = tokens.address("bounces+{token}@example.org", "2026-05", "reader@example.org");
        assertEquals("bounces+" + tokens.tokenFor("2026-05", "reader@example.org") + "@example.org", address);
        assertTrue(address.indexOf('@') <= 64);
    }

    @Test
    void base32IsRfc4648InLowerCase() {
        // RFC 4648 section 10's vectors, lower-cased and unpadded.
        assertEquals("my", BounceToken.base32("f".getBytes()));
        assertEquals("mzxw6ytboi", BounceToken.base32("foobar".getBytes()));
        assertNull(BounceToken.normalised("mzxw6ytboi"), "not a token's length");
    }

    @Test
    void theSecretIsNotInItsString() {
        assertFalse(tokens.toString().contains(SECRET));
    }
}
