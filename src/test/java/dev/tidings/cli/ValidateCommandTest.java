package dev.tidings.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidateCommandTest {
    @TempDir
    Path dir;

    static final String NO_DKIM = "no dkim: messages go out unsigned, but Gmail and Yahoo require bulk senders to sign with DKIM aligned"
            + " with From, and RFC 8058 one-click unsubscribe counts only when List-Unsubscribe is signed; run tidings dkim keygen and add"
            + " the dkim: lines it prints, or write dkim: relay if your relay signs";

    @Test
    void theSampleDigestAndListAreValid() {
        CliRun run = CliRun.of("validate", "samples/social-learning-2.yaml", "--subscribers", "samples/subscribers.csv");
        assertEquals(0, run.exitCode(), run.all());
        // The sample has no DKIM key (a committed private key would be no secret): validate says what that costs.
        assertEquals("samples/social-learning-2.yaml:7:1: warning: newsletter: " + NO_DKIM + "\n"
                + "samples/social-learning-2.yaml: valid (0 errors, 1 warning)\n"
                + "samples/subscribers.csv: valid (0 errors, 0 warnings): 25 rows, 21 subscribed, 0 invalid, 0 duplicate\n", run.out());
        // Validation renders the issue too; without TIDINGS_SECRET its unsubscribe tokens are placeholders, said once.
        assertEquals("warning: TIDINGS_SECRET is not set; unsubscribe links carry the placeholder token NO-SECRET-SET-TIDINGS_SECRET\n",
                run.err());
    }

    @Test
    void aListRowsProblemNamesItsColumnAsTheFieldInJson() throws IOException {
        Path list = Files.writeString(dir.resolve("list.csv"), "email,name,status\nnot-an-address,A,\nb@example.org,B,gone\n");
        CliRun run = CliRun.of("validate", "samples/social-learning-2.yaml", "--subscribers", list.toString(), "--format", "json");
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.out().contains("\"line\" : 2,\n  \"column\" : 0,\n  \"field\" : \"email\",\n  \"message\" : \"'not-an-address' is not"),
                run.out());
        assertTrue(run.out().contains("\"field\" : \"status\",\n  \"message\" : \"'gone' is not one of subscribed, unsubscribed, bounced\""),
                run.out());
        CliRun text = CliRun.of("validate", "samples/social-learning-2.yaml", "--subscribers", list.toString());
        assertTrue(text.out().contains(list + ":3: status: 'gone' is not one of subscribed, unsubscribed, bounced\n"), text.out());
    }

    @Test
    void aListWithAStrayQuoteIsReportedWhereTheQuoteOpens() throws IOException {
        Path list = Files.writeString(dir.resolve("list.csv"), "email,name\nann@example.org, \"Lee, Ann\"\nbob@example.org,\"Bob\n"
                + "cy@example.org,Cy\ndi@example.org,Di\n");
        CliRun run = CliRun.of("validate", "samples/social-learning-2.yaml", "--subscribers", list.toString());
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.out().contains(list + ":3:17: a value opens with this double quote and is never closed"), run.out());

        Files.writeString(list, "email,name\nann@example.org, \"Lee, Ann\"\n");
        run = CliRun.of("validate", "samples/social-learning-2.yaml", "--subscribers", list.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().endsWith(list + ": valid (0 errors, 0 warnings): 1 row, 1 subscribed, 0 invalid, 0 duplicate\n"), run.out());
    }

    @Test
    void anInvalidDigestNamesFileLineColumnAndFieldAndExitsOne() throws IOException {
        Path digest = copySampleReplacing("url: https://www.example.org/nic-laycock/beware-the-m-word-in-communities",
                "url: javascript:alert(1)");
        CliRun run = CliRun.of("validate", digest.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains(digest + ":64:12: issue.items[2].url: must be an absolute http or https URL, not a javascript: link\n"),
                run.out());
        assertTrue(run.out().endsWith(digest + ": invalid (1 error, 0 warnings)\n"), run.out());
    }

    @Test
    void warningsPassUnlessStrict() throws IOException {
        Path digest = copySampleReplacing("  preheader: Michael Rose", "  # preheader: Michael Rose");
        assertEquals(0, CliRun.of("validate", digest.toString()).exitCode());
        CliRun strict = CliRun.of("validate", "--strict", digest.toString());
        assertEquals(1, strict.exitCode());
        assertTrue(strict.out().contains("warning: issue.preheader: no preheader"), strict.out());
        assertTrue(strict.out().contains("; --strict: warnings fail)"), strict.out());
    }

    @Test
    void jsonFormatPrintsAnArrayOfProblems() throws IOException {
        Path digest = copySampleReplacing("  title: Key social learning resources part 2", "  titel: Key social learning resources part 2");
        CliRun run = CliRun.of("validate", "--format", "json", digest.toString());
        assertEquals(1, run.exitCode());
        String json = run.out();
        assertTrue(json.startsWith("["), json);
        assertTrue(json.contains("\"field\" : \"issue.titel\""), json);
        assertTrue(json.contains("\"message\" : \"unknown key 'titel'; did you mean 'title'?\""), json);
        assertFalse(json.contains("\"field\" : \"issue.title\""), "the typo is one problem, not also a missing title: " + json);
        assertTrue(json.contains("\"line\" : 21"), json);
        assertFalse(json.contains("invalid ("), "no text summary in JSON mode");
    }

    @Test
    void aMissingFileIsOneLineAndExitOne() {
        CliRun run = CliRun.of("validate", "no/such/digest.yaml");
        assertEquals(1, run.exitCode());
        assertEquals("no/such/digest.yaml: file not found\nno/such/digest.yaml: invalid (1 error, 0 warnings)\n", run.out());
    }

    @Test
    void usageErrorsExitTwoWithAHint() {
        CliRun unknown = CliRun.of("validate", "--frobnicate", "samples/social-learning-2.yaml");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().startsWith("tidings: Unknown option: '--frobnicate'"), unknown.err());
        assertTrue(unknown.err().contains("Run 'tidings help validate' for usage."), unknown.err());
        assertEquals(2, CliRun.of("validate").exitCode());
        CliRun badFormat = CliRun.of("validate", "--format", "xml", "samples/social-learning-2.yaml");
        assertEquals(2, badFormat.exitCode());
        assertTrue(badFormat.err().contains("--format"), badFormat.err());
    }

    @Test
    void helpDocumentsTheExitCodes() {
        CliRun run = CliRun.of("help", "validate");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Exit codes:"), run.out());
        assertTrue(run.out().contains("4    stopped by a temporary condition"), run.out());
    }

    @Test
    void aQuoteLeftOpenIsReportedAtTheQuoteEvenWhenTheYamlStillParses() throws IOException {
        // Issue 18: "#3: ..." after the next opening quote is a comment to YAML, so this passed and one link vanished.
        Path digest = copySampleReplacing("- title: Key social learning resources part 1", "- title: \"#1: Key social learning resources");
        Files.writeString(digest, Files.readString(digest).replace("- title: Key social learning resources part 3",
                "- title: \"#3: Key social learning resources\""));
        CliRun run = CliRun.of("validate", digest.toString());
        assertEquals(1, run.exitCode(), run.all());
        assertEquals(digest + ":115:18: issue.sections[0].links[0].title: this quoted value runs on over 3 lines and takes in"
                + " `url:`; is its closing quote missing?\n" + digest + ": invalid (1 error, 0 warnings)\n", run.out());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void aValueThatStartsWithAHashSaysItIsACommentAndHowToQuoteIt() throws IOException {
        Path digest = copySampleReplacing("  title: Key social learning resources part 2", "  title: #2 Key social learning resources");
        CliRun run = CliRun.of("validate", digest.toString());
        assertEquals(1, run.exitCode(), run.all());
        assertEquals(digest + ":21:10: issue.title: is empty, because '#' starts a comment in YAML; if the text after it is the value,"
                + " put it in quotes: title: \"#2 Key social learning resources\"\n" + digest + ": invalid (1 error, 0 warnings)\n",
                run.out());
    }

    private Path copySampleReplacing(String from, String to) throws IOException {
        String text = Files.readString(Path.of("samples/social-learning-2.yaml"));
        assertTrue(text.contains(from), "the sample no longer contains: " + from);
        Path copy = dir.resolve("digest.yaml");
        Files.writeString(copy, text.replace(from, to));
        return copy;
    }
}
