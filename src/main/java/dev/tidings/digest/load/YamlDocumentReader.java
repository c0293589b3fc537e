package dev.tidings.digest.load;

import dev.tidings.digest.FieldChecks;
import dev.tidings.digest.Problem;
import dev.tidings.digest.SourcePosition;
import dev.tidings.digest.TextFileDecoder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML file into a JSON tree, recording where every key and value starts.
 *
 * <p>Hostile files are expected: the text is checked by {@link TextFileDecoder} first, nesting is
 * capped, and YAML aliases are refused rather than expanded, which rules out "billion laughs"
 * alias bombs (Jackson would otherwise hand them over as their anchor names, silently).
 */
public final class YamlDocumentReader {
    /** Deeper than any digest needs; stops stack-exhausting documents early. */
    static final int MAX_DEPTH = 32;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final YAMLFactory factory;

    public YamlDocumentReader() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(MAX_DEPTH + 8);
        options.setCodePointLimit(TextFileDecoder.MAX_BYTES);
        options.setAllowDuplicateKeys(true); // reported by the tree builder, with both lines
        factory = YAMLFactory.builder()
                .loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH + 8)
                        .maxStringLength(TextFileDecoder.MAX_BYTES)
                        .build())
                .build();
    }

    public YamlDocument read(Path file, String displayName) {
        SourceMap map = new SourceMap(displayName);
        List<Problem> problems = new ArrayList<>();
        TextFileDecoder.Decoded decoded = TextFileDecoder.decode(file, displayName, "YAML");
        problems.addAll(decoded.problems());
        if (decoded.text() == null) {
            return new YamlDocument(null, map, problems);
        }
        String[] lines = decoded.text().split("\n", -1);
        try (JsonParser parser = factory.createParser(decoded.text())) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                problems.add(Problem.error(SourcePosition.wholeFile(displayName), "", "the file is empty"));
                return new YamlDocument(null, map, problems);
            }
            TreeBuilder builder = new TreeBuilder(parser, displayName, lines, map, problems);
            JsonNode root = builder.value("", position(displayName, parser.currentTokenLocation()), 0);
            if (parser.nextToken() != null) {
                problems.add(Problem.error(position(displayName, parser.currentTokenLocation()), "",
                        "a second YAML document starts here; a digest is one document (remove the '---')"));
            }
            return new YamlDocument(root, map, problems, builder.emptiedByComment);
        } catch (TooDeepException e) {
            problems.add(Problem.error(e.at, "", "nested more than " + MAX_DEPTH + " levels deep; a digest never is"));
        } catch (AliasException e) {
            problems.add(Problem.error(e.at, e.path,
                    "YAML aliases (*" + e.anchor + ") are not supported; write the value out in full"
                            + " (if the '*' starts Markdown emphasis, put the value in quotes)"));
        } catch (RunOnQuoteException e) {
            problems.add(e.problem);
        } catch (StreamReadException e) {
            problems.add(syntaxError(displayName, decoded.text(), e));
        } catch (IOException e) {
            problems.add(Problem.error(SourcePosition.wholeFile(displayName), "", "cannot read the file: " + e.getMessage()));
        }
        return new YamlDocument(null, map, problems);
    }

    private static Problem syntaxError(String file, String text, StreamReadException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            Problem quote = YamlQuoteHint.explain(file, text, yaml);
            if (quote != null) {
                return quote;
            }
            return YamlErrorWords.explain(file, text, yaml);
        }
        String message = e.getOriginalMessage();
        if (message != null && message.contains("nesting depth")) {
            message = "nested more than " + MAX_DEPTH + " levels deep; a digest never is";
        } else {
            message = "not valid YAML: " + firstLine(message);
        }
        return Problem.error(position(file, e.getLocation()), "", message);
    }

    static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    static SourcePosition position(String file, JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return SourcePosition.wholeFile(file);
        }
        return new SourcePosition(file, location.getLineNr(), Math.max(location.getColumnNr(), 1));
    }

    /** Walks parser events into nodes, depth-first; depth is bounded so recursion is safe. */
    private static final class TreeBuilder {
        private final JsonParser parser;
        private final String file;
        private final String[] lines;
        private final SourceMap map;
        private final List<Problem> problems;
        final Map<String, Problem> emptiedByComment = new HashMap<>();

        TreeBuilder(JsonParser parser, String file, String[] lines, SourceMap map, List<Problem> problems) {
            this.parser = parser;
            this.file = file;
            this.lines = lines;
            this.map = map;
            this.problems = problems;
        }

        JsonNode value(String path, SourcePosition keyAt, int depth) throws IOException {
            SourcePosition valueAt = position(file, parser.currentTokenLocation());
            if (depth > MAX_DEPTH) {
                throw new TooDeepException(valueAt);
            }
            JsonToken token = parser.currentToken();
            if (parser instanceof YAMLParser yaml && !yaml.isCurrentAlias()) {
                String readAs = token.isScalarValue() ? parser.getText() : null;
                Problem marked = YamlMarkers.explain(file, lines, valueAt, path, readAs);
                if (marked != null) {
                    problems.add(marked);
                }
            }
            if (token == JsonToken.START_OBJECT) {
                map.put(path, new SourceMap.Entry(keyAt, valueAt, valueAt, SourceMap.Layout.REFLOWED));
                return object(path, depth);
            }
            if (token == JsonToken.START_ARRAY) {
                map.put(path, new SourceMap.Entry(keyAt, valueAt, valueAt, SourceMap.Layout.REFLOWED));
                return array(path, depth);
            }
            if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                throw new AliasException(valueAt, path, parser.getText());
            }
            SourcePosition endAt = position(file, parser.currentLocation());
            map.put(path, scalarEntry(keyAt, valueAt, endAt));
            checkRunOnQuote(path, valueAt, endAt);
            JsonNode scalar = scalar(token);
            if (!keyAt.equals(valueAt) && (scalar.isNull() || scalar.isTextual() && scalar.asText().isEmpty())) {
                Problem comment = EmptiedByComment.explain(file, lines, keyAt, path);
                if (comment != null) {
                    emptiedByComment.put(path, comment);
                }
            }
            String notText = scalar.isTextual() ? FieldChecks.characterProblem(scalar.asText()) : null;
            if (notText != null) {
                problems.add(Problem.error(valueAt, path, notText));
            }
            return scalar;
        }

        /** A quoted value that took in the keys after it: stop here, since the rest of the tree is not what was meant. */
        private void checkRunOnQuote(String path, SourcePosition valueAt, SourcePosition endAt) throws RunOnQuoteException {
            int open = valueAt.line() - 1;
            int column = valueAt.column() - 1;
            if (open < 0 || open >= lines.length || column >= lines[open].length()) {
                return;
            }
            char first = lines[open].charAt(column);
            String taken = first == '"' || first == '\'' ? RunOnQuote.swallowed(lines, open, endAt.line() - 1) : null;
            if (taken != null) {
                throw new RunOnQuoteException(Problem.error(valueAt, path, RunOnQuote.message(open, endAt.line() - 1, taken)));
            }
        }

        private ObjectNode object(String path, int depth) throws IOException {
            ObjectNode node = NODES.objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                SourcePosition keyAt = position(file, parser.currentTokenLocation());
                String childPath = path.isEmpty() ? key : path + "." + key;
                parser.nextToken();
                if (node.has(key)) {
                    problems.add(Problem.error(keyAt, childPath, "duplicate key; it is already set at line "
                            + map.keyOf(childPath).line() + " (remove one of them)"));
                }
                node.set(key, value(childPath, keyAt, depth + 1));
            }
            return node;
        }

        private ArrayNode array(String path, int depth) throws IOException {
            ArrayNode node = NODES.arrayNode();
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                String childPath = path + "[" + index++ + "]";
                node.add(value(childPath, position(file, parser.currentTokenLocation()), depth + 1));
            }
            return node;
        }

        private JsonNode scalar(JsonToken token) throws IOException {
            switch (token) {
                case VALUE_STRING:
                    return NODES.textNode(parser.getText());
                case VALUE_NUMBER_INT:
                    return NODES.numberNode(parser.getBigIntegerValue());
                case VALUE_NUMBER_FLOAT:
                    return NODES.numberNode(parser.getDecimalValue());
                case VALUE_TRUE:
                    return NODES.booleanNode(true);
                case VALUE_FALSE:
                    return NODES.booleanNode(false);
                default:
                    return NODES.nullNode();
            }
        }

        /**
         * Finds where a scalar's text starts and how it lies in the file, so that offsets inside
         * Markdown map back to the file where they can, and to the value's start where they cannot.
         */
        private SourceMap.Entry scalarEntry(SourcePosition keyAt, SourcePosition valueAt, SourcePosition endAt) {
            int lineIndex = valueAt.line() - 1;
            if (lineIndex < 0 || lineIndex >= lines.length) {
                return new SourceMap.Entry(keyAt, valueAt, valueAt, SourceMap.Layout.REFLOWED);
            }
            String line = lines[lineIndex];
            int col = valueAt.column() - 1;
            char first = col < line.length() ? line.charAt(col) : ' ';
            // An explicit indentation indicator (|2) may put the first line deeper than the block's indentation.
            if (first == '|' && !line.substring(col).matches("\\|[-+]?[1-9].*")) {
                for (int next = lineIndex + 1; next < lines.length; next++) {
                    String content = lines[next];
                    if (!content.isBlank()) {
                        // Leading blank lines are part of the text, so the text's first line is the header's next.
                        int indent = content.length() - content.stripLeading().length();
                        return new SourceMap.Entry(keyAt, valueAt, new SourcePosition(file, lineIndex + 2, indent + 1),
                                SourceMap.Layout.LITERAL_BLOCK);
                    }
                }
            }
            boolean oneLine = endAt.line() == valueAt.line();
            if (first == '"' || first == '\'') {
                // An escape (\" or '') makes the text shorter than its source, so later columns would be off.
                boolean escaped = first == '"' ? line.indexOf('\\', col + 1) >= 0 : line.indexOf("''", col + 1) >= 0;
                return new SourceMap.Entry(keyAt, valueAt, new SourcePosition(file, valueAt.line(), valueAt.column() + 1),
                        oneLine && !escaped ? SourceMap.Layout.ONE_LINE : SourceMap.Layout.REFLOWED);
            }
            boolean plain = first != '|' && first != '>';
            return new SourceMap.Entry(keyAt, valueAt, valueAt,
                    oneLine && plain ? SourceMap.Layout.ONE_LINE : SourceMap.Layout.REFLOWED);
        }
    }

    private static final class TooDeepException extends IOException {
        final transient SourcePosition at;

        TooDeepException(SourcePosition at) {
            super("too deep", null);
            this.at = at;
        }
    }

    private static final class RunOnQuoteException extends IOException {
        final transient Problem problem;

        RunOnQuoteException(Problem problem) {
            super("run-on quote", null);
            this.problem = problem;
        }
    }

    private static final class AliasException extends IOException {
        final transient SourcePosition at;
        final String path;
        final String anchor;

        AliasException(SourcePosition at, String path, String anchor) {
            super("alias", null);
            this.at = at;
            this.path = path;
            this.anchor = anchor;
        }
    }
}
