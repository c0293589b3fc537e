package dev.tidings.render;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import freemarker.core.ParseException;
import freemarker.template.TemplateException;

/**
 * A template that does not parse, or fails while rendering, reported as
 * {@code DIR/TEMPLATE:LINE:COLUMN: what went wrong} (FreeMarker's explanation, first lines only).
 */
public final class TemplateProblem extends TidingsException {
    public TemplateProblem(String dir, ParseException e) {
        super(ExitStatus.INVALID_INPUT, locate(dir, e.getTemplateName(), e.getLineNumber(), e.getColumnNumber())
                + "template syntax error: " + firstLines(e.getEditorMessage()));
    }

    public TemplateProblem(String dir, TemplateException e) {
        super(ExitStatus.INVALID_INPUT, locate(dir, e.getTemplateSourceName(), lineOf(e), columnOf(e))
                + "template error: " + firstLines(e.getMessageWithoutStackTop()));
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
