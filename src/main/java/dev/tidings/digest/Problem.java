package dev.tidings.digest;

import java.util.Comparator;

/**
 * One thing wrong (or worth a look) in an input file, located precisely enough for an editor to
 * jump to it: {@code samples/x.yaml:14:7: issue.items[2].url: must be an absolute http or https URL}.
 *
 * @param file    the file as the user named it (or as resolved from the digest)
 * @param line    1-based line, or 0 when the problem concerns the whole file
 * @param column  1-based column, or 0 when unknown
 * @param field   the field path ({@code issue.items[2].url}, 0-based indexes), or "" for the file itself
 */
public record Problem(Severity severity, String file, int line, int column, String field, String message) {

    public static final Comparator<Problem> IN_FILE_ORDER = Comparator.comparing(Problem::file)
            .thenComparingInt(Problem::line)
            .thenComparingInt(Problem::column)
            .thenComparing(Problem::field);

    public static Problem error(SourcePosition at, String field, String message) {
        return new Problem(Severity.ERROR, at.file(), at.line(), at.column(), field, message);
    }

    public static Problem warning(SourcePosition at, String field, String message) {
        return new Problem(Severity.WARNING, at.file(), at.line(), at.column(), field, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The compiler-style line editors and IDEs recognise; warnings say so, errors follow the plain form. */
    public String format() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line);
            if (column > 0) {
                text.append(':').append(column);
            }
        }
        text.append(": ");
        if (severity == Severity.WARNING) {
            text.append("warning: ");
        }
        if (!field.isEmpty()) {
            text.append(field).append(": ");
        }
        return text.append(message).toString();
    }
}
