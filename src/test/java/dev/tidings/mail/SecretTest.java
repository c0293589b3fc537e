package dev.tidings.mail;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SecretTest {
    @Test
    void aSecretIsHiddenWhereverItStandsInAMessage() {
        Secret secret = new Secret("s3cret-pass");
        assertEquals("LOGIN news [hidden] failed; again [hidden]", secret.hideIn("LOGIN news s3cret-pass failed; again s3cret-pass"));
        assertEquals("x[hidden]y", secret.hideIn("xs3cret-passy"), "six characters or more: even inside a word");
        assertEquals("nothing here", secret.hideIn("nothing here"));
        assertNull(secret.hideIn(null));
    }

    @Test
    void aShortSecretIsHiddenAsAWordButLeavesOtherWordsWhole() {
        Secret secret = new Secret("x");
        assertEquals("cannot reach imaps://news:[hidden]@127.0.0.1:1/INBOX: ConnectException: Connection refused",
                secret.hideIn("cannot reach imaps://news:x@127.0.0.1:1/INBOX: ConnectException: Connection refused"));
        assertEquals("[hidden] [hidden]", secret.hideIn("x x"));
        assertEquals("password '[hidden]' refused", new Secret("ab12").hideIn("password 'ab12' refused"));
        assertEquals("ab123", new Secret("ab12").hideIn("ab123"));
    }

    @Test
    void overlappingOccurrencesAreHiddenOnce() {
        assertEquals("[hidden]a", new Secret("aaaaaa").hideIn("aaaaaaa"));
    }

    @Test
    void toStringNeverShowsIt() {
        assertEquals("[hidden]", new Secret("s3cret-pass").toString());
    }
}
