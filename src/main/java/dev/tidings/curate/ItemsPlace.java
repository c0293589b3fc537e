package dev.tidings.curate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.TidingsException;
import dev.tidings.digest.Problem;
import dev.tidings.digest.SourcePosition;
import dev.tidings.digest.load.SourceMap;

import java.util.Iterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in a digest's text new items go, and how they are indented: after the last line of
 * {@code issue.items} (comments inside its last item included), before whatever follows (a key,
 * the comments above that key, blank lines). The editor's layout is followed: the dash's
 * indentation and the keys' under it as the first item has them, a blank line between items when
 * the items have one. {@code items: []} (or an empty {@code items:}) loses its {@code []} and gets
 * the entries under it; a missing {@code items:} is added at the end of {@code issue}. A list in
 * flow style ({@code [a, b]}) is refused: appending to it would mean rewriting it.
 *
 * @param cutStart    start of the text to remove first (the {@code []} of {@code items: []}), or {@link #offset}
 * @param cutEnd      end of that text
 * @param offset      where the entries go, in characters of the text
 * @param head        what goes before the first entry: a line break at the end of a file without one, a blank
 *                    line between items that have them, {@code items:} where there was none
 * @param atEnd       whether the entries end the file, which has no final line break
 * @param gap         what goes between two new entries: a blank line when the items have one, else nothing
 */
record ItemsPlace(int cutStart, int cutEnd, int offset, String head, String dash, String field, String newline, boolean atEnd,
                  String gap) {
    private static final Pattern EMPTY_VALUE = Pattern.compile("(\\s*(?:\\[\\s*]|~|null|Null|NULL)?)(\\s*(?:#.*)?)\\r?");

    static ItemsPlace find(String text, JsonNode root, SourceMap map) {
        String[] lines = text.split("\n", -1);
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        JsonNode issue = root.path("issue");
        SourcePosition issueAt = map.keyOf("issue");
        if (!issue.isObject() || startsWith(lines, map.valueOf("issue"), '{')) {
            throw refusal(issue.isObject() ? map.valueOf("issue") : issueAt, "issue", issue.isObject()
                    ? "is written in flow style ({...}); tidings add appends to a block mapping, one key a line"
                    : "has no issue: mapping to append items to");
        }
        JsonNode items = issue.get("items");
        if (items == null) {
            return missingItems(text, lines, issue, map, newline);
        }
        SourcePosition keyAt = map.keyOf("issue.items");
        int keyLine = keyAt.line() - 1;
        int keyIndent = indentOf(lines[keyLine]);
        if (items.isArray() && !items.isEmpty() && !startsWith(lines, map.valueOf("issue.items"), '[')) {
            return afterLastItem(text, lines, keyLine, keyIndent, map, newline);
        }
        Matcher empty = emptyValue(lines[keyLine], keyAt);
        if ((items.isNull() || items.isTextual() && items.asText().isEmpty() || items.isArray() && items.isEmpty()) && empty != null) {
            int lineStart = lineStart(lines, keyLine);
            int valueStart = keyAt.column() - 1 + afterColon(lines[keyLine], keyAt);
            String dash = " ".repeat(keyIndent + 2);
            int next = lineStart(lines, keyLine + 1);
            boolean last = keyLine + 1 >= lines.length;
            int cut = empty.group(1).isBlank() ? 0 : empty.group(1).length(); // spaces alone stay as they are
            return new ItemsPlace(lineStart + valueStart, lineStart + valueStart + cut,
                    last ? text.length() : next, last ? newline : "", dash, dash + "  ", newline, last, "");
        }
        throw refusal(keyAt, "issue.items", items.isArray()
                ? "is written in flow style ([...]); tidings add appends to a list with one '- ' entry a line: write the items that way"
                : "is not a list; tidings add appends to a list of items");
    }

    /** The entries after the last line of the last item. */
    private static ItemsPlace afterLastItem(String text, String[] lines, int keyLine, int keyIndent, SourceMap map, String newline) {
        int first = keyLine + 1;
        while (first < lines.length && (lines[first].isBlank() || lines[first].stripLeading().startsWith("#"))) {
            first++;
        }
        String dashLine = lines[first];
        if (!dashLine.stripLeading().startsWith("-")) {
            throw refusal(map.keyOf("issue.items[0]"), "issue.items", "is a list tidings add cannot read the layout of;"
                    + " write each item on lines of its own, starting with '- '");
        }
        int dashIndent = indentOf(dashLine);
        String afterDash = dashLine.substring(dashIndent + 1).stripTrailing();
        int fieldIndent = afterDash.isBlank() && first + 1 < lines.length ? indentOf(lines[first + 1])
                : dashIndent + 1 + indentOf(afterDash);
        int last = keyLine;
        for (int i = keyLine + 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            int indent = indentOf(line);
            String content = line.strip();
            if (content.startsWith("#")) {
                // Inside an item (deeper than its dash) it is the item's; otherwise it goes with what follows.
                if (indent > dashIndent) {
                    last = i;
                }
                continue;
            }
            if (indent > keyIndent || indent == keyIndent && dashIndent == keyIndent && (content.startsWith("- ") || content.equals("-"))) {
                last = i;
                continue;
            }
            break;
        }
        boolean atEnd = last + 1 >= lines.length;
        String gap = blankBetweenItems(lines, map) ? newline : "";
        String head = (atEnd ? newline : "") + gap;
        int offset = atEnd ? text.length() : lineStart(lines, last + 1);
        return new ItemsPlace(offset, offset, offset, head, " ".repeat(dashIndent), " ".repeat(fieldIndent), newline, atEnd, gap);
    }

    /** {@code items:} with its entries at the end of the issue mapping, indented as the issue's first key. */
    private static ItemsPlace missingItems(String text, String[] lines, JsonNode issue, SourceMap map, String newline) {
        Iterator<String> keys = issue.fieldNames();
        int issueLine = map.keyOf("issue").line() - 1;
        int keyIndent = keys.hasNext() ? map.keyOf("issue." + keys.next()).column() - 1 : indentOf(lines[issueLine]) + 2;
        int last = issueLine;
        for (int i = issueLine + 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.stripLeading().startsWith("#") && indentOf(line) < keyIndent) {
                continue;
            }
            if (indentOf(line) <= indentOf(lines[issueLine]) && !line.stripLeading().startsWith("#")) {
                break;
            }
            last = i;
        }
        boolean atEnd = last + 1 >= lines.length;
        int offset = atEnd ? text.length() : lineStart(lines, last + 1);
        String key = " ".repeat(keyIndent) + "items:";
        String dash = " ".repeat(keyIndent + 2);
        return new ItemsPlace(offset, offset, offset, (atEnd ? newline : "") + key + newline, dash, dash + "  ", newline, atEnd, "");
    }

    /** Whether the first two items have a blank line between them (comments above the second aside). */
    private static boolean blankBetweenItems(String[] lines, SourceMap map) {
        SourcePosition second = map.keyOf("issue.items[1]");
        if (second.equals(map.keyOf("issue.items"))) {
            return false;
        }
        for (int i = second.line() - 2; i > 0; i--) {
            if (lines[i].isBlank()) {
                return true;
            }
            if (!lines[i].stripLeading().startsWith("#")) {
                return false;
            }
        }
        return false;
    }

    /** The key line's value, when it is empty, {@code []} or a null, followed at most by a comment; else null. */
    private static Matcher emptyValue(String line, SourcePosition keyAt) {
        int colon = afterColon(line, keyAt);
        if (colon < 0) {
            return null;
        }
        Matcher m = EMPTY_VALUE.matcher(line.substring(keyAt.column() - 1 + colon));
        return m.matches() ? m : null;
    }

    /** Characters from the key's start to just past its colon ({@code items:}, {@code "items" :}), or -1. */
    private static int afterColon(String line, SourcePosition keyAt) {
        Matcher key = Pattern.compile("([\"']?)items\\1\\s*:").matcher(line);
        return key.find(keyAt.column() - 1) && key.start() == keyAt.column() - 1 ? key.end() - key.start() : -1;
    }

    private static boolean startsWith(String[] lines, SourcePosition at, char c) {
        int line = at.line() - 1;
        int column = at.column() - 1;
        return line >= 0 && line < lines.length && column >= 0 && column < lines[line].length() && lines[line].charAt(column) == c;
    }

    private static int lineStart(String[] lines, int index) {
        int offset = 0;
        for (int i = 0; i < index; i++) {
            offset += lines[i].length() + 1;
        }
        return offset;
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static TidingsException refusal(SourcePosition at, String field, String message) {
        return TidingsException.invalidInput(Problem.error(at, field, message).format() + "; nothing was added");
    }
}
