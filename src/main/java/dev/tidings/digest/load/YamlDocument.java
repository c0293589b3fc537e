package dev.tidings.digest.load;

import dev.tidings.digest.Problem;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A YAML file read into a JSON tree plus the position of every field.
 *
 * @param root     the document, or null when the file could not be read or parsed at all
 * @param problems what reading found: one error when root is null; otherwise warnings and
 *                 recoverable errors such as duplicate keys
 */
public record YamlDocument(JsonNode root, SourceMap sourceMap, List<Problem> problems) {
    public YamlDocument {
        problems = List.copyOf(problems);
    }
}
