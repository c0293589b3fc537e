package dev.tidings.digest.load;

import dev.tidings.digest.SourcePosition;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each field of a loaded document came from, by field path ({@code issue.items[2].url}).
 * Problems found after loading (by the schema or the semantic rules) are located through it.
 * A digest may span two files (the newsletter in a file of its own), so positions carry their file.
 */
public final class SourceMap {

    /**
     * The places of one field.
     *
     * @param key     where its key starts (the item start for list entries)
     * @param value   where its value starts
     * @param content where the text of a scalar starts: past the quote, or the line after a {@code |}
     * @param layout  how the text lies in the file, which decides how exactly a place inside it is known
     */
    public record Entry(SourcePosition key, SourcePosition value, SourcePosition content, Layout layout) {
    }

    /**
     * How a scalar's text lies in the file. YAML folds line breaks into spaces everywhere except in
     * literal blocks, and escapes shorten the text, so only two layouts map offsets back exactly.
     */
    public enum Layout {
        /** A literal block ({@code |}): line n of the text is line n after the header, past the indentation. */
        LITERAL_BLOCK,
        /** On one line, without escapes: the text is the file's characters from {@code content} on. */
        ONE_LINE,
        /** Folded ({@code >}), spread over lines, escaped, or not a scalar: only the value's start is known. */
        REFLOWED
    }

    private final String rootFile;
    private final Map<String, Entry> entries = new HashMap<>();

    public SourceMap(String rootFile) {
        this.rootFile = rootFile;
    }

    public String rootFile() {
        return rootFile;
    }

    void put(String path, Entry entry) {
        entries.put(path, entry);
    }

    /** Adds another file's map under a prefix, e.g. a separate newsletter file under "newsletter". */
    void graft(String prefix, SourceMap other) {
        other.entries.forEach((path, entry) -> entries.put(path.isEmpty() ? prefix : prefix + "." + path, entry));
    }

    /** Whether the field was written in the file (a default value has no place). */
    boolean has(String path) {
        return entries.containsKey(path);
    }

    /** The value's position, or the nearest enclosing field's when the field is absent. */
    public SourcePosition valueOf(String path) {
        Entry entry = nearest(path);
        return entry == null ? SourcePosition.wholeFile(rootFile) : entry.value();
    }

    /** The key's position, or the nearest enclosing field's when the field is absent. */
    public SourcePosition keyOf(String path) {
        Entry entry = nearest(path);
        return entry == null ? SourcePosition.wholeFile(rootFile) : entry.key();
    }

    /**
     * A position inside a text field, given 0-based line and column offsets within the text: used to
     * point at a bad link inside Markdown. Exact for literal blocks and one-line scalars; the value's
     * start otherwise, since a guessed column in folded text could point at the wrong line.
     */
    public SourcePosition within(String path, int lineOffset, int columnOffset) {
        Entry entry = entries.get(path);
        if (entry == null) {
            return valueOf(path);
        }
        SourcePosition start = entry.content();
        if (entry.layout() == Layout.LITERAL_BLOCK) {
            return new SourcePosition(start.file(), start.line() + lineOffset, start.column() + columnOffset);
        }
        if (entry.layout() == Layout.ONE_LINE && lineOffset == 0) {
            return new SourcePosition(start.file(), start.line(), start.column() + columnOffset);
        }
        return entry.value();
    }

    /** The file a field lives in (the newsletter may come from its own file). */
    public String fileOf(String path) {
        return valueOf(path).file();
    }

    private Entry nearest(String path) {
        String current = path;
        while (true) {
            Entry entry = entries.get(current);
            if (entry != null || current.isEmpty()) {
                return entry;
            }
            current = parentOf(current);
        }
    }

    static String parentOf(String path) {
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
