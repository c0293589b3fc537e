package dev.tidings.curate;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A text value written as YAML that reads back as exactly that text: plain when nothing in it can
 * mean anything else to a YAML 1.1 reader (the loader is Jackson over SnakeYAML), a literal block
 * for text of several lines, double quotes with escapes otherwise. Plain is chosen only when sure:
 * a title that needs no quotes gets none, as the editor would write it; any doubt gets quotes.
 */
final class YamlScalar {
    /**
     * What YAML 1.1 resolves to something other than a string, or reads as more than a scalar
     * (yes/no/on/off and y/n are booleans there; ~ and null nulls; {@code <<} a merge key): compared
     * case-insensitively, which is broader than the spec and costs only a pair of quotes.
     */
    private static final Pattern SPECIAL_WORD = Pattern.compile("(?i)y|n|yes|no|true|false|on|off|null|~|<<|=");
    /** Characters that start something other than a plain scalar (YAML 1.2 5.3 c-indicator), or look like a number or date. */
    private static final String FIRST_NOT_PLAIN = "-?:,[]{}#&*!|>'\"%@`+.~0123456789 ";

    private YamlScalar() {
    }

    /** One line: plain or double-quoted. */
    static String inline(String text) {
        return isPlainSafe(text) ? text : doubleQuoted(text);
    }

    /**
     * For a value that may run over several lines, the text after {@code key:} (a space included)
     * and, for a block, the lines under it at {@code indent}: a literal block ({@code |} or
     * {@code |-}) when every line can stand in one as it is, the one-line form otherwise.
     *
     * @param newline         the file's line ending
     * @param endsWithoutBreak whether the block would be the file's last line without a line break,
     *                        where {@code |} would lose the text's final line break
     */
    static String value(String text, String indent, String newline, boolean endsWithoutBreak) {
        if (text.indexOf('\n') < 0 || !fitsLiteralBlock(text)) {
            return " " + inline(text);
        }
        boolean finalBreak = text.endsWith("\n");
        if (finalBreak && endsWithoutBreak) {
            return " " + doubleQuoted(text);
        }
        String body = finalBreak ? text.substring(0, text.length() - 1) : text;
        StringBuilder out = new StringBuilder(finalBreak ? " |" : " |-");
        for (String line : body.split("\n", -1)) {
            out.append(newline);
            if (!line.isEmpty()) {
                out.append(indent).append(line);
            }
        }
        return out.toString();
    }

    /**
     * A literal block keeps every character of its lines, but only printable ones, no carriage
     * return (a line break to the reader), no line of spaces alone (read as an empty line), no
     * first line that starts with a space (its indentation would be taken for the block's) and at
     * most one line break at the end (more would take in the blank lines that follow in the file).
     */
    private static boolean fitsLiteralBlock(String text) {
        if (text.startsWith(" ") || text.startsWith("\n") || text.endsWith("\n\n")) {
            return false;
        }
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty() && line.isBlank() || line.endsWith(" ") || line.indexOf('\t') >= 0) {
                return false;
            }
        }
        return text.codePoints().allMatch(c -> c == '\n' || c != '\r' && printable(c) && !isYamlLineBreak(c));
    }

    static boolean isPlainSafe(String text) {
        if (text.isEmpty() || FIRST_NOT_PLAIN.indexOf(text.charAt(0)) >= 0 || text.endsWith(" ") || text.endsWith(":")
                || SPECIAL_WORD.matcher(text).matches()) {
            return false;
        }
        if (text.contains(": ") || text.contains(" #") || text.contains("\t")) {
            return false;
        }
        return text.codePoints().allMatch(c -> c >= 0x20 && c != 0x7F && printable(c) && !isYamlLineBreak(c) && c != 0xFEFF);
    }

    static String doubleQuoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> out.append(escaped(c)));
        return out.append('"').toString();
    }

    private static String escaped(int c) {
        switch (c) {
            case '"':
                return "\\\"";
            case '\\':
                return "\\\\";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case 0:
                return "\\0";
            case 0x85:
                return "\\N";
            case 0x2028:
                return "\\L";
            case 0x2029:
                return "\\P";
            default:
                break;
        }
        if (c < 0x20 || c == 0x7F || c == 0xFEFF || !printable(c)) {
            return c <= 0xFF ? String.format(Locale.ROOT, "\\x%02X", c)
                    : c <= 0xFFFF ? String.format(Locale.ROOT, "\\u%04X", c) : String.format(Locale.ROOT, "\\U%08X", c);
        }
        return new String(Character.toChars(c));
    }

    /** YAML 1.1's printable set (5.1), which SnakeYAML enforces on the file's characters. */
    private static boolean printable(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0x7E || c == 0x85
                || c >= 0xA0 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF;
    }

    /** NEL and the Unicode separators are line breaks to YAML 1.1, so they never appear raw. */
    private static boolean isYamlLineBreak(int c) {
        return c == 0x85 || c == 0x2028 || c == 0x2029;
    }
}
