package dev.tidings.digest.load;

import dev.tidings.digest.Problem;
import dev.tidings.digest.SourcePosition;

/**
 * {@code summary: &amp; more} is "more" to YAML: a value that starts with {@code &} names an anchor,
 * and one that starts with {@code !} a tag ({@code summary: !Breaking news} is "news"), so the
 * editor's first word vanishes without a word (noticed in issue 18). A digest has no use for
 * anchors or tags (its aliases are refused already, YAML 1.2 sections 6.9.2 and 6.9.1), so either
 * one is an error at the value, saying what YAML made of it and how to keep the text.
 */
final class YamlMarkers {
    /** The whole value, so that the suggested line can be pasted as it is; only a very long one is cut. */
    private static final int SHOWN = 200;

    private YamlMarkers() {
    }

    /**
     * The problem for a value carrying an anchor or a tag, or null when it carries neither. Read
     * from the text: Jackson reports a tag but not a scalar's anchor, and the value's position is
     * where its properties start.
     */
    static Problem explain(String file, String[] lines, SourcePosition valueAt, String path, String readAs) {
        String written = writtenFrom(lines, valueAt);
        if (written == null || written.isEmpty() || written.charAt(0) != '&' && written.charAt(0) != '!') {
            return null;
        }
        String marker = written.split("[ \\t]", 2)[0];
        String what = marker.startsWith("&") ? "a YAML anchor" : "a YAML tag";
        if (readAs == null) {
            return Problem.error(valueAt, path, "'" + marker + "' starts " + what + "; a digest uses none: remove it");
        }
        return Problem.error(valueAt, path, "'" + marker + "' starts " + what + ", so the value is read as '" + shorten(readAs)
                + "'; a digest uses none: put the whole value in quotes: \""
                + shorten(written).replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }

    /** The rest of the value's line as the editor typed it, or null when it is not a one-line plain value. */
    private static String writtenFrom(String[] lines, SourcePosition at) {
        int index = at.line() - 1;
        int column = at.column() - 1;
        if (index < 0 || index >= lines.length || column >= lines[index].length()) {
            return null;
        }
        String rest = lines[index].substring(column);
        int comment = rest.indexOf(" #");
        return (comment < 0 ? rest : rest.substring(0, comment)).strip();
    }

    private static String shorten(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...";
    }
}
