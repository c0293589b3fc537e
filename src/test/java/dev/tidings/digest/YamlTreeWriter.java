package dev.tidings.digest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a JSON tree as block-style YAML, every string double-quoted on one line with every
 * character that YAML would not keep as it is escaped ({@code \n}, {@code \0}, {@code \N} for
 * U+0085, {@code \L}, {@code \P}, {@code \\uXXXX}). Tests that put arbitrary strings into a digest
 * write it with this, so that the value the loader reads back is exactly the value the test chose,
 * and each key sits on a line of its own, where a located message can be checked against it.
 * (Jackson's own YAML writer folds long strings across lines and quotes only when it must.)
 */
public final class YamlTreeWriter {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private YamlTreeWriter() {
    }

    /** Reads a (small, well-formed) YAML file into a tree to mutate. */
    public static ObjectNode read(Path file) {
        try {
            return (ObjectNode) YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(JsonNode tree, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, toYaml(tree), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toYaml(JsonNode tree) {
        StringBuilder out = new StringBuilder();
        block(tree, 0, out);
        return out.toString();
    }

    private static void block(JsonNode node, int indent, StringBuilder out) {
        String pad = " ".repeat(indent);
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append(pad).append(field.getKey()).append(':');
                child(field.getValue(), indent, out);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (element.isObject() && element.size() > 0) {
                    // "- first: ..." with the other keys under it, as people write lists of mappings.
                    StringBuilder entry = new StringBuilder();
                    block(element, indent + 2, entry);
                    out.append(pad).append("- ").append(entry, indent + 2, entry.length());
                } else {
                    out.append(pad).append('-');
                    child(element, indent, out);
                }
            }
        } else {
            out.append(pad).append(scalar(node)).append('\n');
        }
    }

    /** After "key:" or "-": a scalar on the same line, an empty collection in flow style, else a nested block. */
    private static void child(JsonNode value, int indent, StringBuilder out) {
        if (value.isContainerNode() && value.size() > 0) {
            out.append('\n');
            block(value, indent + 2, out);
        } else if (value.isObject()) {
            out.append(" {}\n");
        } else if (value.isArray()) {
            out.append(" []\n");
        } else {
            out.append(' ').append(scalar(value)).append('\n');
        }
    }

    private static String scalar(JsonNode node) {
        if (node.isTextual()) {
            return quoted(node.asText());
        }
        if (node.isNull()) {
            return "null";
        }
        return node.asText();
    }

    /** A YAML double-quoted scalar holding exactly {@code text}. */
    public static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> out.append("\\0");
                case '\u0085' -> out.append("\\N");
                case '\u2028' -> out.append("\\L");
                case '\u2029' -> out.append("\\P");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (c >= 0x20 && c < 0x7F || c >= 0xA0 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) {
                        out.append(c);
                    } else {
                        out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
