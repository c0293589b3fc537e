package dev.tidings.digest.load;

import dev.tidings.digest.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The digest format as a published JSON Schema (draft 2020-12), and the structural half of
 * validation: required keys, types, unknown keys, sizes. Semantic rules live in {@link DigestRules}.
 *
 * <p>The schema a user sees accepts {@code newsletter: file.yaml}. Validation runs after that file
 * is grafted into the tree, against a variant in which {@code newsletter} must be the mapping, so
 * that a mistake in it yields one clear message instead of a report on every {@code anyOf} branch.
 */
public final class DigestSchema {
    private static final String RESOURCE = "/dev/tidings/digest/digest.schema.json";

    private final String publishedText;
    private final JsonNode schemaTree;
    private final JsonSchema resolvedVariant;

    public DigestSchema() {
        publishedText = readResource();
        try {
            schemaTree = new ObjectMapper().readTree(publishedText);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled digest schema is not JSON", e);
        }
        ObjectNode variant = schemaTree.deepCopy();
        ((ObjectNode) variant.path("properties")).set("newsletter",
                variant.objectNode().put("$ref", "#/$defs/newsletter"));
        resolvedVariant = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(variant);
    }

    /** The schema as published by {@code tidings schema}. */
    public String publishedText() {
        return publishedText;
    }

    /** Structural problems of a digest tree whose newsletter, if it was a file reference, is grafted in. */
    public List<Problem> check(JsonNode digest, SourceMap map) {
        return check(digest, map, new HashSet<>());
    }

    /**
     * As {@link #check(JsonNode, SourceMap)}, adding to {@code misspelt} the field each near-miss key
     * was meant to be ({@code issue.items[0].summary} for {@code sumary}). That field is not also
     * called missing: one typo, one message, the one that says what to fix.
     */
    public List<Problem> check(JsonNode digest, SourceMap map, Set<String> misspelt) {
        Set<ValidationMessage> messages = resolvedVariant.validate(digest);
        List<Problem> problems = new ArrayList<>();
        List<String> required = new ArrayList<>();
        messages.stream()
                .sorted(Comparator.comparing(m -> m.getInstanceLocation().toString()))
                .forEach(m -> {
                    problems.add(translate(m, map, misspelt));
                    required.add("required".equals(m.getType()) ? problems.get(problems.size() - 1).field() : null);
                });
        for (int i = problems.size() - 1; i >= 0; i--) {
            if (required.get(i) != null && misspelt.contains(required.get(i))) {
                problems.remove(i);
            }
        }
        return problems;
    }

    private Problem translate(ValidationMessage message, SourceMap map, Set<String> misspelt) {
        String path = pathOf(message.getInstanceLocation());
        String type = message.getType();
        Object[] args = message.getArguments() == null ? new Object[0] : message.getArguments();
        switch (type) {
            case "required": {
                String missing = String.valueOf(message.getProperty());
                String field = join(path, missing);
                return Problem.error(map.keyOf(path), field, "is required but missing" + hintForRequired(field));
            }
            case "additionalProperties": {
                String unknown = String.valueOf(message.getProperty());
                String field = join(path, unknown);
                List<String> allowed = allowedKeys(message);
                String meant = nearMiss(unknown, allowed);
                if (meant != null) {
                    misspelt.add(join(path, meant));
                }
                return Problem.error(map.keyOf(field), field, "unknown key '" + unknown + "'" + didYouMean(unknown, allowed));
            }
            case "type":
                return Problem.error(map.valueOf(path), path, "must be " + describeTypes(message.getSchemaNode())
                        + ", not " + describeInstance(message.getInstanceNode()));
            case "minLength":
                return Problem.error(map.valueOf(path), path, "must not be empty");
            case "maxLength":
                return Problem.error(map.valueOf(path), path, "is too long (at most " + args[0] + " characters)");
            case "minItems":
                return Problem.error(map.valueOf(path), path, "needs at least " + args[0] + " entr" + plural(args[0]));
            case "maxItems":
                return Problem.error(map.valueOf(path), path, "has too many entries (at most " + args[0] + ")");
            case "minProperties":
                return Problem.error(map.valueOf(path), path, minPropertiesMessage(path));
            case "pattern":
                return Problem.error(map.valueOf(path), path, patternMessage(path));
            default:
                return Problem.error(map.valueOf(path), path, message.getMessage().replaceFirst("^\\$[^:]*: ", ""));
        }
    }

    private static String hintForRequired(String field) {
        if (field.equals("newsletter.postal_address")) {
            return " (CAN-SPAM requires a postal address in every newsletter)";
        }
        if (field.equals("issue.date")) {
            return " (write it as YYYY-MM-DD)";
        }
        return "";
    }

    private static String minPropertiesMessage(String path) {
        if (path.endsWith("unsubscribe")) {
            return "needs a mailto address, an https url, or both";
        }
        return "must not be empty";
    }

    private static String patternMessage(String path) {
        if (path.equals("issue.id")) {
            return "must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit";
        }
        if (path.equals("issue.date")) {
            return "must be a date written YYYY-MM-DD";
        }
        if (path.equals("newsletter.dkim")) {
            return "must be a mapping with selector: and key_file:, or relay (when the relay signs the mail)";
        }
        if (path.equals("newsletter.dkim.domain")) {
            return "must be a domain name like example.org";
        }
        return "has the wrong form";
    }

    /** The keys allowed where an unknown key was found, read from the schema object that rejected it. */
    private List<String> allowedKeys(ValidationMessage message) {
        String pointer = message.getSchemaLocation().getFragment().toString();
        String objectPointer = pointer.replaceFirst("/additionalProperties$", "");
        JsonNode properties = schemaTree.at(objectPointer.startsWith("#") ? objectPointer.substring(1) : objectPointer)
                .path("properties");
        List<String> keys = new ArrayList<>();
        properties.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    static String didYouMean(String unknown, List<String> allowed) {
        String meant = nearMiss(unknown, allowed);
        if (meant != null) {
            return "; did you mean '" + meant + "'?";
        }
        return allowed.isEmpty() ? "" : "; expected one of: " + String.join(", ", allowed);
    }

    /** The allowed key an unknown one is a typo of, or null when none is near enough to be meant. */
    private static String nearMiss(String unknown, List<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int distance = Levenshtein.distance(unknown.toLowerCase(Locale.ROOT), candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(2, unknown.length() / 3) ? best : null;
    }

    /** A schema's {@code type}, one ({@code "string"}) or several ({@code ["string", "boolean"]}: "text or a boolean"). */
    private static String describeTypes(JsonNode schemaType) {
        if (!schemaType.isArray()) {
            return describeType(schemaType.asText());
        }
        List<String> types = new ArrayList<>();
        schemaType.forEach(type -> types.add(describeType(type.asText())));
        return String.join(" or ", types);
    }

    private static String describeType(String schemaType) {
        switch (schemaType) {
            case "string":
                return "text";
            case "array":
                return "a list";
            case "object":
                return "a mapping of keys";
            default:
                return "a " + schemaType;
        }
    }

    private static String describeInstance(JsonNode node) {
        // A key with nothing after it reads as empty text, not null: say "empty", as the editor sees it.
        if (node == null || node.isNull() || node.isTextual() && node.asText().isEmpty()) {
            return "empty";
        }
        if (node.isNumber() || node.isBoolean()) {
            return "the " + (node.isNumber() ? "number " : "boolean ") + node.asText()
                    + " (put it in quotes if it is meant as text)";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return "text";
    }

    private static String plural(Object count) {
        return "1".equals(String.valueOf(count)) ? "y" : "ies";
    }

    static String pathOf(JsonNodePath location) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer) {
                path.append('[').append(element).append(']');
            } else {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(element);
            }
        }
        return path.toString();
    }

    private static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + "." + child;
    }

    private static String readResource() {
        try (InputStream in = DigestSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the digest schema is missing from the jar: " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
