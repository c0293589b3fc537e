package dev.tidings.digest;

import dev.tidings.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the real {@code tidings validate} on every hand-written bad digest in
 * src/test/resources/digests/bad and compares its report, line for line, with expected.tsv.
 */
class BadDigestCorpusTest {
    private static final Path CORPUS = Path.of("src/test/resources/digests/bad");
    private static final Path EXPECTED = CORPUS.resolve("expected.tsv");

    static Stream<Arguments> corpus() throws IOException {
        return expected().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void reportsExactlyTheExpectedProblemsAndExitsOne(String digest, List<String> expectedLines) {
        Path file = CORPUS.resolve(digest);
        CliRun run = CliRun.of("validate", file.toString());

        assertEquals(1, run.exitCode(), run.all());
        assertEquals("", run.err(), "nothing on stderr, least of all a stack trace");
        List<String> lines = run.out().lines().toList();
        List<String> problems = lines.subList(0, lines.size() - 1).stream()
                .map(line -> line.replace(CORPUS + File.separator, ""))
                .toList();
        assertEquals(expectedLines, problems, run.out());
        assertTrue(lines.get(lines.size() - 1).startsWith(file + ": invalid ("), run.out());
    }

    @Test
    void everyFileInTheCorpusIsListedInExpectedTsv() throws IOException {
        Map<String, List<String>> expected = expected();
        Set<String> named = new TreeSet<>(expected.keySet());
        // A newsletter file that a digest names appears as the file of its expected problem lines.
        expected.values().forEach(lines -> lines.forEach(line -> named.add(line.substring(0, line.indexOf(':')))));
        List<String> unlisted = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CORPUS)) {
            files.filter(Files::isRegularFile)
                    .filter(path -> !path.equals(EXPECTED))
                    .map(path -> CORPUS.relativize(path).toString().replace(File.separatorChar, '/'))
                    .filter(name -> !named.contains(name))
                    .forEach(unlisted::add);
        }
        assertEquals(List.of(), unlisted, "files in the corpus that expected.tsv does not list");
        expected.keySet().forEach(digest -> assertTrue(Files.isRegularFile(CORPUS.resolve(digest)), "listed but missing: " + digest));
    }

    @Test
    void theCorpusIsBigEnoughToMeanSomething() throws IOException {
        assertTrue(expected().size() >= 30, "at least 30 bad digests, has " + expected().size());
    }

    @Test
    void theDigestTheCorpusIsBasedOnIsValidEvenWhenStrict() {
        CliRun run = CliRun.of("validate", "--strict", TestDigests.MINIMAL.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(TestDigests.MINIMAL + ": valid (0 errors, 0 warnings)\n", run.out());
    }

    /** expected.tsv as digest name to problem lines, in file order; '#' lines are comments. */
    private static Map<String, List<String>> expected() throws IOException {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (String row : Files.readAllLines(EXPECTED)) {
            if (row.isBlank() || row.startsWith("#")) {
                continue;
            }
            int tab = row.indexOf('\t');
            assertTrue(tab > 0, "expected.tsv rows are: digest<TAB>problem line; got: " + row);
            expected.computeIfAbsent(row.substring(0, tab), k -> new ArrayList<>()).add(row.substring(tab + 1));
        }
        return expected;
    }
}
