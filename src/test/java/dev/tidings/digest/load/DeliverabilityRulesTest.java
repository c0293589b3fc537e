package dev.tidings.digest.load;

import dev.tidings.cli.CliRun;
import dev.tidings.digest.Problem;
import dev.tidings.digest.TestDigests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What spam filters score in a digest's fields, each warned at the field with SpamAssassin's rule
 * (or the reason) and the fix; each case breaks one line of the minimal digest, which has none.
 * {@code SpamAssassinIT} checks the same cases against the installed SpamAssassin.
 */
class DeliverabilityRulesTest {
    @TempDir
    Path dir;

    @Test
    void theMinimalDigestHasNothingToReport() throws IOException {
        assertEquals(List.of(), warnings("  title: The first issue", "  title: The first issue"));
    }

    @Test
    void theReadersAddressInClearInTheUnsubscribeUrlIsGbCustomHtmUriAtThePlaceholder() throws IOException {
        List<String> warnings = warnings("?list=weekly\"", "?email={email}&token={token}\"");
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).matches(".*digest\\.yaml:7:49: warning: newsletter\\.unsubscribe\\.url: GB_CUSTOM_HTM_URI: the link"
                + " carries the reader's address in clear \\(\\{email}\\), which SpamAssassin scores 1\\.0; use \\{subscriber}.*"), warnings.get(0));
        // The same address in another form: no rule fires, but it is still in clear.
        List<String> other = warnings("?list=weekly\"", "?u={email}\"");
        assertEquals(1, other.size(), other::toString);
        assertTrue(other.get(0).contains("newsletter.unsubscribe.url: the link carries the reader's address in clear ({email}; no SpamAssassin"
                + " rule in this form"), other.get(0));
        assertEquals(List.of(), warnings("?list=weekly\"", "?u={subscriber}\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"noreply@example.org", "no-reply@example.org", "donotreply@example.org", "do-not-reply@example.org",
            "alerts-noreply@example.org", "NoReply@example.org"})
    void aNoReplyFromWithoutReplyToIsWarnedWithTheReasonAndTheFix(String address) throws IOException {
        List<String> warnings = warnings("news@example.org", address);
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains(":4:9: warning: newsletter.from: a no-reply From without newsletter.reply_to (no SpamAssassin"
                + " rule; the reason: "), warnings.get(0));
        assertTrue(warnings.get(0).endsWith("set newsletter.reply_to to a mailbox someone reads"), warnings.get(0));
        assertEquals(List.of(), warnings("  from: \"Example Weekly <news@example.org>\"",
                "  from: \"Example Weekly <" + address + ">\"\n  reply_to: editor@example.org"));
    }

    @Test
    void aReplyAddressThatMerelyContainsReplyIsFine() throws IOException {
        assertEquals(List.of(), warnings("news@example.org", "replies@example.org"));
        assertEquals(List.of(), warnings("news@example.org", "noreplyguy.smith@example.org"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://bit.ly/3xYz", "https://t.co/abc", "https://tinyurl.com/y6abc", "https://x.page.link/abc"})
    void aShortenedLinkNamesSpamAssassinsListAtTheLink(String shortened) throws IOException {
        List<String> warnings = warnings("      url: https://example.org/first", "      url: " + shortened);
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains(":15:12: warning: issue.items[0].url: __URL_SHORTENER: " + shortened
                + " is a URL shortener (SpamAssassin's list, 25_url_shortener.cf)"), warnings.get(0));
        assertTrue(warnings.get(0).endsWith("link to the destination itself"), warnings.get(0));
    }

    @Test
    void aShortenerInsideMarkdownIsWarnedAtTheLinkItself() throws IOException {
        List<String> warnings = warnings("What the first article says.", "What [the first article](https://bit.ly/3xYz) says.");
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains(":16:21: warning: issue.items[0].summary: __URL_SHORTENER: https://bit.ly/3xYz"), warnings.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"THE FIRST ISSUE", "RE: THE FIRST ISSUE", "THE 1ST ISSUE!", "BIG NEWS TODAY"})
    void anAllCapitalsSubjectIsSubjAllCaps(String subject) throws IOException {
        List<String> warnings = warnings("  title: The first issue", "  title: \"" + subject + "\"");
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains(":10:10: warning: issue.title: SUBJ_ALL_CAPS: the subject is all capitals, which"
                + " SpamAssassin scores 0.5; write it in sentence or title case"), warnings.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NEWSLETTER", "BIG NEWS", "The FIRST issue", "2026 / 01 / 05 !!", "ÀÉÎ ÔÙÛ ÇÈÊ"})
    void subjectsThatSubjectIsAllCapsLetsPass(String subject) throws IOException {
        // One word; under 10 characters; not all capitals; no letters; no ASCII letters (the rule looks at a-z only).
        assertEquals(List.of(), warnings("  title: The first issue", "  title: \"" + subject + "\""));
    }

    @Test
    void anExplicitSubjectIsWarnedAtTheSubject() throws IOException {
        List<String> warnings = warnings("  title: The first issue", "  title: The first issue\n  subject: \"THE FIRST ISSUE\"");
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains(":11:12: warning: issue.subject: SUBJ_ALL_CAPS"), warnings.get(0));
    }

    @Test
    void validateStrictFailsOnThemAsOnEveryWarning() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "  title: The first issue", "  title: \"THE FIRST ISSUE\"");
        CliRun run = CliRun.of("validate", file.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().endsWith(file + ": valid (0 errors, 1 warning)\n"), run.out());
        CliRun strict = CliRun.of("validate", "--strict", file.toString());
        assertEquals(1, strict.exitCode(), strict.all());
        assertTrue(strict.out().endsWith(file + ": invalid (0 errors, 1 warning; --strict: warnings fail)\n"), strict.out());
    }

    @Test
    void aDigestWithErrorsGetsNoneOfThese() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "  title: The first issue", "  title: \"THE FIRST ISSUE\"\n  date: nope");
        assertEquals(List.of(), DeliverabilityRules.of(new DigestLoader().load(file)));
    }

    private List<String> warnings(String from, String to) throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", from, to);
        return DeliverabilityRules.of(new DigestLoader().load(file)).stream().map(Problem::format).toList();
    }
}
