package dev.tidings.digest.load;

import dev.tidings.digest.Problem;
import dev.tidings.digest.SourcePosition;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code title: #7 The secret life of index cards} is an empty title to YAML: a {@code #} after a
 * space starts a comment, so the whole value is one. The schema can only say "must not be empty",
 * which is baffling next to a line that plainly has a title (issue 18). Read the key's line as
 * written and, when a comment follows the key directly, say why the value is empty and how to keep
 * it. Only said where the schema finds the value wrong: an empty value may be allowed.
 */
final class EmptiedByComment {
    /** A key (plain or quoted), its ':', blanks, and the comment that took the value's place. */
    private static final Pattern KEY_THEN_COMMENT = Pattern.compile(
            "(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^']|'')*'|[^\\s#:\"'][^:]*?)[ \\t]*:[ \\t]+(#.*?)\\s*$");
    /** The whole value, so that the suggested line can be pasted as it is; only a very long one is cut. */
    private static final int SHOWN = 200;

    private EmptiedByComment() {
    }

    /** The problem for an empty value at {@code path} whose key is at {@code keyAt}, or null when no comment emptied it. */
    static Problem explain(String file, String[] lines, SourcePosition keyAt, String path) {
        int index = keyAt.line() - 1;
        int column = keyAt.column() - 1;
        if (index < 0 || index >= lines.length || column >= lines[index].length()) {
            return null;
        }
        Matcher line = KEY_THEN_COMMENT.matcher(lines[index]).region(column, lines[index].length());
        if (!line.matches()) {
            return null;
        }
        String comment = line.group(2);
        String shown = comment.length() <= SHOWN ? comment : comment.substring(0, SHOWN) + "...";
        SourcePosition at = new SourcePosition(file, keyAt.line(), line.start(2) + 1);
        return Problem.error(at, path, "is empty, because '#' starts a comment in YAML; if the text after it is the value, put it in quotes: "
                + line.group(1) + ": \"" + shown.replace("\"", "\\\"") + "\"");
    }
}
