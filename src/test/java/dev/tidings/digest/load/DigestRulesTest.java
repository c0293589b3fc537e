package dev.tidings.digest.load;

import dev.tidings.cli.CliRun;
import dev.tidings.digest.Event;
import dev.tidings.digest.Problem;
import dev.tidings.digest.TestDigests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The semantic rules, each on the minimal digest with one change. Errors are also covered line by
 * line by the bad-digest corpus; this class adds the warnings and the edges of each rule.
 */
class DigestRulesTest {
    @TempDir
    Path dir;

    @Test
    void aSubjectOfSeventyEightCharactersIsFine() throws IOException {
        assertEquals(List.of(), problems("  title: The first issue", "  title: " + "x".repeat(78)));
    }

    @Test
    void aLongerTitleUsedAsSubjectIsWarnedAtTheTitle() throws IOException {
        Path file = digest("  title: The first issue", "  title: " + "x".repeat(79));
        assertEquals(List.of(file + ":10:10: warning: issue.title: the subject is 79 characters; inboxes cut it after about 78"),
                formatted(file));
    }

    @Test
    void aLongerExplicitSubjectIsWarnedAtTheSubject() throws IOException {
        Path file = digest("  preheader: Two", "  subject: " + "y".repeat(100) + "\n  preheader: Two");
        assertEquals(List.of(file + ":11:12: warning: issue.subject: the subject is 100 characters; inboxes cut it after about 78"),
                formatted(file));
    }

    @Test
    void aMissingPreheaderIsWarnedAtTheIssue() throws IOException {
        Path file = digest("  preheader: Two articles worth reading\n", "");
        assertEquals(List.of(file + ":9:1: warning: issue.preheader: no preheader; inboxes will show the first words of the email instead"),
                formatted(file));
    }

    @Test
    void anItemWithoutSummaryIsWarnedAtTheItem() throws IOException {
        Path file = digest("      summary: What the second article says.\n", "");
        assertEquals(List.of(file + ":17:7: warning: issue.items[1].summary: item 2 has no summary"), formatted(file));
    }

    @Test
    void aRepeatedItemUrlIsWarnedAtTheRepeatNamingTheFirst() throws IOException {
        Path file = digest("      url: https://example.org/second", "      url: https://example.org/first");
        assertEquals(List.of(file + ":18:12: warning: issue.items[1].url: the same URL as issue.items[0] (item 1)"), formatted(file));
    }

    @Test
    void rawHtmlInMarkdownIsWarnedOncePerField() throws IOException {
        Path file = digest("      summary: What the first article says.",
                "      summary: |\n        What <b>the</b> first\n\n        <div>article</div> says.");
        assertEquals(List.of(file + ":17:14: warning: issue.items[0].summary: raw HTML is shown as text, not markup; use Markdown instead"),
                formatted(file));
    }

    @Test
    void emptyAltTextIsWarned() throws IOException {
        Path file = digest("  date: 2026-01-05", "  date: 2026-01-05\n  image:\n    url: https://example.org/cover.png\n    alt: ''");
        assertEquals(List.of(file + ":15:10: warning: issue.image.alt: empty alt text; describe the image for readers whose client blocks images"),
                formatted(file));
    }

    static Stream<Arguments> oneWarningEach() {
        return Stream.of(
                Arguments.of("no preheader", "  preheader: Two articles worth reading\n", ""),
                Arguments.of("item without summary", "      summary: What the first article says.\n", ""),
                Arguments.of("duplicate item URL", "      url: https://example.org/second", "      url: https://example.org/first"),
                Arguments.of("raw HTML in Markdown", "the first article says.", "the <em>first</em> article says."),
                Arguments.of("long subject", "  title: The first issue", "  title: " + "z".repeat(79)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneWarningEach")
    void aWarningAloneExitsZeroButOneWithStrict(String warning, String from, String to) throws IOException {
        Path file = digest(from, to);
        CliRun run = CliRun.of("validate", file.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(2, run.out().lines().count(), run.out());
        assertTrue(run.out().contains(": warning: "), run.out());
        assertTrue(run.out().endsWith(file + ": valid (0 errors, 1 warning)\n"), run.out());

        CliRun strict = CliRun.of("validate", "--strict", file.toString());
        assertEquals(1, strict.exitCode(), strict.all());
        assertTrue(strict.out().endsWith(file + ": invalid (0 errors, 1 warning; --strict: warnings fail)\n"), strict.out());
    }

    private static final String DATE = "  date: 2026-01-05";
    private static final String FIRST_URL = "      url: https://example.org/first";
    private static final String LAST_LINE = "      summary: What the second article says.";

    /** Each Markdown field: a line of the minimal digest and what replaces it; LINK stands for the Markdown. */
    static Stream<Arguments> markdownFields() {
        return Stream.of(
                Arguments.of("newsletter.footer", "  name: Example Weekly", "  name: Example Weekly\n  footer: LINK"),
                Arguments.of("issue.author.bio", DATE, DATE + "\n  author:\n    name: Ann\n    bio: LINK"),
                Arguments.of("issue.standfirst", DATE, DATE + "\n  standfirst: LINK"),
                Arguments.of("issue.intro", DATE, DATE + "\n  intro: LINK"),
                Arguments.of("issue.closing", DATE, DATE + "\n  closing: LINK"),
                Arguments.of("issue.items[0].summary", "      summary: What the first article says.", "      summary: LINK"),
                Arguments.of("issue.items[0].comment", FIRST_URL, FIRST_URL + "\n      comment: LINK"),
                Arguments.of("issue.callouts[0].body", LAST_LINE, LAST_LINE + "\n  callouts:\n    - heading: Join us\n      body: LINK"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("markdownFields")
    void everyMarkdownFieldRefusesAJavascriptLink(String field, String from, String to) throws IOException {
        List<Problem> problems = problems(from, to.replace("LINK", "\"Read [this](javascript:alert(1)).\""));
        assertEquals(List.of(field + ": link 'javascript:alert(1)' must be an absolute http or https URL, not a javascript: link"),
                problems.stream().map(p -> p.field() + ": " + p.message()).toList());
    }

    /** Each URL field: a line of the minimal digest and what replaces it; LINK stands for the URL. */
    static Stream<Arguments> urlFields() {
        return Stream.of(
                Arguments.of("newsletter.website", "  name: Example Weekly", "  name: Example Weekly\n  website: LINK"),
                Arguments.of("issue.author.url", DATE, DATE + "\n  author:\n    name: Ann\n    url: LINK"),
                Arguments.of("issue.image.url", DATE, DATE + "\n  image:\n    url: LINK\n    alt: Cover"),
                Arguments.of("issue.items[0].url", FIRST_URL, "      url: LINK"),
                Arguments.of("issue.items[0].image.url", FIRST_URL, FIRST_URL + "\n      image:\n        url: LINK\n        alt: A"),
                Arguments.of("issue.sections[0].links[0].url", LAST_LINE,
                        LAST_LINE + "\n  sections:\n    - heading: More\n      links:\n        - title: Part 1\n          url: LINK"),
                Arguments.of("issue.callouts[0].link.url", LAST_LINE,
                        LAST_LINE + "\n  callouts:\n    - heading: Join us\n      link:\n        text: Go\n        url: LINK"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("urlFields")
    void everyUrlFieldRefusesADataUrl(String field, String from, String to) throws IOException {
        List<Problem> problems = problems(from, to.replace("LINK", "\"data:text/html,hello\""));
        assertEquals(List.of(field + ": must be an absolute http or https URL, not a data: link"),
                problems.stream().map(p -> p.field() + ": " + p.message()).toList());
    }

    @Test
    void aDefaultedSubjectWithALineBreakIsReportedOnceAtTheTitle() throws IOException {
        Path file = digest("  title: The first issue", "  title: \"The first\\nissue\"");
        List<Problem> problems = new DigestLoader().load(file).problems();
        assertEquals(List.of("issue.title"), problems.stream().map(Problem::field).toList());
    }

    @Test
    void aFileNameThatIsNoUsableIdIsAnErrorOnlyWhenNoIdIsSet() throws IOException {
        Path unusable = TestDigests.minimalWith(dir, "issue #1.yaml");
        assertEquals(List.of(unusable + ":9:1: issue.id: the file name gives the id 'issue #1', which is not usable; "
                + "set issue.id to letters, digits, '.', '_' or '-'"), formatted(unusable));
        Path withId = TestDigests.minimalWith(dir, "issue #2.yaml", "  title: The first issue", "  id: issue-2\n  title: The first issue");
        assertEquals(List.of(), formatted(withId));
    }

    @Test
    void mailtoLinksInMarkdownAreFineWhenTheyHoldAnAddress() throws IOException {
        assertEquals(List.of(), problems("      summary: What the first article says.",
                "      summary: \"[Write to us](mailto:editor@example.org?subject=Hello) or [here](https://example.org).\""));
    }

    @Test
    void itemsMayLinkOverPlainHttpButUnsubscribeNeedsHttps() throws IOException {
        assertEquals(List.of(), problems("      url: https://example.org/first", "      url: http://example.org/first"));
        List<Problem> problems = problems("url: \"https://example.org/unsubscribe", "url: \"http://example.org/unsubscribe");
        assertEquals(List.of("newsletter.unsubscribe.url"), problems.stream().map(Problem::field).toList());
    }

    @Test
    void theUnsubscribeUrlMayUseEmailAndTokenPlaceholders() throws IOException {
        assertEquals(List.of(), problems("?list=weekly\"", "?email={email}&token={token}\""));
    }

    @Test
    void publicUrlGivesTheServeUnsubscribeUrlWhenNoneIsWritten() throws IOException {
        Path file = digest("  unsubscribe:\n    url: \"https://example.org/unsubscribe?list=weekly\"",
                "  public_url: https://news.example.org/letters\n  unsubscribe:\n    mailto: leave@example.org");
        var loaded = new DigestLoader().load(file);
        assertEquals(List.of(), loaded.problems());
        assertEquals("https://news.example.org/letters/unsubscribe?u={subscriber}", loaded.valid().newsletter().unsubscribe().url());
    }

    @Test
    void anInvalidPublicUrlIsNamedWithItsLine() throws IOException {
        Path file = digest("  unsubscribe:\n    url: \"https://example.org/unsubscribe?list=weekly\"",
                "  public_url: http://news.example.org/?x=1\n  unsubscribe:\n    mailto: leave@example.org");
        List<String> problems = formatted(file);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("digest.yaml:6:") && problems.get(0).contains("newsletter.public_url")
                && problems.get(0).contains("https"), problems.get(0));
    }

    @ParameterizedTest
    @MethodSource("subscribeUrls")
    void theArchivesSubscribeUrlIsHttpsOrHttpOnLoopback(String url, String problem) throws IOException {
        List<Problem> problems = problems("  postal_address:", "  subscribe_url: \"" + url + "\"\n  postal_address:");
        assertEquals(problem == null ? List.of() : List.of("newsletter.subscribe_url: " + problem),
                problems.stream().map(p -> p.field() + ": " + p.message()).toList());
    }

    static Stream<Arguments> subscribeUrls() {
        String https = "must be an absolute https URL, not a http: link (http only on localhost)";
        return Stream.of(
                Arguments.of("https://news.example.org/subscribe", null),
                Arguments.of("http://127.0.0.1:8080/subscribe", null),
                Arguments.of("http://localhost/subscribe", null),
                Arguments.of("http://[::1]:9000/subscribe", null),
                Arguments.of("http://news.example.org/subscribe", https),
                Arguments.of("http://localhost.example.org/subscribe", https),
                Arguments.of("http://127.0.0.1.example.org/subscribe", https),
                Arguments.of("javascript:alert(1)", "must be an absolute https URL, not a javascript: link (http only on localhost)"),
                Arguments.of("https://news.example.org/subscribe#form",
                        "must be the URL the archive's subscribe box posts to (tidings serve's /subscribe), without a #fragment"));
    }

    @Test
    void theUnsubscribeMailtoMustBeABareAddress() throws IOException {
        List<Problem> problems = problems("    url: \"https://example.org/unsubscribe?list=weekly\"",
                "    mailto: \"Unsubscribe <unsubscribe@example.org>\"");
        assertEquals(List.of("newsletter.unsubscribe.mailto: must be a bare address like name@example.org, without a display name"),
                problems.stream().map(p -> p.field() + ": " + p.message()).toList());
    }

    @Test
    void anIdnDomainInFromIsAccepted() throws IOException {
        assertEquals(List.of(), problems("<news@example.org>", "<news@bücher.example>"));
    }

    private static final String EVENT_CALLOUT = LAST_LINE + """

              callouts:
                - heading: Community call
                  event:
            """;

    @Test
    void anEventTimeWithoutAnOffsetIsAnErrorAtThatTime() throws IOException {
        Path file = digest(LAST_LINE, EVENT_CALLOUT + "        start: 2026-12-22T17:00:00\n");
        assertEquals(List.of(file + ":23:16: issue.callouts[0].event.start: must be a date and time with its offset,"
                + " like 2026-12-22T17:00:00Z or 2026-12-22T18:00:00+01:00"), formatted(file));
    }

    @Test
    void anEventThatEndsBeforeItStartsIsAnErrorAtTheEnd() throws IOException {
        Path file = digest(LAST_LINE, EVENT_CALLOUT + "        start: 2026-12-22T17:00:00Z\n        end: 2026-12-22T18:00:00+02:00\n");
        assertEquals(List.of(file + ":24:14: issue.callouts[0].event.end: must be after the start (2026-12-22T17:00Z)"),
                formatted(file));
    }

    @Test
    void anEventWithAStartOnlyIsValidAndLastsAnHour() throws IOException {
        Path file = digest(LAST_LINE, EVENT_CALLOUT + "        start: 2026-12-22T17:00:00+01:00\n        location: Online\n");
        LoadedDigest loaded = new DigestLoader().load(file);
        assertEquals(List.of(), loaded.problems());
        Event event = loaded.valid().issue().callouts().get(0).event();
        assertEquals(java.time.OffsetDateTime.parse("2026-12-22T18:00:00+01:00"), event.end());
    }

    @Test
    void aUtmValueMayUseOnlyTheIssueIdPlaceholder() throws IOException {
        Path file = digest("    url: \"https://example.org/unsubscribe?list=weekly\"",
                "    url: \"https://example.org/unsubscribe?list=weekly\"\n  utm:\n    source: weekly\n    campaign: \"{issue.title}\"");
        assertEquals(List.of(file + ":10:15: newsletter.utm.campaign: unknown placeholder {issue.title}; a UTM value may use {issue.id}"),
                formatted(file));
    }

    @Test
    void aGreetingMayUseOnlyTheNamePlaceholders() throws IOException {
        Path file = digest("    url: \"https://example.org/unsubscribe?list=weekly\"",
                "    url: \"https://example.org/unsubscribe?list=weekly\"\n  greeting: \"Hi {firstname},\"\n"
                        + "  greeting_without_name: \"Hi {name},\"");
        assertEquals(List.of(file + ":8:13: newsletter.greeting: unknown placeholder {firstname}; a greeting may use {first_name} and {name}",
                file + ":9:26: newsletter.greeting_without_name: has the placeholder {name}, but it is the greeting of subscribers"
                        + " without a name: write it without placeholders"), formatted(file));
    }

    @Test
    void aGreetingIsTextOrABoolean() throws IOException {
        Path file = digest("    url: \"https://example.org/unsubscribe?list=weekly\"",
                "    url: \"https://example.org/unsubscribe?list=weekly\"\n  greeting: 5");
        assertEquals(List.of(file + ":8:13: newsletter.greeting: must be text or a boolean, not the number 5 (put it in quotes if it is meant as text)"), formatted(file));
    }

    @Test
    void anArchiveUrlMustBeAbsoluteHttp() throws IOException {
        Path file = digest("    url: \"https://example.org/unsubscribe?list=weekly\"",
                "    url: \"https://example.org/unsubscribe?list=weekly\"\n  archive_url: /archive/");
        List<String> problems = formatted(file);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(file + ":8:16: newsletter.archive_url: "), problems.get(0));
    }

    private static final String FROM_LINE = "  from: \"Example Weekly <news@example.org>\"";

    private List<String> bounceProblems(String address) throws IOException {
        Path file = digest(FROM_LINE, FROM_LINE + "\n  bounce_address: \"" + address + "\"");
        return formatted(file).stream().map(p -> p.substring(p.indexOf(": ") + 2)).toList();
    }

    @Test
    void aBounceAddressWithItsTokenInTheLocalPartIsFine() throws IOException {
        assertEquals(List.of(), bounceProblems("bounces+{token}@example.org"));
        assertEquals(List.of(), bounceProblems("bounces@example.org"));
    }

    /** RFC 5321 4.5.3.1.1: 64 octets of local part, counted with the token's real length (24), not the placeholder's (7). */
    @Test
    void theLocalPartWithTheTokenMustStayWithinSixtyFourOctets() throws IOException {
        int room = 64 - dev.tidings.digest.Newsletter.BOUNCE_TOKEN_LENGTH - 1; // "+" and the token
        assertEquals(List.of(), bounceProblems("b".repeat(room) + "+{token}@example.org"));
        List<String> problems = bounceProblems("b".repeat(room + 1) + "+{token}@example.org");
        assertEquals(List.of("newsletter.bounce_address: has a local part of 65 octets with its 24-character token;"
                + " RFC 5321 allows at most 64 (shorten the part before the @)"), problems);
        assertEquals(1, bounceProblems("b".repeat(65) + "@example.org").size());
    }

    @Test
    void theTokenOnlyOnceAndOnlyBeforeTheAt() throws IOException {
        String once = "newsletter.bounce_address: {token} may appear once, in the part before the @ (bounces+{token}@example.org)";
        assertEquals(List.of(once), bounceProblems("bounces@{token}.example.org"));
        assertEquals(List.of(once), bounceProblems("b+{token}+{token}@example.org"));
        assertEquals(List.of("newsletter.bounce_address: unknown placeholder {email}; a bounce address may use {token}"),
                bounceProblems("b+{email}@example.org"));
    }

    @Test
    void aBounceAddressIsABareAddress() throws IOException {
        assertEquals(List.of("newsletter.bounce_address: must be a bare address like name@example.org, without a display name"),
                bounceProblems("Bounces <bounces@example.org>"));
        assertTrue(bounceProblems("bounces").get(0).startsWith("newsletter.bounce_address: is not a valid email address"));
        assertTrue(bounceProblems("bounces@localhost").get(0).contains("has no dot"));
    }

    private List<Problem> problems(String from, String to) throws IOException {
        return new DigestLoader().load(digest(from, to)).problems();
    }

    private Path digest(String from, String to) throws IOException {
        return TestDigests.minimalWith(dir, "digest.yaml", from, to);
    }

    private static List<String> formatted(Path file) {
        return new DigestLoader().load(file).problems().stream().map(Problem::format).toList();
    }
}
