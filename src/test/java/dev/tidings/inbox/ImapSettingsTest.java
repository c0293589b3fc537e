package dev.tidings.inbox;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import dev.tidings.mail.Secret;
import dev.tidings.mail.smtp.SmtpSettings;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImapSettingsTest {
    @Test
    void imapsIsImplicitTlsOnPort993AndTheFolderDefaultsToInbox() {
        ImapSettings settings = ImapSettings.parse("imaps://news%40trainingzone.example@imap.example.org");
        assertEquals(new ImapSettings("imap.example.org", 993, ImapSettings.Security.IMPLICIT_TLS, "news@trainingzone.example", "INBOX",
                null, SmtpSettings.DEFAULT_TIMEOUT), settings);
        assertEquals("imaps://news@trainingzone.example@imap.example.org:993/INBOX", settings.describe());
    }

    @Test
    void imapRequiresStarttlsExceptOnLoopback() {
        assertEquals(ImapSettings.Security.STARTTLS_REQUIRED, ImapSettings.parse("imap://news@imap.example.org/INBOX").security());
        assertEquals(143, ImapSettings.parse("imap://news@imap.example.org/INBOX").port());
        for (String loopback : new String[]{"127.0.0.1", "localhost", "[::1]", "127.0.1.1"}) {
            assertEquals(ImapSettings.Security.STARTTLS_IF_OFFERED, ImapSettings.parse("imap://news@" + loopback + ":3143/").security(), loopback);
        }
        assertEquals("Bounces/2026", ImapSettings.parse("imap://news@127.0.0.1/Bounces/2026/").folder());
        assertEquals("Old Mail", ImapSettings.parse("imap://news@127.0.0.1/Old%20Mail").folder());
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutRepeatingIt() {
        TidingsException e = assertThrows(TidingsException.class, () -> ImapSettings.parse("imaps://news:s3cret-Pw@imap.example.org/INBOX"));
        assertEquals(ExitStatus.USAGE, e.status());
        assertTrue(e.getMessage().contains("do not put the password in the URL") && e.getMessage().contains("TIDINGS_IMAP_PASSWORD"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-Pw"));
    }

    @Test
    void otherMistakesAreUsageErrorsSayingWhatIsExpected() {
        assertEquals("--imap: the URL names no user; expected imaps://user@host[:port]/INBOX",
                assertThrows(TidingsException.class, () -> ImapSettings.parse("imaps://imap.example.org/INBOX")).getMessage());
        assertEquals("--imap: expected imaps://user@host[:port]/INBOX (or imap:// with STARTTLS)",
                assertThrows(TidingsException.class, () -> ImapSettings.parse("pop3://news@pop.example.org")).getMessage());
        assertTrue(assertThrows(TidingsException.class, () -> ImapSettings.parse("imaps://news@trainingzone.example@imap.example.org/INBOX"))
                .getMessage().contains("needs its @ written as %40"));
        assertTrue(ImapSettings.parse("imaps://news@imap.example.org").withPassword(new Secret("pw-Zq7")).toString().indexOf("pw-Zq7") < 0);
    }
}
