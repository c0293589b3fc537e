package dev.tidings.digest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The keys of the published digest schema (docs/digest.schema.json), walked into a flat list, and
 * a digest that holds every one of them with a valid value: what tests that vary one field at a
 * time (the generated bad-digest corpus, the rendering properties) are derived from.
 */
public final class SchemaFields {
    public static final Path SCHEMA = Path.of("docs/digest.schema.json");
    /** Addresses, the date, the id and file names: strings that are not text to show. */
    private static final List<String> NOT_TEXT = List.of("newsletter.from", "newsletter.reply_to", "newsletter.bounce_address", "newsletter.unsubscribe.mailto",
            "issue.id", "issue.date", "template", "newsletter",
            // DKIM's selector, key file and domain go into DNS names and a path, never before a reader (DkimSetup checks them).
            "newsletter.dkim", "newsletter.dkim.selector", "newsletter.dkim.key_file", "newsletter.dkim.domain",
            "issue.callouts[0].event.start", "issue.callouts[0].event.end",
            // UTM values are never shown: they go, percent-encoded, into links (LinkTaggerTest).
            "newsletter.utm.source", "newsletter.utm.medium", "newsletter.utm.campaign", "newsletter.utm.term", "newsletter.utm.content",
            // Shown only to a subscriber without a name, which render's sample reader is not (GreetingRenderTest renders it).
            "newsletter.greeting_without_name",
            // Shown on serve's signup page (serve/page.html.ftlh, auto-escaped), not in the email.
            "newsletter.description",
            // BCP 47 tags: they choose the theme's words and go into <html lang>, checked by LanguageRules.
            "newsletter.language", "issue.language");

    /** What minimal.yaml lacks: every optional key of the schema, with a valid value. */
    private static final String OPTIONAL_KEYS = """
            newsletter:
              description: "Two articles a week, chosen with care."
              reply_to: "editor@example.org"
              bounce_address: "bounces@example.org"
              website: "https://example.org"
              unsubscribe:
                mailto: "unsubscribe@example.org"
              footer: "Get the latest from [Example Weekly](https://example.org)."
              archive_url: "https://example.org/archive/"
              public_url: "https://news.example.org"
              subscribe_url: "https://signup.example.org/subscribe"
              greeting: "Dear {first_name},"
              greeting_without_name: "Dear reader,"
              language: "en"
              strings:
                read_more: "Read on"
              utm:
                source: "example-weekly"
                medium: "email"
                campaign: "{issue.id}"
                term: "newsletter"
                content: "links"
              dkim:
                selector: "s2026"
                key_file: "dkim.pem"
                domain: "example.org"
            issue:
              id: "first-issue"
              language: "en-GB"
              subject: "The first issue: two articles"
              author:
                name: "Ann Editor"
                bio: "Ann edits *Example Weekly*."
                url: "https://example.org/ann"
              standfirst: "Two articles worth reading."
              intro: "Welcome to the first issue."
              image:
                url: "https://example.org/hero.png"
                alt: "A lighthouse at dawn"
              items:
                - author: "Bo Writer"
                  source: "The Example Blog"
                  quotes: ["A passage worth quoting."]
                  comment: "Worth your time."
                  draft: false
                  image:
                    url: "https://example.org/first.png"
                    alt: "A chart of the findings"
              closing: "See you next week."
              sections:
                - heading: "Also in the series"
                  links:
                    - title: "Part one"
                      url: "https://example.org/part-one"
              callouts:
                - heading: "Join the chat"
                  body: "Every Thursday at noon."
                  link:
                    text: "Sign up"
                    url: "https://example.org/chat"
                  event:
                    start: "2030-01-10T12:00:00+00:00"
                    end: "2030-01-10T13:00:00+00:00"
                    location: "Online"
                    url: "https://example.org/chat/join"
            """;

    private SchemaFields() {
    }

    /** One key of the schema: its path with list entries as [0], its resolved schema, and its parent's path. */
    public record Field(String path, String parent, String key, JsonNode schema, boolean required) {
        /** The key's type; of several ({@code ["string", "boolean"]}), the first. */
        public String type() {
            JsonNode type = schema.path("type");
            return type.isArray() ? type.get(0).asText() : type.asText("object");
        }

        /** Whether the schema also accepts a boolean ({@code greeting: false}). */
        public boolean allowsBoolean() {
            JsonNode type = schema.path("type");
            return type.isArray() && type.toString().contains("\"boolean\"");
        }

        public boolean isUrl() {
            return key.equals("url") || key.equals("website") || key.equals("archive_url") || key.equals("public_url")
                    || key.equals("subscribe_url");
        }

        public boolean isMarkdown() {
            return schema.path("description").asText().startsWith("Markdown");
        }

        /** Shown to readers as it is written: every string but links, addresses, the date, the id, file names and Markdown. */
        public boolean isPlainText() {
            return isText() && !isMarkdown();
        }

        /** Text to show, plain or Markdown. */
        public boolean isText() {
            return type().equals("string") && !isUrl() && !NOT_TEXT.contains(path);
        }

        @Override
        public String toString() {
            return path;
        }
    }

    /** Every key of the schema, parents before children. */
    public static List<Field> all() {
        JsonNode schema = readJson(SCHEMA);
        List<Field> fields = new ArrayList<>();
        walk(schema, schema, "", fields);
        return fields;
    }

    public static Field field(String path) {
        return all().stream().filter(f -> f.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("not in the schema: " + path));
    }

    private static void walk(JsonNode root, JsonNode node, String path, List<Field> fields) {
        node = resolve(root, node);
        if (node.has("properties")) {
            List<String> required = new ArrayList<>();
            node.path("required").forEach(r -> required.add(r.asText()));
            for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                String childPath = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
                JsonNode child = resolve(root, property.getValue());
                fields.add(new Field(childPath, path, property.getKey(), child, required.contains(property.getKey())));
                walk(root, child, childPath, fields);
            }
        } else if (node.has("items")) {
            JsonNode element = resolve(root, node.get("items"));
            fields.add(new Field(path + "[0]", path, "[0]", element, false));
            walk(root, element, path + "[0]", fields);
        }
    }

    /** Follows a $ref into $defs; for newsletter's anyOf (a file name or the mapping), the mapping. */
    private static JsonNode resolve(JsonNode root, JsonNode node) {
        if (node.has("$ref")) {
            return resolve(root, root.at(node.get("$ref").asText().substring(1)));
        }
        if (node.has("anyOf")) {
            for (JsonNode branch : node.get("anyOf")) {
                if (branch.has("$ref")) {
                    return resolve(root, branch);
                }
            }
        }
        return node;
    }

    // --- the digest with every key -------------------------------------------------------------

    /**
     * minimal.yaml with every optional key added (valid, without a warning even with --strict; its issue id is first-issue).
     * Its DKIM key is dkim.pem beside it: {@link #writeDkimKey}.
     */
    public static ObjectNode fullDigest() {
        ObjectNode base = YamlTreeWriter.read(TestDigests.MINIMAL);
        merge(base, readYaml(OPTIONAL_KEYS));
        return base;
    }

    /** The DKIM key that the full digest names, beside a digest written in {@code dir}, readable by its owner alone. */
    public static void writeDkimKey(Path dir) {
        try {
            Path key = Files.copy(Path.of("src/test/resources/dkim/ed25519.pem"), dir.resolve("dkim.pem"));
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void merge(JsonNode into, JsonNode from) {
        if (into instanceof ObjectNode target) {
            from.fields().forEachRemaining(e -> {
                JsonNode existing = target.get(e.getKey());
                if (existing != null && existing.isContainerNode()) {
                    merge(existing, e.getValue());
                } else {
                    target.set(e.getKey(), e.getValue().deepCopy());
                }
            });
        } else if (into instanceof ArrayNode target) {
            for (int i = 0; i < from.size(); i++) {
                merge(target.get(i), from.get(i));
            }
        }
    }

    /** The node at a path ("issue.items[0].quotes[0]": list entries are always the first), or a missing node. */
    public static JsonNode at(JsonNode digest, String path) {
        JsonNode node = digest;
        if (path.isEmpty()) {
            return node;
        }
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            node = node.path(bracket < 0 ? part : part.substring(0, bracket));
            for (int b = bracket; b >= 0; b = part.indexOf('[', b + 1)) {
                node = node.path(0);
            }
        }
        return node;
    }

    /** The mapping that holds a key (not for list entries, whose holder is a list). */
    public static ObjectNode parentOf(ObjectNode digest, Field f) {
        if (f.key().equals("[0]")) {
            throw new IllegalArgumentException("a list entry has no parent mapping: " + f);
        }
        return (ObjectNode) at(digest, f.parent());
    }

    /** Sets a key, or the first entry of a list, to this value. */
    public static void set(ObjectNode digest, Field f, JsonNode value) {
        if (f.key().equals("[0]")) {
            ((ArrayNode) at(digest, f.parent())).set(0, value);
        } else {
            parentOf(digest, f).set(f.key(), value);
        }
    }

    public static void set(ObjectNode digest, String path, String value) {
        set(digest, field(path), digest.textNode(value));
    }

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readYaml(String text) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
