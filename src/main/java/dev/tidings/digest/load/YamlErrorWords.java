package dev.tidings.digest.load;

import dev.tidings.digest.Problem;
import dev.tidings.digest.SourcePosition;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SnakeYAML's error messages in an editor's words. "expected &lt;block end&gt;, but found
 * '&lt;block mapping start&gt;'" is how the parser sees a line indented too deep; an editor needs
 * to hear that, and what to do (issue 18: the preview and {@code validate} showed the parser's words).
 * Messages not recognised here are passed on as SnakeYAML wrote them.
 */
final class YamlErrorWords {
    /** A line that starts, after its indentation, with a key as digests write them. */
    private static final Pattern KEY_AT_START = Pattern.compile(" *(?:- +)?([a-z][a-z0-9_]*)(?=:)");
    /** A key whose value starts with a YAML indicator that Markdown also uses, followed by more text. */
    private static final Pattern VALUE_STARTS_WITH_INDICATOR = Pattern.compile(" *(?:- +)?[a-z][a-z0-9_]*: +([\\[{*>|%@`])(?:\\S| +[^\\s#])");

    private YamlErrorWords() {
    }

    /** A SnakeYAML syntax error as an editor's problem: said plainly, with the fix, where the mistake most likely is. */
    static Problem explain(String file, String text, MarkedYAMLException error) {
        Mark mark = error.getProblemMark();
        String[] lines = text.split("\n", -1);
        String line = mark.getLine() < lines.length ? lines[mark.getLine()] : "";
        Matcher key = KEY_AT_START.matcher(line);
        if (error.getProblem() != null && error.getProblem().contains("mapping values are not allowed")
                && key.lookingAt() && key.end(1) == mark.getColumn()) {
            // "  summary: ..." two columns deeper than the "url: https://..." above reads as more of the URL.
            return Problem.error(new SourcePosition(file, mark.getLine() + 1, key.start(1) + 1), "", "not valid YAML: '"
                    + key.group(1) + ":' is indented deeper than the key above it, so it reads as more of that key's value"
                    + " (line it up with the keys around it)");
        }
        Matcher indicator = VALUE_STARTS_WITH_INDICATOR.matcher(line);
        if (indicator.lookingAt() && indicator.start(1) < mark.getColumn()) {
            // "summary: *Important* news", "summary: [Link](https://...) more": Markdown that YAML reads as its own syntax.
            return Problem.error(new SourcePosition(file, mark.getLine() + 1, indicator.start(1) + 1), "", "not valid YAML: a value"
                    + " that starts with '" + indicator.group(1) + "' means something else in YAML (put the value in quotes)");
        }
        return Problem.error(new SourcePosition(file, mark.getLine() + 1, mark.getColumn() + 1), "",
                "not valid YAML: " + say(error.getProblem()));
    }

    /** The first line of a SnakeYAML problem, said plainly, with the fix for the mistakes editors make. */
    private static String say(String problem) {
        String text = YamlDocumentReader.firstLine(problem);
        if (text.contains("mapping values are not allowed")) {
            return "a ': ' inside a value that is not in quotes (put a value that contains ': ' in quotes)";
        }
        if (text.contains("'\\t'") || text.contains("\\t(TAB)")) {
            // SnakeYAML's own wording ("'\t(TAB)' that cannot start any token. (Do not use \t(TAB) ...") says it twice.
            return "a tab character here (indent with spaces, not tabs)";
        }
        if (text.contains("could not find expected ':'")) {
            return "a key without its ':' (or a quote that is not closed)";
        }
        if (text.contains("but found '<block mapping start>'")) {
            return "this line's indentation does not match the lines before it (line its key up with the keys around it)";
        }
        if (text.contains("but found '<block sequence start>'") || text.contains("but found '-'")
                || text.contains("sequence entries are not allowed here")) {
            return "a list entry ('- ') that does not line up with a list (put it under a key with nothing after"
                    + " its ':', lined up with the other entries)";
        }
        if (text.startsWith("expected <block end>") || text.startsWith("expected <document start>")
                || text.startsWith("did not find expected")) {
            return "this line does not line up with the lines before it (check its indentation; text that runs"
                    + " over several lines goes under a key with '|')";
        }
        if (text.contains("that cannot start any token")) {
            int quote = text.indexOf('\'');
            String character = quote >= 0 && text.indexOf('\'', quote + 1) > quote ? text.substring(quote, text.indexOf('\'', quote + 1) + 1) : "this character";
            return "a value cannot start with " + character + " in YAML (put the value in quotes)";
        }
        if (text.contains("found unknown escape character")) {
            return "a backslash inside double quotes that is not an escape (write \\\\ for a backslash, or use single quotes)";
        }
        return text;
    }
}
