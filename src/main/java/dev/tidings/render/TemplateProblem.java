package dev.tidings.render;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import dev.tidings.digest.Problem;
import dev.tidings.digest.Severity;
import freemarker.core.ParseException;
import freemarker.template.TemplateException;

/**
 * A template that does not parse, or fails while rendering, reported as
 * {@code DIR/TEMPLATE:LINE:COLUMN: what went wrong} (FreeMarker's explanation, first lines only).
 */
public final class TemplateProblem extends TidingsException {
    private final transient Problem problem;

    public TemplateProblem(String dir, ParseException e) {
        this(dir, e.getTemplateName(), e.getLineNumber(), e.getColumnNumber(),
                "template syntax error: " + firstLines(e.getEditorMessage()));
    }

    public TemplateProblem(String dir, TemplateException e) {
        this(dir, e.getTemplateSourceName(), lineOf(e), columnOf(e),
                "template error: " + firstLines(e.getMessageWithoutStackTop()));
    }

    /** A problem tidings found itself (a limit, see {@link TemplateRun}): {@code message} is said as it is. */
    TemplateProblem(String dir, String template, Integer line, Integer column, String message) {
        super(ExitStatus.INVALID_INPUT, locate(dir, template, line, column) + message);
        this.problem = new Problem(Severity.ERROR, dir + "/" + (template == null ? "?" : template),
                line == null ? 0 : Math.max(line, 0), column == null ? 0 : Math.max(column, 0), "", message);
    }

    /** The same report as a located problem, for {@code validate}'s list. */
    public Problem problem() {
        return problem;
    }

    private static String locate(String dir, String template, Integer line, Integer column) {
        StringBuilder at = new StringBuilder(dir).append('/').append(template == null ? "?" : template);
        if (line != null && line > 0) {
            at.append(':').append(line);
            if (column != null && column > 0) {
                at.append(':').append(column);
            }
        }
        return at.append(": ").toString();
    }

    private static Integer lineOf(TemplateException e) {
        return e.getLineNumber();
    }

    private static Integer columnOf(TemplateException e) {
        return e.getColumnNumber();
    }

    /** FreeMarker explains at length; the first statement and the blamed expression are what a person needs. */
    private static String firstLines(String message) {
        if (message == null) {
            return "unknown error";
        }
        StringBuilder text = new StringBuilder();
        for (String line : message.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("----") || trimmed.startsWith("Tip:")) {
                if (text.length() > 0) {
                    break;
                }
                continue;
            }
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(trimmed.replaceAll("\\s*\\[in template .*$", ""));
        }
        return text.toString();
    }
}
