package dev.tidings.digest.load;

import dev.tidings.digest.Problem;
import dev.tidings.digest.SourcePosition;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.ScannerImpl;
import org.yaml.snakeyaml.tokens.ScalarToken;
import org.yaml.snakeyaml.tokens.Token;

import java.io.StringReader;

/**
 * A YAML syntax error just after a quoted value is nearly always that value's fault: an apostrophe
 * inside single quotes ({@code 'Jane's'}), a quote inside double quotes, or a closing quote left
 * out, after which the value runs on over the following lines to the next quote in the file, and
 * the parser fails there, maybe twenty lines and three items further on. SnakeYAML's message
 * ("expected &lt;block end&gt;, but found '&lt;scalar&gt;'") names neither. On that error only,
 * this reads the file's tokens again up to the error and, when the last one is a quoted value,
 * says so, at the quote that opened it when it ran on from an earlier line. (A value that runs on
 * and still leaves valid YAML behind is {@link RunOnQuote}'s.)
 */
final class YamlQuoteHint {
    private YamlQuoteHint() {
    }

    /** The problem to report instead of SnakeYAML's, or null when no quoted value is to blame. */
    static Problem explain(String file, String text, MarkedYAMLException error) {
        Mark problem = error.getProblemMark();
        if (error.getContext() != null && error.getContext().contains("quoted scalar") && error.getContextMark() != null) {
            // The scanner itself failed inside a quoted value: mostly the file ended in it.
            return Problem.error(at(file, error.getContextMark()), "", "this quoted value runs on to the end of the file (line "
                    + lastLine(problem) + "); is its closing quote missing?");
        }
        Token last = tokenBefore(text, problem);
        if (!(last instanceof ScalarToken value) || !isQuoted(value) || value.getEndMark().getLine() != problem.getLine()) {
            return null;
        }
        boolean single = value.getStyle() == DumperOptions.ScalarStyle.SINGLE_QUOTED;
        Mark opened = value.getStartMark();
        if (opened.getLine() < problem.getLine()) {
            return Problem.error(at(file, opened), "", "this quoted value runs on over " + (problem.getLine() - opened.getLine() + 1)
                    + " lines to the next " + (single ? "single" : "double") + " quote, on line " + (problem.getLine() + 1)
                    + ", where the YAML breaks; is its closing quote missing?");
        }
        return Problem.error(at(file, problem), "", single
                ? "not valid YAML: the value in single quotes ends at the quote before this; inside single quotes write an"
                        + " apostrophe as '', or put the value in double quotes"
                : "not valid YAML: the value in double quotes ends at the quote before this; inside double quotes write a"
                        + " quote as \\\", or put the value in single quotes");
    }

    /**
     * The file's last line as an editor numbers it. The end of a file that ends with a line break is
     * at column 0 of the line after it, which no editor shows: "line 79" of a 78-line file.
     */
    private static int lastLine(Mark end) {
        return end.getColumn() == 0 && end.getLine() > 0 ? end.getLine() : end.getLine() + 1;
    }

    /** The token that ends right before the error; null when there is none or the tokens cannot be read. */
    private static Token tokenBefore(String text, Mark problem) {
        Token last = null;
        try {
            ScannerImpl scanner = new ScannerImpl(new StreamReader(new StringReader(text)), new LoaderOptions());
            while (scanner.checkToken()) {
                Token token = scanner.peekToken();
                Mark start = token.getStartMark();
                if (start.getLine() > problem.getLine() || start.getLine() == problem.getLine() && start.getColumn() >= problem.getColumn()) {
                    break;
                }
                last = scanner.getToken();
            }
        } catch (YAMLException e) {
            // a scanning error past the parser's: the tokens read so far are the ones that matter
        }
        return last;
    }

    private static boolean isQuoted(ScalarToken value) {
        return value.getStyle() == DumperOptions.ScalarStyle.SINGLE_QUOTED || value.getStyle() == DumperOptions.ScalarStyle.DOUBLE_QUOTED;
    }

    private static SourcePosition at(String file, Mark mark) {
        return new SourcePosition(file, mark.getLine() + 1, mark.getColumn() + 1);
    }
}
