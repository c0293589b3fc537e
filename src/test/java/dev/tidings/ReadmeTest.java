package dev.tidings;

import dev.tidings.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the README true: the console block after the "readme-transcript" marker is run command by
 * command, and each command's stdout must be exactly the lines the README shows under it.
 */
class ReadmeTest {
    private static final String PROMPT = "$ java -jar target/tidings.jar ";

    @Test
    void theQuickStartTranscriptIsWhatTidingsPrints() throws IOException {
        List<String> block = transcriptBlock(Files.readAllLines(Path.of("README.md")));
        assertFalse(block.isEmpty(), "README.md has no transcript block");
        String command = null;
        StringBuilder expected = new StringBuilder();
        int checked = 0;
        for (String line : block) {
            if (line.startsWith(PROMPT)) {
                if (command != null) {
                    check(command, expected.toString());
                    checked++;
                }
                command = line.substring(PROMPT.length());
                expected.setLength(0);
            } else {
                expected.append(line).append('\n');
            }
        }
        check(command, expected.toString());
        assertEquals(2, checked + 1, "commands checked");
    }

    /**
     * The render transcript's file sizes are what render prints for the sample (without
     * TIDINGS_SECRET, as a first run has it). Written to a temporary directory, not the README's
     * out/, so the paths differ; the files and their sizes must not.
     */
    @Test
    void theRenderTranscriptShowsTheSizesRenderPrints(@TempDir Path dir) throws IOException {
        String command = PROMPT + "render samples/social-learning-2.yaml -o out";
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        int at = readme.indexOf(command);
        assertTrue(at >= 0, "README.md shows no '" + command + "'");
        List<String> shown = new ArrayList<>();
        for (String line : readme.subList(at + 1, readme.size())) {
            if (line.startsWith("$ ") || line.startsWith("```")) {
                break;
            }
            shown.add(line.replaceAll("\\s+", " "));
        }
        Path out = dir.resolve("out");
        CliRun run = CliRun.withEnv(Map.of(), "render", "samples/social-learning-2.yaml", "-o", out.toString());
        assertEquals(0, run.exitCode(), run.all());
        List<String> printed = run.out().lines().map(line -> line.replace(out.toString(), "out").replaceAll("\\s+", " ")).toList();
        assertEquals(shown, printed);
    }

    /** Every option validate's help lists is documented in the README (the link-check ones are easy to forget). */
    @Test
    void everyOptionOfValidateIsInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher options = Pattern.compile("--[a-z][a-z-]*").matcher(CliRun.of("help", "validate").out());
        int checked = 0;
        while (options.find()) {
            String option = options.group();
            if (!option.equals("--help") && !option.equals("--version")) {
                assertTrue(Pattern.compile(Pattern.quote(option) + "(?![a-z-])").matcher(readme).find(), "README.md does not mention " + option);
                checked++;
            }
        }
        assertTrue(checked >= 8, "options found in the help: " + checked);
    }

    private static void check(String command, String expectedOut) {
        CliRun run = CliRun.of(command.split(" "));
        assertEquals(expectedOut, run.out(), "README transcript of: tidings " + command);
    }

    private static List<String> transcriptBlock(List<String> lines) {
        List<String> block = new ArrayList<>();
        boolean marked = false;
        boolean inside = false;
        for (String line : lines) {
            if (line.startsWith("<!-- readme-transcript")) {
                marked = true;
            } else if (marked && !inside && line.equals("```console")) {
                inside = true;
            } else if (inside && line.equals("```")) {
                return block;
            } else if (inside) {
                block.add(line);
            }
        }
        return Arrays.asList();
    }
}
