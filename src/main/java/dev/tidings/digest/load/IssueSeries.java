package dev.tidings.digest.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.TidingsException;
import dev.tidings.digest.Problem;
import dev.tidings.digest.SourcePosition;
import dev.tidings.digest.TextFileDecoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The issues of a newsletter folder, for {@code tidings new}: which one is the latest. By the
 * number its id ends in ({@code curator-12}), then by its date; never by the files' times, which a
 * checkout or a copy resets. An issue whose id has no number ranks below every numbered one.
 */
public final class IssueSeries {
    private static final Pattern NUMBER_AT_END = Pattern.compile("(\\d{1,9})$");

    /**
     * One issue file, read.
     *
     * @param number the number its id ends in, -1 when it has none
     * @param date   its date, null when missing or not a date
     */
    public record Entry(Path file, YamlDocument document, String text, String id, int number, LocalDate date) {
    }

    /** Earlier issues first: by the number the id ends in, then by date (an undated one before a dated one). */
    public static final Comparator<Entry> ORDER = Comparator.comparingInt(Entry::number)
            .thenComparing(Entry::date, Comparator.nullsFirst(Comparator.naturalOrder()));

    private IssueSeries() {
    }

    /**
     * The latest issue among the YAML files of {@code folder} (not its sub-folders). A file with no
     * {@code issue:} (the shared newsletter.yaml) is passed over; one that is not valid YAML stops
     * the search, since it may be the latest.
     */
    public static Entry latest(Path folder) {
        Entry latest = issues(folder).stream().max(ORDER).orElse(null);
        if (latest == null) {
            throw TidingsException.invalidInput(folder + ": no issue here (a YAML file with issue:); make a newsletter"
                    + " folder with tidings init DIR, or name the issue to start from: tidings new ISSUE.yaml");
        }
        return latest;
    }

    /**
     * The issues among the YAML files of {@code folder} (not its sub-folders), in no particular
     * order: sort them with {@link #ORDER}. What is not an issue is passed over, what is not YAML stops.
     */
    public static List<Entry> issues(Path folder) {
        List<Entry> issues = new ArrayList<>();
        for (Path file : yamlFiles(folder)) {
            Entry entry = read(file);
            if (entry != null) {
                issues.add(entry);
            }
        }
        return issues;
    }

    /** One issue file read, or null when it is YAML but not an issue; invalid YAML is an error at its place. */
    public static Entry read(Path file) {
        YamlDocument document = new YamlDocumentReader().read(file, file.toString());
        Problem broken = document.problems().stream().filter(Problem::isError).findFirst().orElse(null);
        if (document.root() == null || broken != null) {
            Problem problem = broken != null ? broken : Problem.error(SourcePosition.wholeFile(file.toString()), "", "cannot be read");
            throw TidingsException.invalidInput(problem.format() + " (tidings reads the folder's issues to put them in order:"
                    + " fix this one, or move it out of the folder)");
        }
        JsonNode issue = document.root().path("issue");
        if (!issue.isObject()) {
            return null;
        }
        String name = file.getFileName().toString();
        String id = issue.path("id").isTextual() ? issue.path("id").asText() : name.substring(0, name.lastIndexOf('.'));
        Matcher number = NUMBER_AT_END.matcher(id);
        String text = TextFileDecoder.decode(file, file.toString(), "YAML").text();
        return new Entry(file, document, text, id, number.find() ? Integer.parseInt(number.group(1)) : -1, date(issue.path("date")));
    }

    private static LocalDate date(JsonNode date) {
        try {
            return date.isTextual() ? LocalDate.parse(date.asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static List<Path> yamlFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("[^.].*\\.ya?ml") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            throw TidingsException.invalidInput(folder + ": cannot list the folder (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }
}
