package dev.tidings.digest.load;

import dev.tidings.digest.Problem;
import dev.tidings.digest.SchemaFields;
import dev.tidings.digest.TestDigests;
import dev.tidings.digest.YamlTreeWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which links of a digest the link check requests, and where it reports them. */
class DigestLinksTest {
    @TempDir
    Path dir;

    /**
     * Walks the published schema, so that a URL or Markdown field added to it later and forgotten
     * here fails this test instead of going unchecked.
     */
    @Test
    void everyUrlAndMarkdownFieldOfTheSchemaIsFoundButTheUnsubscribeAndArchiveUrls() {
        ObjectNode digest = SchemaFields.fullDigest();
        Map<String, String> expected = new TreeMap<>();
        for (SchemaFields.Field field : SchemaFields.all()) {
            if (field.isMarkdown()) {
                String url = "https://example.org/" + field.path().replaceAll("[^a-z0-9]+", "-");
                SchemaFields.set(digest, field.path(), "See [this](" + url + ") and [mail us](mailto:editor@example.org).");
                expected.put(field.path(), url);
            } else if (field.isUrl() && field.type().equals("string")) {
                expected.put(field.path(), SchemaFields.at(digest, field.path()).asText());
            }
        }
        expected.put("issue.items[1].url", "https://example.org/second"); // the schema walk names list entries [0] only
        expected.remove("newsletter.unsubscribe.url");
        expected.remove("newsletter.archive_url");
        expected.remove("newsletter.public_url"); // serve's own address: the email links only to its unsubscribe route, made per subscriber
        expected.remove("newsletter.subscribe_url"); // where the archive's form posts: not in the email
        LoadedDigest loaded = new DigestLoader().load(YamlTreeWriter.write(digest, dir.resolve("full.yaml")));
        assertEquals(List.of(), loaded.problems().stream().filter(Problem::isError).toList());

        Map<String, String> found = DigestLinks.of(loaded.digest(), loaded.sourceMap()).stream()
                .collect(Collectors.toMap(LinkUse::field, LinkUse::url, (a, b) -> a + " " + b, TreeMap::new));
        assertEquals(expected, found);
    }

    @Test
    void aFieldIsLocatedAtItsValueAndAMarkdownLinkAtItself() throws IOException {
        Path file = TestDigests.minimalWith(dir, "d.yaml",
                "      summary: What the first article says.",
                "      summary: |\n        What the first article says,\n        as [the author puts it](https://example.org/author) ![chart](https://example.org/chart.png).");
        LoadedDigest loaded = new DigestLoader().load(file);
        List<String> uses = DigestLinks.of(loaded.digest(), loaded.sourceMap()).stream()
                .map(u -> u.at().line() + ":" + u.at().column() + " " + u.field() + " " + u.kind() + " " + u.url()).toList();
        assertEquals(List.of(
                TestDigests.positionOf(file, "https://example.org/first") + " issue.items[0].url LINK https://example.org/first",
                TestDigests.positionOf(file, "[the author") + " issue.items[0].summary LINK https://example.org/author",
                TestDigests.positionOf(file, "![chart") + " issue.items[0].summary IMAGE https://example.org/chart.png",
                TestDigests.positionOf(file, "https://example.org/second") + " issue.items[1].url LINK https://example.org/second"), uses);
    }

    @Test
    void onlyWebAddressesThatValidationAcceptsAreRequested() throws IOException {
        Path file = TestDigests.minimalWith(dir, "d.yaml",
                "      summary: What the first article says.",
                "      summary: \"[a](mailto:a@example.org) [b](ftp://example.org/b) [c](/relative) [d](HTTPS://example.org/d)\"");
        LoadedDigest loaded = new DigestLoader().load(file);
        assertEquals(List.of("https://example.org/first", "HTTPS://example.org/d", "https://example.org/second"),
                DigestLinks.of(loaded.digest(), loaded.sourceMap()).stream().map(LinkUse::url).toList());
    }
}
