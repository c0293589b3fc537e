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

    /** Replies are folded to one line before they are printed: a password with a tab or two spaces is hidden in that form too. */
    @Test
    void aPasswordWithWhiteSpaceIsHiddenAlsoOnceFoldedToOneLine() {
        Secret secret = new Secret("correct\thorse  battery");
        assertEquals("535 refused: [hidden]", secret.hideIn("535 refused: correct horse battery"));
        assertEquals("535 refused: [hidden]", secret.hideIn("535 refused: correct\thorse  battery"));
    }

    /** What AUTH LOGIN and AUTH PLAIN send, base64, echoed by a hostile relay. */
    @Test
    void theAuthFormsOfThePasswordAreHidden() {
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        Secret secret = new Secret("s3cret-pass");
        String login = base64.encodeToString("s3cret-pass".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String plain = base64.encodeToString("news\0news\0s3cret-pass".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("535 you sent [hidden] and AUTH PLAIN [hidden]", secret.hideIn("535 you sent " + login + " and AUTH PLAIN " + plain, "news"));
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
