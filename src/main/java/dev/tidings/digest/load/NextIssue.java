package dev.tidings.digest.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.TidingsException;
import dev.tidings.digest.Problem;
import dev.tidings.digest.SourcePosition;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The next issue made from the latest one, for {@code tidings new}: the next id and number, the new
 * date, the items replaced by one placeholder, and everything else kept as the editor wrote it
 * (newsletter file, author and bio, sections, call-outs, intro, closing). The YAML text is edited
 * line by line at the places the source map gives, not read and written again, so the editor's
 * comments, quoting, order and blank lines survive. The placeholder item is a real one, so that the
 * new file validates at once, as init's first issue does; it says it is to be replaced.
 */
public final class NextIssue {
    /**
     * @param file  where the new issue goes: beside the latest, named by its id
     * @param notes what the editor should know: what was kept, what to update
     */
    public record Made(Path file, String id, String text, List<String> notes) {
    }

    /** The placeholder item's link: DigestRules warns while it is still there, so it is not sent by mistake. */
    public static final String PLACEHOLDER_URL = "https://example.org/replace-me";
    private static final Pattern NUMBER_AT_END = Pattern.compile("(\\d+)$");

    private NextIssue() {
    }

    public static Made after(IssueSeries.Entry latest, LocalDate date) {
        SourceMap map = latest.document().sourceMap();
        JsonNode issue = latest.document().root().path("issue");
        if (latest.number() < 0) {
            throw problem(map.keyOf("issue.id"), "issue.id", "the id '" + latest.id() + "' does not end in a number, so tidings new"
                    + " cannot count on from it; give the issues ids that do (curator-12, issue-3)");
        }
        if (latest.date() == null) {
            throw problem(map.keyOf("issue.date"), "issue.date", "has no date (YYYY-MM-DD) to move on from");
        }
        if (!issue.path("items").isArray()) {
            throw problem(map.keyOf("issue.items"), "issue.items", "has no list of items, so tidings new cannot tell what to empty");
        }
        String id = nextId(latest.id());
        List<String> lines = new ArrayList<>(Arrays.asList(latest.text().split("\n", -1)));
        List<String> notes = new ArrayList<>();
        // From the bottom up, so that each edit leaves the line numbers of those above it as they were.
        List<Integer> keys = new ArrayList<>();
        String itemsPath = "issue.items";
        int itemsLine = map.keyOf(itemsPath).line() - 1;
        for (String field : List.of("issue.id", "issue.date", "issue.title", "issue.subject")) {
            if (issue.has(field.substring("issue.".length()))) {
                keys.add(map.keyOf(field).line() - 1);
            }
        }
        keys.add(itemsLine);
        keys.sort((a, b) -> b - a);
        int linesBefore = lines.size();
        String oldNumber = "#" + latest.number();
        String newNumber = "#" + (latest.number() + 1);
        for (int line : keys) {
            if (line == itemsLine) {
                replaceItems(lines, line);
            } else if (isKey(lines.get(line), "id")) {
                lines.set(line, replaceScalar(lines.get(line), "id", "[A-Za-z0-9._-]+", id, latest, line));
            } else if (isKey(lines.get(line), "date")) {
                lines.set(line, replaceScalar(lines.get(line), "date", "\\d{4}-\\d{2}-\\d{2}", date.toString(), latest, line));
            } else {
                renumber(lines, line, oldNumber, newNumber, notes);
            }
        }
        notes.add("items: one placeholder, to replace with this issue's");
        keptParts(issue, notes);
        // Only the items change the count of lines; a call-out after them moved up or down by as many.
        pastEvents(issue, map, date, itemsLine, lines.size() - linesBefore, notes);
        String name = latest.file().getFileName().toString();
        Path file = latest.file().resolveSibling(id + name.substring(name.lastIndexOf('.')));
        return new Made(file, id, String.join("\n", lines), notes);
    }

    /** issue-9 to issue-10, ep007 to ep008: the number at the end plus one, as wide as it was. */
    static String nextId(String id) {
        Matcher number = NUMBER_AT_END.matcher(id);
        if (!number.find()) {
            throw new IllegalArgumentException("no number at the end of " + id);
        }
        String digits = number.group(1);
        String next = String.valueOf(Long.parseLong(digits) + 1);
        String padded = "0".repeat(Math.max(0, digits.length() - next.length())) + next;
        return id.substring(0, number.start()) + padded;
    }

    private static boolean isKey(String line, String key) {
        return line.stripLeading().startsWith(key + ":");
    }

    /** The value of a one-line {@code key: value}, quoted or not, a comment after it kept. */
    private static String replaceScalar(String line, String key, String value, String replacement, IssueSeries.Entry latest, int index) {
        Matcher m = Pattern.compile("^(\\s*" + key + ":\\s*)([\"']?)" + value + "\\2(\\s*(#.*)?)$").matcher(line);
        if (!m.matches()) {
            throw problem(new SourcePosition(latest.file().toString(), index + 1, 1), "issue." + key, "tidings new rewrites this"
                    + " value and cannot read it here; write it on one line, as " + key + ": " + replacement);
        }
        return m.group(1) + m.group(2) + replacement + m.group(2) + m.group(3);
    }

    /** "#12" becomes "#13" in the title or subject, over all its lines. */
    private static void renumber(List<String> lines, int keyLine, String oldNumber, String newNumber, List<String> notes) {
        Pattern number = Pattern.compile(Pattern.quote(oldNumber) + "(?!\\d)");
        int end = blockEnd(lines, keyLine);
        String key = lines.get(keyLine).strip().split(":", 2)[0];
        for (int i = keyLine; i < end; i++) {
            Matcher m = number.matcher(lines.get(i));
            if (m.find()) {
                lines.set(i, m.replaceAll(Matcher.quoteReplacement(newNumber)));
                notes.add(0, key + ": " + oldNumber + " is now " + newNumber + "; the rest of it is the last issue's");
                return;
            }
        }
        notes.add(0, key + ": the last issue's, as it was");
    }

    private static void replaceItems(List<String> lines, int keyLine) {
        int end = blockEnd(lines, keyLine);
        int indent = indentOf(lines.get(keyLine)) + 2;
        for (int i = keyLine + 1; i < end; i++) {
            if (lines.get(i).stripLeading().startsWith("-")) {
                indent = indentOf(lines.get(i));
                break;
            }
        }
        String pad = " ".repeat(indent);
        List<String> placeholder = List.of(
                lines.get(keyLine).substring(0, lines.get(keyLine).indexOf("items:") + "items:".length()),
                pad + "# Made by tidings new: replace this placeholder with the first item of the issue, and add the others after it.",
                pad + "- title: The first item of this issue",
                pad + "  url: " + PLACEHOLDER_URL,
                pad + "  summary: |",
                pad + "    What the article says, in your words.");
        lines.subList(keyLine, end).clear();
        lines.addAll(keyLine, placeholder);
    }

    /**
     * The line after a key's block: the first line that is not blank and is indented no deeper than
     * the key, except the entries of a list written at the key's own indentation. A comment belongs
     * to the line after it, so one as shallow as the key ends the block only if that line does.
     * Blank lines at the end stay outside, keeping the space before the next key.
     */
    static int blockEnd(List<String> lines, int keyLine) {
        int indent = indentOf(lines.get(keyLine));
        int end = keyLine + 1;
        while (end < lines.size() && !endsBlock(lines, end, indent)) {
            end++;
        }
        while (end > keyLine + 1 && lines.get(end - 1).isBlank()) {
            end--;
        }
        return end;
    }

    private static boolean endsBlock(List<String> lines, int index, int indent) {
        String line = lines.get(index);
        if (line.isBlank()) {
            return false;
        }
        if (line.stripLeading().startsWith("#")) {
            for (int next = index + 1; next < lines.size(); next++) {
                String after = lines.get(next);
                if (!after.isBlank() && !after.stripLeading().startsWith("#")) {
                    return endsBlock(lines, next, indent);
                }
            }
            return true;
        }
        int at = indentOf(line);
        return at < indent || (at == indent && !line.stripLeading().startsWith("- "));
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static void keptParts(JsonNode issue, List<String> notes) {
        List<String> kept = new ArrayList<>();
        for (String key : List.of("preheader", "standfirst", "intro", "image", "closing", "author")) {
            if (issue.has(key)) {
                kept.add(key);
            }
        }
        int sections = issue.path("sections").size();
        int callouts = issue.path("callouts").size();
        if (sections > 0) {
            kept.add(sections + (sections == 1 ? " section" : " sections"));
        }
        if (callouts > 0) {
            kept.add(callouts + (callouts == 1 ? " call-out" : " call-outs"));
        }
        if (!kept.isEmpty()) {
            notes.add("kept as they were: " + String.join(", ", kept));
        }
    }

    /** A call-out is kept, but one about an event that is over by the new date needs the editor. */
    private static void pastEvents(JsonNode issue, SourceMap map, LocalDate date, int itemsLine, int moved, List<String> notes) {
        JsonNode callouts = issue.path("callouts");
        for (int i = 0; i < callouts.size(); i++) {
            JsonNode event = callouts.get(i).path("event");
            String when = event.path("end").isTextual() ? event.path("end").asText() : event.path("start").asText(null);
            if (when == null) {
                continue;
            }
            try {
                if (OffsetDateTime.parse(when).toLocalDate().isBefore(date)) {
                    int line = map.keyOf("issue.callouts[" + i + "]").line();
                    notes.add(String.format(Locale.ROOT, "the call-out '%s' (line %d) is about an event on %s, before this issue:"
                                    + " update or remove it", callouts.get(i).path("heading").asText(),
                            line > itemsLine ? line + moved : line, when.substring(0, Math.min(10, when.length()))));
                }
            } catch (DateTimeParseException e) {
                // validate reports it
            }
        }
    }

    private static TidingsException problem(SourcePosition at, String field, String message) {
        return TidingsException.invalidInput(Problem.error(at, field, message).format());
    }
}
