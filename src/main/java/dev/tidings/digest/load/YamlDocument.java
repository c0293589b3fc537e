package dev.tidings.digest.load;

import dev.tidings.digest.Problem;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * A YAML file read into a JSON tree plus the position of every field.
 *
 * @param root     the document, or null when the file could not be read or parsed at all
 * @param problems what reading found: one error when root is null; otherwise warnings and
 *                 recoverable errors such as duplicate keys
 * @param emptiedByComment for each field whose value is empty because a {@code #} after its key
 *                 made the rest of the line a comment, the problem that says so; reported in place
 *                 of the schema's "must not be empty" if, and only if, the schema finds it empty
 */
public record YamlDocument(JsonNode root, SourceMap sourceMap, List<Problem> problems, Map<String, Problem> emptiedByComment) {
    public YamlDocument {
        problems = List.copyOf(problems);
        emptiedByComment = Map.copyOf(emptiedByComment);
    }

    public YamlDocument(JsonNode root, SourceMap sourceMap, List<Problem> problems) {
        this(root, sourceMap, problems, Map.of());
    }
}
