package dev.tidings.subscribers;

import dev.tidings.cli.CliRun;
import dev.tidings.digest.Problem;
import dev.tidings.digest.TestDigests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubscriberListCheckTest {
    @TempDir
    Path dir;

    private final SubscriberListCheck check = new SubscriberListCheck();

    @Test
    void theSampleListIsValid() {
        SubscriberListCheck.Result result = check.check(Path.of("samples/subscribers.csv"));
        assertEquals(List.of(), result.problems());
        assertEquals(25, result.rows());
        assertEquals(21, result.subscribed());
        assertFalse(result.hasErrors());
    }

    @Test
    void invalidRowsAreErrorsOnTheirLines() throws IOException {
        Path list = csv("email,name,status\na@example.org,A,\nnot-an-address,B,\nc@example.org,C,subscibed\n");
        SubscriberListCheck.Result result = check.check(list);
        assertEquals(List.of(
                list + ":3: email: 'not-an-address' is not a valid email address (it needs a local part, an @ and a domain)",
                list + ":4: status: 'subscibed' is not one of subscribed, unsubscribed, bounced"), formatted(result));
        assertEquals(3, result.rows());
        assertEquals(2, result.invalid());
        assertEquals(1, result.subscribed());
        assertTrue(result.hasErrors());
    }

    @Test
    void duplicatesIgnoringCaseAreWarningsNamingTheFirstLine() throws IOException {
        Path list = csv("email\nAnn@Example.org\nbob@example.org\nann@example.org\nuser@BÜCHER.example\nuser@bücher.example\n");
        SubscriberListCheck.Result result = check.check(list);
        assertEquals(List.of(
                list + ":4: warning: duplicate of line 2 (ann@example.org; addresses are compared ignoring case); it receives one copy",
                list + ":6: warning: duplicate of line 5 (user@bücher.example; addresses are compared ignoring case); it receives one copy"),
                formatted(result));
        assertEquals(2, result.duplicates());
        assertEquals(3, result.subscribed(), "a duplicate is counted once");
        assertFalse(result.hasErrors());
    }

    @Test
    void lineNumbersStayRightAfterQuotedLineBreaksAndBlankLines() throws IOException {
        Path list = csv("email,note\na@example.org,\"one\ntwo\"\n\nbad,x\na@example.org,y\n");
        assertEquals(List.of(
                list + ":5: email: 'bad' is not a valid email address (it needs a local part, an @ and a domain)",
                list + ":6: warning: duplicate of line 2 (a@example.org; addresses are compared ignoring case); it receives one copy"),
                formatted(check.check(list)));
    }

    @Test
    void anUnreadableListIsOneErrorAndNoRows() throws IOException {
        Path list = csv("name,status\nAnn,subscribed\n");
        SubscriberListCheck.Result result = check.check(list);
        assertEquals(List.of(list + ":1: the header has no 'email' column (found: name, status); "
                + "the first line must name the columns, e.g. email,name,status"), formatted(result));
        assertEquals(0, result.rows());
        assertTrue(result.hasErrors());
    }

    @Test
    void anEmptyListIsAnError() throws IOException {
        Path list = csv("");
        assertEquals(List.of(list + ": the file is empty; the first line must name the columns, e.g. email,name,status"),
                formatted(check.check(list)));
    }

    @Test
    void reportingStopsAtTheCapButEveryProblemIsCounted() throws IOException {
        int bad = SubscriberListCheck.MAX_REPORTED + 500;
        Path list = csv("email\n");
        Files.writeString(list, "nobody\n".repeat(bad), StandardOpenOption.APPEND);
        SubscriberListCheck.Result result = check.check(list);
        assertEquals(bad, result.invalid());
        assertEquals(SubscriberListCheck.MAX_REPORTED + 1, result.problems().size());
        assertEquals(list + ": warning: ... and 500 more problems not listed", result.problems().get(result.problems().size() - 1).format());
    }

    @Test
    void theCommandLineReportsListProblemsWithLineNumbersAndExitsOne() throws IOException {
        Path list = csv("email,name\n\"Ann <ann@example.org>\",Ann\nbob@example.org,Bob\nBOB@example.org,Bob again\n");
        CliRun run = CliRun.of("validate", TestDigests.MINIMAL.toString(), "--subscribers", list.toString());
        assertEquals(1, run.exitCode(), run.all());
        assertEquals("", run.err());
        assertEquals(List.of(
                list + ":2: email: 'Ann <ann@example.org>' holds a display name; put the name in the name column and only ann@example.org in email",
                list + ":4: warning: duplicate of line 3 (BOB@example.org; addresses are compared ignoring case); it receives one copy",
                TestDigests.MINIMAL + ": valid (0 errors, 0 warnings)",
                list + ": invalid (1 error, 1 warning): 3 rows, 1 subscribed, 1 invalid, 1 duplicate"),
                run.out().lines().toList());
    }

    @Test
    void duplicatesAloneAreWarningsThatFailOnlyWithStrict() throws IOException {
        Path list = csv("email\na@example.org\nA@EXAMPLE.ORG\n");
        assertEquals(0, CliRun.of("validate", TestDigests.MINIMAL.toString(), "--subscribers", list.toString()).exitCode());
        assertEquals(1, CliRun.of("validate", "--strict", TestDigests.MINIMAL.toString(), "--subscribers", list.toString()).exitCode());
    }

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("list.csv"), text);
    }

    private static List<String> formatted(SubscriberListCheck.Result result) {
        return result.problems().stream().map(Problem::format).toList();
    }
}
