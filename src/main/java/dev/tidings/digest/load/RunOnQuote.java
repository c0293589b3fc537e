package dev.tidings.digest.load;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A quoted value whose closing quote was left out runs on over the next lines to the next quote
 * of the same kind in the file. When that quote happens to end a line, or is followed by {@code #}
 * (which YAML then reads as a comment, and issue titles like {@code "#7: ..."} start with one), the
 * file is still valid YAML: the value has silently swallowed the keys and list entries on the
 * lines in between, and those fields vanish (issue 18: a title took in the next line's
 * {@code subject:}; a section link took in the next link). A quoted value over several lines is
 * legitimate prose; one that takes in a line shaped like a key ({@code subject:}, {@code - title:})
 * or a list entry, no deeper than the lines around it, almost never is.
 */
final class RunOnQuote {
    /** A YAML key as digests write them (lower case, '_'), maybe as a list entry's first key, at the start of a line. */
    private static final Pattern KEY = Pattern.compile("(?:- +)*[a-z][a-z0-9_]*:(?=[ \\t]|$)");
    /** A list entry at the start of a line. */
    private static final Pattern ENTRY = Pattern.compile("- .*|-$");
    private static final int SHOWN = 30;

    private RunOnQuote() {
    }

    /**
     * The key or list entry that a quoted value opening on {@code openLine} and closing on
     * {@code closeLine} (0-based) takes in, as written (e.g. {@code subject:}), or null when it takes
     * in none. Prose that continues a quoted value is indented under it or not at all, while keys
     * and entries line up: a swallowed key counts only when it is no deeper than the opening line's
     * own key (two deeper when that line is a list entry, {@code - title: "...}), a swallowed list
     * entry only when it is no deeper than the opening line.
     */
    static String swallowed(String[] lines, int openLine, int closeLine) {
        if (openLine < 0 || closeLine <= openLine || closeLine >= lines.length) {
            return null;
        }
        String opening = lines[openLine];
        int entryDepth = indentation(opening);
        int keyDepth = opening.startsWith("- ", entryDepth) ? entryDepth + 2 : entryDepth;
        for (int i = openLine + 1; i <= closeLine; i++) {
            String line = lines[i];
            int indent = indentation(line);
            Matcher key = KEY.matcher(line).region(indent, line.length());
            Matcher entry = ENTRY.matcher(line).region(indent, line.length());
            String taken = indent <= keyDepth && key.lookingAt() ? key.group()
                    : indent <= entryDepth && entry.lookingAt() ? entry.group().strip() : null;
            if (taken != null) {
                return taken.length() <= SHOWN ? taken : taken.substring(0, SHOWN).strip() + "...";
            }
        }
        return null;
    }

    /** The message for a value that runs on from {@code openLine} to {@code closeLine} (0-based) and takes in {@code taken}. */
    static String message(int openLine, int closeLine, String taken) {
        return "this quoted value runs on over " + (closeLine - openLine + 1) + " lines and takes in `" + taken
                + "`; is its closing quote missing?";
    }

    private static int indentation(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
