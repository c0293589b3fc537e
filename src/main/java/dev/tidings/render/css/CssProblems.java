package dev.tidings.render.css;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.htmlunit.cssparser.parser.CSSErrorHandler;
import org.htmlunit.cssparser.parser.CSSParseException;
import org.htmlunit.cssparser.parser.Locator;

/**
 * Collects the warnings of one inlining pass: the CSS parser's errors (it recovers from them the way
 * browsers do, dropping the broken declaration or rule) and the inliner's own notes. One instance per
 * pass, never shared, so concurrent passes cannot see each other's warnings.
 */
final class CssProblems implements CSSErrorHandler {
    /** Past this length a parser message is mostly its list of expected tokens, useless to a template author. */
    private static final int LONGEST_USEFUL_MESSAGE = 160;
    private static final String EXPECTED_TOKENS = " Was expecting";

    private final List<String> warnings = new ArrayList<>();
    private Supplier<String> where = () -> "CSS";

    /**
     * Names the CSS being parsed from now on, e.g. {@code <style> #1}; computed only if something goes
     * wrong. Returns the previous name, for a caller that parses something nested to restore.
     */
    Supplier<String> parsing(Supplier<String> source) {
        Supplier<String> previous = where;
        where = source;
        return previous;
    }

    void warn(Locator locator, String message) {
        String position = locator == null ? ""
            : " line " + locator.getLineNumber() + ", column " + locator.getColumnNumber();
        warnings.add("CSS" + position + " in " + where.get() + ": " + message);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void warning(CSSParseException e) {
        report(e);
    }

    @Override
    public void error(CSSParseException e) {
        report(e);
    }

    @Override
    public void fatalError(CSSParseException e) {
        report(e);
    }

    private void report(CSSParseException e) {
        warn(new Locator(e.getURI(), e.getLineNumber(), e.getColumnNumber()), shorten(e.getMessage()));
    }

    private static String shorten(String message) {
        if (message == null) {
            return "invalid CSS";
        }
        int expected = message.indexOf(EXPECTED_TOKENS);
        if (message.length() <= LONGEST_USEFUL_MESSAGE || expected < 0) {
            return message;
        }
        String head = message.substring(0, expected);
        return head.contains("(") ? head + ")" : head;
    }
}
