package dev.tidings.digest.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import dev.tidings.cli.CliRun;
import dev.tidings.digest.Problem;
import dev.tidings.digest.TestDigests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigestSchemaTest {
    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    @TempDir
    Path dir;

    private final DigestSchema schema = new DigestSchema();

    @Test
    void thePublishedSchemaIsDraft202012AndValidAgainstItsMetaSchema() throws IOException {
        JsonNode published = new ObjectMapper().readTree(schema.publishedText());
        assertEquals(DRAFT_2020_12, published.path("$schema").asText());
        JsonSchema metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(SchemaLocation.of(DRAFT_2020_12));
        assertEquals(List.of(), List.copyOf(metaSchema.validate(published)));
    }

    @Test
    void theSchemaCommandPrintsThePublishedSchema() {
        CliRun run = CliRun.of("schema");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(schema.publishedText(), run.out());
    }

    @Test
    void everyKeyTheSampleUsesIsDefinedInTheSchema() throws IOException {
        JsonNode published = new ObjectMapper().readTree(schema.publishedText());
        JsonNode sample = new YamlDocumentReader().read(TestDigests.SAMPLE, TestDigests.SAMPLE.toString()).root();
        List<String> undefined = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        collectUndefinedKeys(sample, published, published, "", undefined, checked);
        assertEquals(List.of(), undefined);
        assertTrue(checked.contains("issue.items[4].quotes"), "the walk reaches deep keys: " + checked);
        assertTrue(checked.size() > 50, "the walk checked " + checked.size() + " keys");
    }

    @Test
    void theSampleMeetsTheSchema() throws IOException {
        YamlDocument sample = new YamlDocumentReader().read(TestDigests.SAMPLE, TestDigests.SAMPLE.toString());
        assertEquals(List.of(), schema.check(sample.root(), sample.sourceMap()));
    }

    @Test
    void aMisspeltKeyGetsADidYouMeanHint() {
        assertEquals("; did you mean 'title'?", DigestSchema.didYouMean("titel", List.of("id", "title", "subject")));
        assertEquals("; did you mean 'postal_address'?", DigestSchema.didYouMean("postal_adress", List.of("name", "postal_address")));
        assertEquals("; did you mean 'title'?", DigestSchema.didYouMean("Title", List.of("title", "subject")), "case is no mistake");
    }

    @Test
    void aKeyLikeNoneListsTheAllowedKeys() {
        assertEquals("; expected one of: id, title, subject", DigestSchema.didYouMean("colour", List.of("id", "title", "subject")));
        assertEquals("", DigestSchema.didYouMean("colour", List.of()));
    }

    @Test
    void aMisspeltKeyIsOneErrorAtItsOwnPositionNotAlsoAMissingKey() throws IOException {
        // Issue 18: the typo is the one mistake; "postal_address is required but missing" beside it sent editors hunting.
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "  postal_address:", "  postal_adress:");
        List<String> problems = new DigestLoader().load(file).problems().stream().map(Problem::format).toList();
        assertEquals(List.of(
                file + ":5:3: newsletter.postal_adress: unknown key 'postal_adress'; did you mean 'postal_address'?"), problems);
    }

    @Test
    void anUnknownKeyLikeNoRequiredOneLeavesThatKeyMissing() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "  postal_address:", "  office:");
        List<String> problems = new DigestLoader().load(file).problems().stream().map(Problem::format).toList();
        assertEquals(List.of(
                file + ":2:1: newsletter.postal_address: is required but missing (CAN-SPAM requires a postal address in every newsletter)",
                file + ":5:3: newsletter.office: unknown key 'office'; expected one of: name, from, description, reply_to, website,"
                        + " postal_address, unsubscribe, footer, archive_url, public_url, subscribe_url, bounce_address, utm, greeting, greeting_without_name, dkim, language, strings"), problems);
    }

    @Test
    void aNumberWhereTextBelongsSaysHowToQuoteIt() throws IOException {
        Path file = TestDigests.minimalWith(dir, "digest.yaml", "  name: Example Weekly", "  name: 1984");
        assertEquals(List.of(file + ":3:9: newsletter.name: must be text, not the number 1984 (put it in quotes if it is meant as text)"),
                new DigestLoader().load(file).problems().stream().map(Problem::format).toList());
    }

    /**
     * Walks a document alongside the schema, noting each object key that the schema (through $ref
     * and anyOf) does not define.
     */
    private static void collectUndefinedKeys(JsonNode value, JsonNode schemaNode, JsonNode root, String path,
                                             List<String> undefined, List<String> checked) {
        List<JsonNode> candidates = resolve(schemaNode, root);
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode property = candidates.stream()
                        .map(candidate -> candidate.path("properties").path(field.getKey()))
                        .filter(node -> !node.isMissingNode())
                        .findFirst().orElse(null);
                checked.add(childPath);
                if (property == null) {
                    undefined.add(childPath);
                } else {
                    collectUndefinedKeys(field.getValue(), property, root, childPath, undefined, checked);
                }
            }
        } else if (value.isArray()) {
            JsonNode items = candidates.stream().map(c -> c.path("items")).filter(n -> !n.isMissingNode()).findFirst().orElse(null);
            for (int i = 0; i < value.size(); i++) {
                if (items == null) {
                    undefined.add(path + "[" + i + "]");
                } else {
                    collectUndefinedKeys(value.get(i), items, root, path + "[" + i + "]", undefined, checked);
                }
            }
        }
    }

    /** The schema node itself, what its $ref points at, and the branches of its anyOf. */
    private static List<JsonNode> resolve(JsonNode schemaNode, JsonNode root) {
        List<JsonNode> resolved = new ArrayList<>();
        if (schemaNode.has("$ref")) {
            resolved.addAll(resolve(root.at(schemaNode.get("$ref").asText().substring(1)), root));
        } else {
            resolved.add(schemaNode);
        }
        schemaNode.path("anyOf").forEach(branch -> resolved.addAll(resolve(branch, root)));
        return resolved;
    }
}
