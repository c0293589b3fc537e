package dev.tidings.digest.load;

import dev.tidings.digest.CalloutLink;
import dev.tidings.digest.Issue;
import dev.tidings.digest.Item;
import dev.tidings.digest.Link;
import dev.tidings.digest.Newsletter;
import dev.tidings.digest.Problem;
import dev.tidings.digest.Severity;
import dev.tidings.digest.TestDigests;
import dev.tidings.digest.Unsubscribe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigestLoaderTest {
    @TempDir
    Path dir;

    private final DigestLoader loader = new DigestLoader();

    @Test
    void theSampleLoadsWithoutProblems() {
        LoadedDigest loaded = loader.load(TestDigests.SAMPLE);
        assertEquals(List.of(), loaded.problems());
        assertFalse(loaded.hasErrors());
        assertEquals(TestDigests.SAMPLE, loaded.valid().source());
    }

    @Test
    void theSampleNewsletterIsTheSender() {
        Newsletter newsletter = loader.load(TestDigests.SAMPLE).valid().newsletter();
        assertEquals("TrainingZone", newsletter.name());
        assertEquals("TrainingZone <newsletter@trainingzone.example>", newsletter.from());
        assertEquals("editor@trainingzone.example", newsletter.replyTo());
        assertEquals("https://trainingzone.example", newsletter.website());
        assertEquals("TrainingZone, 1 Example Street, London EC1A 1AA, United Kingdom", newsletter.postalAddress());
        assertEquals(new Unsubscribe("unsubscribe@trainingzone.example",
                "https://trainingzone.example/unsubscribe?u={subscriber}"), newsletter.unsubscribe());
        assertTrue(newsletter.footer().startsWith("**Get the latest from TrainingZone.**"), newsletter.footer());
    }

    @Test
    void theSampleIssueHasItsFieldsAndDefaults() {
        Issue issue = loader.load(TestDigests.SAMPLE).valid().issue();
        assertEquals("social-learning-2", issue.id());
        assertEquals("Key social learning resources part 2", issue.title());
        assertEquals(issue.title(), issue.subject(), "the sample sets no subject, so it is the title");
        assertTrue(issue.preheader().startsWith("Michael Rose, Jane Bozarth"), issue.preheader());
        assertEquals(LocalDate.of(2026, 9, 15), issue.date());
        assertEquals("Jane Hart", issue.author().name());
        assertEquals("https://www.example.org/c4lpt", issue.author().url());
        assertTrue(issue.standfirst().startsWith("Jane Hart continues"), issue.standfirst());
        assertTrue(issue.intro().endsWith("This is the second instalment.\n"), issue.intro());
        assertNull(issue.image());
        assertTrue(issue.closing().startsWith("So we finish this week"), issue.closing());
        assertEquals(1, issue.sections().size());
        assertEquals("Also in the series . . .", issue.sections().get(0).heading());
        assertEquals(2, issue.sections().get(0).links().size());
        assertEquals(new Link("Key social learning resources part 3", "https://trainingzone.example/issues/social-learning-3"),
                issue.sections().get(0).links().get(1));
        assertEquals(1, issue.callouts().size());
        assertEquals(new CalloutLink("Find out more", "https://trainingzone.example/events/social-learning-twitter-chat"),
                issue.callouts().get(0).link());
    }

    @Test
    void theSampleHasFiveItemsNumberedOneToFiveInOrder() {
        List<Item> items = loader.load(TestDigests.SAMPLE).valid().issue().items();
        assertEquals(List.of(1, 2, 3, 4, 5), items.stream().map(Item::number).toList());
        assertEquals(List.of("Michael Rose", "Jane Bozarth", "Nic Laycock", "Clark Quinn", "Karl Moore"),
                items.stream().map(Item::author).toList());
        Item first = items.get(0);
        assertEquals("Social Learning for a Social Workplace", first.title());
        assertEquals("https://www.example.org/michael-rose/social-learning-for-a-social-workplace", first.url());
        assertNull(first.source());
        assertEquals(2, first.quotes().size());
        assertTrue(first.quotes().get(1).startsWith("This mentality is very different"), first.quotes().get(1));
        assertFalse(first.quotes().get(1).contains("\n"), "a >- block folds into one line");
        assertEquals("Real Workplace Learning", items.get(1).source());
        assertEquals("An impressive piece from Clark, who holds a PhD in cognitive science.", items.get(3).comment());
        assertNull(items.get(4).comment());
    }

    @Test
    void theIdDefaultsToTheFileNameWithoutExtension() throws IOException {
        Path file = TestDigests.minimalWith(dir, "2026-01-weekly.yaml");
        assertEquals("2026-01-weekly", loader.load(file).valid().issue().id());
    }

    @Test
    void anExplicitIdWinsOverTheFileName() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "  title: The first issue", "  id: issue-1\n  title: The first issue");
        assertEquals("issue-1", loader.load(file).valid().issue().id());
    }

    @Test
    void anExplicitSubjectWinsOverTheTitle() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "  title: The first issue", "  title: The first issue\n  subject: Read this first");
        Issue issue = loader.load(file).valid().issue();
        assertEquals("The first issue", issue.title());
        assertEquals("Read this first", issue.subject());
    }

    @Test
    void theNewsletterCanComeFromASeparateFile() throws IOException {
        Path digest = newsletterInItsOwnFile("shared/newsletter.yaml", "Example Weekly <news@example.org>");
        LoadedDigest loaded = loader.load(digest);
        assertEquals(List.of(), loaded.problems());
        assertEquals("Example Weekly", loaded.valid().newsletter().name());
        assertEquals("Example Weekly <news@example.org>", loaded.valid().newsletter().from());
        assertEquals(dir.resolve("shared/newsletter.yaml").toString(), loaded.sourceMap().fileOf("newsletter.from"));
        assertEquals(digest.toString(), loaded.sourceMap().fileOf("issue.title"));
    }

    @Test
    void problemsInASeparateNewsletterFileNameThatFileAndItsPositions() throws IOException {
        Path digest = newsletterInItsOwnFile("shared/newsletter.yaml", "Example Weekly <news.example.org>");
        List<Problem> problems = loader.load(digest).problems();
        assertEquals(1, problems.size(), problems.toString());
        Problem problem = problems.get(0);
        assertEquals(dir.resolve("shared/newsletter.yaml").toString(), problem.file());
        assertEquals(2, problem.line());
        assertEquals(7, problem.column());
        assertEquals("newsletter.from", problem.field());
    }

    @Test
    void aBadLinkInALiteralBlockIsLocatedExactly() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "      summary: What the first article says.",
                "      summary: |\n\n        What the first article says,\n          with an indented [trap](javascript:alert(1)) in it.");
        assertEquals(TestDigests.positionOf(file, "[trap]"), onlyErrorPosition(file));
    }

    @Test
    void aBadLinkOnTheLaterLinesOfALiteralBlockIsLocatedExactly() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "      summary: What the second article says.",
                "      summary: |-\n        One.\n\n        Two, and ![image](data:image/png;base64,AAAA)\n        three.");
        assertEquals(TestDigests.positionOf(file, "![image]"), onlyErrorPosition(file));
    }

    @Test
    void aBadLinkInAOneLineQuotedValueIsLocatedExactly() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "      summary: What the first article says.",
                "      summary: 'See [this](javascript:alert(1)) now'");
        assertEquals(TestDigests.positionOf(file, "[this]"), onlyErrorPosition(file));
    }

    @Test
    void aBadLinkInAFoldedBlockIsLocatedAtTheValueSinceFoldingMovesText() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "      summary: What the first article says.",
                "      summary: >\n        What the first\n        article [says](javascript:alert(1)).");
        assertEquals(TestDigests.positionOf(file, "summary: >", "summary: ".length()), onlyErrorPosition(file));
    }

    @Test
    void aBadLinkAfterAnEscapeIsLocatedAtTheValueSinceEscapesShortenTheText() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "      summary: What the first article says.",
                "      summary: \"A \\\"quoted\\\" [link](javascript:alert(1))\"");
        assertEquals(TestDigests.positionOf(file, "\"A "), onlyErrorPosition(file));
    }

    @Test
    void everyProblemIsReportedInOneRunInFileOrder() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml",
                "  name: Example Weekly", "  name: 42",
                "      url: https://example.org/second", "      url: javascript:alert(1)",
                "      summary: What the first article says.\n", "");
        List<Problem> problems = loader.load(file).problems();
        assertEquals(List.of("newsletter.name", "issue.items[0].summary", "issue.items[1].url"),
                problems.stream().map(Problem::field).toList());
        assertEquals(List.of(Severity.ERROR, Severity.WARNING, Severity.ERROR),
                problems.stream().map(Problem::severity).toList());
        assertTrue(IntStream.range(1, problems.size()).allMatch(i -> problems.get(i - 1).line() <= problems.get(i).line()));
    }

    @Test
    void aDigestWithErrorsIsNotHandedOutAsValid() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "  date: 2026-01-05", "  date: 2026-13-01");
        LoadedDigest loaded = loader.load(file);
        assertTrue(loaded.hasErrors());
        assertThrows(IllegalStateException.class, loaded::valid);
    }

    @Test
    void aFileThatIsNotYamlHasNoDigestAndOneProblem() throws IOException {
        Path file = Files.writeString(dir.resolve("digest.yaml"), "issue: [unclosed\n");
        LoadedDigest loaded = loader.load(file);
        assertNull(loaded.digest());
        assertEquals(1, loaded.problems().size(), loaded.problems().toString());
        assertTrue(loaded.problems().get(0).message().startsWith("not valid YAML: "), loaded.problems().toString());
    }

    @Test
    void aQuotedValueThatTakesInTheNextKeyIsAnErrorAtItsOpeningQuoteAndNoDigest() throws IOException {
        // Issue 18: valid YAML (the '#' after the subject's quote makes the rest a comment), so it used to
        // pass, with the subject gone and the title ending "...that forget subject: ".
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "  title: The first issue",
                "  title: \"The Curious Curator #12: notebooks that forget\n  subject: \"#12: notebooks\"");
        LoadedDigest loaded = loader.load(file);
        assertNull(loaded.digest());
        assertEquals(List.of(file + ":10:10: issue.title: this quoted value runs on over 2 lines and takes in `subject:`;"
                + " is its closing quote missing?"), loaded.problems().stream().map(Problem::format).toList());
    }

    @Test
    void aQuoteLeftOpenToTheEndOfTheFileNamesItsLastLineAsAnEditorNumbersIt() throws IOException {
        // 19 lines, each ending with a line break: the end is at column 0 of a 20th line no editor shows.
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "    - title: Second article", "    - title: \"Second article");
        assertEquals(19, Files.readAllLines(file).size());
        assertEquals(List.of(file + ":17:14: this quoted value runs on to the end of the file (line 19); is its closing quote missing?"),
                loader.load(file).problems().stream().map(Problem::format).toList());
        // Without the last line break the end is on line 19 itself.
        Files.writeString(file, Files.readString(file).stripTrailing());
        assertEquals(List.of(file + ":17:14: this quoted value runs on to the end of the file (line 19); is its closing quote missing?"),
                loader.load(file).problems().stream().map(Problem::format).toList());
    }

    @Test
    void aQuotedValueOverSeveralLinesOfProseStillLoads() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "      summary: What the first article says.",
                "      summary: \"What the first article says:\n        note: it is good\n        - and more\"");
        LoadedDigest loaded = loader.load(file);
        assertEquals(List.of(), loaded.problems());
        assertEquals("What the first article says: note: it is good - and more", loaded.valid().issue().items().get(0).summary());
    }

    @Test
    void aRunOnQuoteInASeparateNewsletterFileIsReportedThere() throws IOException {
        Path digest = newsletterInItsOwnFile("shared/newsletter.yaml", "Example Weekly <news@example.org>");
        Path newsletter = dir.resolve("shared/newsletter.yaml");
        Files.writeString(newsletter, Files.readString(newsletter).replace("1 Example Street", "\"1 Example Street")
                .replace("mailto: unsubscribe@example.org", "mailto: \"unsubscribe@example.org\""));
        List<String> problems = loader.load(digest).problems().stream().map(Problem::format).toList();
        assertEquals(List.of(newsletter + ":3:17: newsletter.postal_address: this quoted value runs on over 3 lines and takes in"
                + " `unsubscribe:`; is its closing quote missing?"), problems);
    }

    @Test
    void anEntityThatYamlTakesForAnAnchorIsAnErrorNotALostWord() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "      summary: What the first article says.",
                "      summary: &amp; more on what the first article says");
        List<String> problems = loader.load(file).problems().stream().map(Problem::format).toList();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).endsWith(": issue.items[0].summary: '&amp;' starts a YAML anchor, so the value is read as"
                + " 'more on what the first article says'; a digest uses none: put the whole value in quotes:"
                + " \"&amp; more on what the first article says\""), problems.get(0));
    }

    @Test
    void aWordThatYamlTakesForATagIsAnErrorNotALostWord() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "  title: The first issue",
                "  title: !Breaking news from the notebook # as typed");
        List<String> problems = loader.load(file).problems().stream().map(Problem::format).toList();
        assertEquals(List.of(file + ":10:10: issue.title: '!Breaking' starts a YAML tag, so the value is read as"
                + " 'news from the notebook'; a digest uses none: put the whole value in quotes:"
                + " \"!Breaking news from the notebook\""), problems);
    }

    @Test
    void theQuotedFixOfALongValueIsWholeSoThatItCanBePasted() throws IOException {
        String title = "#12 notebooks that forget, lists that remember, and five other things worth your evening";
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "  title: The first issue", "  title: " + title);
        List<String> problems = loader.load(file).problems().stream().map(Problem::format).toList();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).endsWith("put it in quotes: title: \"" + title + "\""), problems.get(0));
    }

    @Test
    void aValueEmptiedByACommentSaysSoInsteadOfMustNotBeEmpty() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "  title: The first issue",
                "  title: The first issue\n  subject: #12 notebooks that forget");
        assertEquals(List.of(file + ":11:12: issue.subject: is empty, because '#' starts a comment in YAML; if the text after it"
                + " is the value, put it in quotes: subject: \"#12 notebooks that forget\""),
                loader.load(file).problems().stream().map(Problem::format).toList());
    }

    @Test
    void aCommentAfterAValueOrAfterAKeyWithAMappingIsNoProblem() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "  title: The first issue", "  title: The first issue # #12",
                "  unsubscribe:", "  unsubscribe: # how to leave");
        assertEquals(List.of(), loader.load(file).problems());
    }

    @Test
    void aMisspeltSummaryIsOneErrorNotAlsoAnItemWithoutASummary() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "      summary: What the first article says.",
                "      sumary: What the first article says.");
        assertEquals(List.of(file + ":16:7: issue.items[0].sumary: unknown key 'sumary'; did you mean 'summary'?"),
                loader.load(file).problems().stream().map(Problem::format).toList());
    }

    private Path newsletterInItsOwnFile(String name, String from) throws IOException {
        Path newsletter = dir.resolve(name);
        Files.createDirectories(newsletter.getParent());
        Files.writeString(newsletter, "name: Example Weekly\n"
                + "from: \"" + from + "\"\n"
                + "postal_address: 1 Example Street\n"
                + "unsubscribe:\n"
                + "  mailto: unsubscribe@example.org\n");
        String minimal = Files.readString(TestDigests.MINIMAL);
        return Files.writeString(dir.resolve("digest.yaml"), "newsletter: " + name + "\n" + minimal.substring(minimal.indexOf("issue:")));
    }

    /** "line:column" of the one problem loading the file finds, which must be an error. */
    private String onlyErrorPosition(Path file) {
        List<Problem> problems = loader.load(file).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).isError(), problems.toString());
        return problems.get(0).line() + ":" + problems.get(0).column();
    }
}
