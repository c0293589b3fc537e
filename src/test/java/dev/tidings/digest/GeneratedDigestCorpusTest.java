package dev.tidings.digest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.Deadlines;
import dev.tidings.cli.CliRun;
import dev.tidings.digest.SchemaFields.Field;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated half of the bad-digest corpus (the hand-written half is {@link BadDigestCorpusTest}).
 * Starting from {@code digests/good/minimal.yaml} with every optional key added, it walks the
 * published schema (docs/digest.schema.json, see {@link SchemaFields}) and derives one digest per mutation: each required
 * key removed in turn; each key given each wrong type; CR, LF, NUL, U+0085, U+2028 and U+2029 in
 * each field that becomes a mail header; javascript:, data: and vbscript: in each URL field and,
 * as a link and as an image, in each Markdown field; U+FFFF and half a surrogate pair in each text
 * field; {@code <script>} in each text field.
 *
 * <p>Each runs through the real {@code tidings validate}: exit 1, nothing on stderr (least of all a
 * stack trace), and a line {@code FILE:LINE:COLUMN: FIELD: MESSAGE} naming the field, whose line
 * really holds that key. {@code tidings render} refuses the same digest and writes nothing. The
 * script case must instead validate (with only a warning where the field is Markdown) and render
 * inertly: no {@code <script>} element, no event handler, the text shown as text.
 */
class GeneratedDigestCorpusTest {
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String HEADER_MESSAGE =
            "contains a line break or control character (U+%04X) at character %d; it goes into a mail header, so it must be one plain line";
    /** Where a value is not one plain line of text, it could forge a header: what tidings puts in headers. */
    private static final List<String> HEADER_FIELDS = List.of("newsletter.name", "newsletter.from", "newsletter.reply_to",
            "newsletter.bounce_address", "newsletter.unsubscribe.mailto", "issue.title", "issue.subject", "issue.preheader");
    private static final char[] LINE_BREAKERS = {'\r', '\n', '\0', '\u0085', '\u2028', '\u2029'};
    private static final Map<String, String> HOSTILE_URLS = Map.of(
            "javascript", "javascript:alert(document.cookie)",
            "data", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "vbscript", "VBScript:MsgBox(1)");
    private static final Pattern LOCATED = Pattern.compile("(.+?):(\\d+):(\\d+): (warning: )?([^:\\s]+): (.+)");

    @TempDir
    Path dir;

    @BeforeEach
    void dkimKey() {
        SchemaFields.writeDkimKey(dir);
    }

    // --- the mutations -------------------------------------------------------------------------

    /** One generated digest: how it differs from the full base, and what validate must say. */
    record Mutation(String name, String field, Consumer<ObjectNode> change, Expect expect, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    enum Expect {
        /** An error naming the field, located where its parent key is (a missing key has no place of its own). */
        MISSING,
        /** An error naming the field, located at its value, with a message starting with {@link Mutation#message}. */
        ERROR_STARTING,
        /** Exactly this error message, naming the field, located at its value. */
        ERROR_EXACTLY,
        /** Exactly this error message, at the line and column in the file where {@link Mutation#message} quotes a link. */
        MARKDOWN_ERROR
    }

    static Stream<Mutation> missingRequiredKeys() {
        return SchemaFields.all().stream().filter(Field::required).map(f -> new Mutation(
                "missing " + f.path(), f.path(), base -> SchemaFields.parentOf(base, f).remove(f.key()), Expect.MISSING, "is required but missing"));
    }

    static Stream<Mutation> wrongTypes() {
        List<Mutation> mutations = new ArrayList<>();
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        for (Field f : SchemaFields.all()) {
            Map<String, JsonNode> wrong = new LinkedHashMap<>();
            switch (f.type()) {
                case "string" -> {
                    wrong.put("number", nodes.numberNode(42));
                    if (!f.allowsBoolean()) {
                        wrong.put("boolean", nodes.booleanNode(true));
                    }
                    wrong.put("list", nodes.arrayNode().add("a"));
                    wrong.put("mapping", nodes.objectNode().put("a", "b"));
                }
                case "array" -> {
                    wrong.put("text", nodes.textNode("a"));
                    wrong.put("number", nodes.numberNode(42));
                    wrong.put("mapping", nodes.objectNode().put("a", "b"));
                }
                default -> {
                    if (!f.path().equals("newsletter")) { // text there names a newsletter file
                        wrong.put("text", nodes.textNode("a"));
                    }
                    wrong.put("number", nodes.numberNode(42));
                    wrong.put("list", nodes.arrayNode().add("a"));
                }
            }
            wrong.forEach((kind, value) -> mutations.add(new Mutation(f.path() + " as " + kind, f.path(),
                    base -> SchemaFields.set(base, f, value.deepCopy()), Expect.ERROR_STARTING, "must be ")));
        }
        return mutations.stream();
    }

    static Stream<Mutation> headerInjections() {
        List<Mutation> mutations = new ArrayList<>();
        for (String path : HEADER_FIELDS) {
            Field f = SchemaFields.field(path);
            for (char c : LINE_BREAKERS) {
                mutations.add(new Mutation(String.format(Locale.ROOT, "U+%04X in %s", (int) c, path), path, base -> {
                    String value = SchemaFields.parentOf(base, f).get(f.key()).asText();
                    // After the value, so that the address before it still parses: "news@example.org\r\nBcc: ..."
                    SchemaFields.parentOf(base, f).put(f.key(), value + c + "Bcc: victim@example.net");
                }, Expect.ERROR_EXACTLY, null));
            }
        }
        return mutations.stream();
    }

    static Stream<Mutation> hostileUrls() {
        List<Mutation> mutations = new ArrayList<>();
        for (Field f : SchemaFields.all()) {
            if (!f.isUrl()) {
                continue;
            }
            boolean oneClick = f.path().equals("newsletter.unsubscribe.url");
            boolean signup = f.path().equals("newsletter.subscribe_url");
            boolean https = oneClick || signup || f.path().equals("newsletter.public_url");
            HOSTILE_URLS.forEach((scheme, url) -> mutations.add(new Mutation(scheme + ": in " + f.path(), f.path(),
                    base -> SchemaFields.set(base, f, JsonNodeFactory.instance.textNode(url)), Expect.ERROR_EXACTLY,
                    (https ? "must be an absolute https URL, not a " : "must be an absolute http or https URL, not a ")
                            + scheme + ": link" + (oneClick ? " (RFC 8058 one-click unsubscribe needs https)" : "")
                            + (signup ? " (http only on localhost)" : ""))));
        }
        return mutations.stream();
    }

    static Stream<Mutation> hostileMarkdownLinks() {
        List<Mutation> mutations = new ArrayList<>();
        for (Field f : SchemaFields.all()) {
            if (!f.isMarkdown()) {
                continue;
            }
            HOSTILE_URLS.forEach((scheme, url) -> {
                String link = "[the article](" + url + ")";
                String image = "![a chart](" + url + ")";
                mutations.add(new Mutation(scheme + ": link in " + f.path(), f.path(),
                        base -> SchemaFields.set(base, f, JsonNodeFactory.instance.textNode("Read " + link + " first.")),
                        Expect.MARKDOWN_ERROR, link + "\tlink '" + url + "' must be an absolute http or https URL, not a " + scheme + ": link"));
                mutations.add(new Mutation(scheme + ": image in " + f.path(), f.path(),
                        base -> SchemaFields.set(base, f, JsonNodeFactory.instance.textNode("See " + image + " below.")),
                        Expect.MARKDOWN_ERROR, image + "\timage '" + url + "' must be an absolute http or https URL, not a " + scheme + ": link"));
            });
        }
        return mutations.stream();
    }

    /** Characters that are not text (U+FFFF cut rendered emails short), as YAML escapes in each text field. */
    static Stream<Mutation> notTextCharacters() {
        List<Mutation> mutations = new ArrayList<>();
        textFields().forEach(f -> {
            mutations.add(new Mutation("U+FFFF in " + f.path(), f.path(),
                    base -> SchemaFields.set(base, f, JsonNodeFactory.instance.textNode("Before \uFFFF after")), Expect.ERROR_EXACTLY,
                    "contains the noncharacter U+FFFF at character 8; it is not text"));
            mutations.add(new Mutation("U+D800 in " + f.path(), f.path(),
                    base -> SchemaFields.set(base, f, JsonNodeFactory.instance.textNode("Before \uD800 after")), Expect.ERROR_EXACTLY,
                    "contains U+D800, half of a surrogate pair, at character 8; it is not text"));
        });
        return mutations.stream();
    }

    static Stream<Mutation> allErrors() {
        return Stream.of(missingRequiredKeys(), wrongTypes(), headerInjections(), hostileUrls(), hostileMarkdownLinks(), notTextCharacters())
                .flatMap(s -> s);
    }

    /** The text fields: every string key but links, addresses, the date, the id and file names. */
    static Stream<Field> textFields() {
        return SchemaFields.all().stream().filter(Field::isText);
    }

    // --- the tests -----------------------------------------------------------------------------

    @Test
    void theFullBaseIsValidEvenWhenStrictAndHoldsEveryKeyOfTheSchema() {
        Path file = YamlTreeWriter.write(SchemaFields.fullDigest(), dir.resolve("base.yaml"));
        CliRun run = CliRun.of("validate", "--strict", file.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(file + ": valid (0 errors, 0 warnings)\n", run.out());
        ObjectNode base = SchemaFields.fullDigest();
        for (Field f : SchemaFields.all()) {
            if (!f.path().equals("template")) { // a theme directory; the base uses the default theme
                JsonNode value = SchemaFields.at(base, f.path());
                assertTrue(value != null && !value.isMissingNode(), "the base digest lacks " + f.path() + ", so no mutation would test it");
            }
        }
    }

    @Test
    void theGeneratedCorpusIsLargeAndCoversEveryKindOfField() {
        List<Field> fields = SchemaFields.all();
        assertTrue(fields.size() >= 40, "keys in the schema: " + fields);
        assertTrue(fields.stream().filter(Field::isUrl).count() >= 8, "URL fields: " + fields);
        assertTrue(fields.stream().filter(Field::isMarkdown).count() >= 8, "Markdown fields: " + fields);
        assertTrue(textFields().count() >= 20, "text fields: " + textFields().toList());
        long generated = allErrors().count() + textFields().count();
        assertTrue(generated >= 250, "generated digests: " + generated);
        System.out.printf("generated bad-digest corpus: %d refused digests, %d script-in-text digests%n",
                allErrors().count(), textFields().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allErrors")
    void eachMutationIsRefusedWithOneLocatedMessageNamingTheField(Mutation mutation) throws IOException {
        ObjectNode digest = SchemaFields.fullDigest();
        mutation.change().accept(digest);
        Path file = YamlTreeWriter.write(digest, dir.resolve(fileName(mutation.name()) + ".yaml"));
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);

        CliRun run = CliRun.of("validate", file.toString());
        assertEquals(1, run.exitCode(), run.all());
        assertEquals("", run.err(), "nothing on stderr, least of all a stack trace");
        List<String> out = run.out().lines().toList();
        assertTrue(out.get(out.size() - 1).matches(Pattern.quote(file.toString()) + ": invalid \\(\\d+ errors?, \\d+ warnings?\\)"),
                run.out());
        List<Matcher> problems = new ArrayList<>();
        for (String line : out.subList(0, out.size() - 1)) {
            Matcher m = LOCATED.matcher(line);
            assertTrue(m.matches() && m.group(1).equals(file.toString()) && Integer.parseInt(m.group(2)) >= 1,
                    "every problem is FILE:LINE:COLUMN: FIELD: MESSAGE, got: " + line);
            problems.add(m);
        }
        Matcher named = problems.stream().filter(m -> m.group(4) == null && m.group(5).equals(mutation.field())).findFirst()
                .orElseThrow(() -> new AssertionError("no error names " + mutation.field() + ":\n" + run.out()));
        int line = Integer.parseInt(named.group(2));
        int column = Integer.parseInt(named.group(3));
        String message = named.group(6);
        String lineText = lines.get(line - 1);
        Field f = SchemaFields.field(mutation.field());
        switch (mutation.expect()) {
            case MISSING -> {
                assertTrue(message.startsWith(mutation.message()), run.out());
                if (!f.parent().isEmpty()) {
                    assertTrue(holdsKey(lines, line, SchemaFields.field(f.parent())), "line " + line + " holds " + f.parent() + ": " + lineText);
                }
            }
            case ERROR_STARTING -> {
                assertTrue(message.startsWith(mutation.message()), run.out());
                assertTrue(holdsKey(lines, line, f), "line " + line + " holds " + f.path() + ": " + lineText);
            }
            case ERROR_EXACTLY -> {
                String expected = mutation.message();
                if (expected == null) { // a header injection: the character and its place
                    String value = SchemaFields.parentOf(digest, f).get(f.key()).asText();
                    int at = value.indexOf("Bcc: victim") - 1;
                    expected = String.format(Locale.ROOT, HEADER_MESSAGE, (int) value.charAt(at), at + 1);
                }
                assertEquals(expected, message, run.out());
                assertTrue(holdsKey(lines, line, f), "line " + line + " holds " + f.path() + ": " + lineText);
            }
            case MARKDOWN_ERROR -> {
                String[] quotedAndMessage = mutation.message().split("\t");
                assertEquals(quotedAndMessage[1], message, run.out());
                assertEquals(lineText.indexOf(quotedAndMessage[0]) + 1, column,
                        "the column of the link itself in line " + line + ": " + lineText);
            }
        }

        // render refuses the same digest the same way, and writes nothing, not even half a file.
        Path outDir = dir.resolve("out");
        CliRun render = CliRun.of("render", file.toString(), "-o", outDir.toString());
        assertEquals(1, render.exitCode(), render.all());
        assertTrue(render.err().contains(file + ": invalid ("), render.err());
        assertFalse(render.err().contains("\tat "), "no stack trace: " + render.err());
        assertEquals("", render.out());
        assertFalse(Files.exists(outDir), "nothing written for an invalid digest");
    }

    @ParameterizedTest(name = "<script> in {0}")
    @MethodSource("textFields")
    void scriptInAnyTextFieldValidatesAndRendersInertly(Field f) throws IOException {
        ObjectNode digest = SchemaFields.fullDigest();
        String value = "Before " + SCRIPT + " after";
        SchemaFields.set(digest, f, JsonNodeFactory.instance.textNode(value));
        Path file = YamlTreeWriter.write(digest, dir.resolve("script.yaml"));

        CliRun validate = CliRun.of("validate", file.toString());
        assertEquals(0, validate.exitCode(), validate.all());
        assertEquals("", validate.err());
        List<String> out = validate.out().lines().toList();
        if (f.isMarkdown()) {
            assertEquals(2, out.size(), validate.out());
            Matcher warning = LOCATED.matcher(out.get(0));
            assertTrue(warning.matches() && warning.group(4) != null, validate.out());
            assertEquals(f.path(), warning.group(5));
            assertEquals("raw HTML is shown as text, not markup; use Markdown instead", warning.group(6));
            assertEquals(file + ": valid (0 errors, 1 warning)", out.get(1));
        } else {
            assertEquals(List.of(file + ": valid (0 errors, 0 warnings)"), out);
        }

        Path outDir = dir.resolve("out");
        CliRun render = CliRun.of("render", file.toString(), "-o", outDir.toString());
        assertEquals(0, render.exitCode(), render.all());
        Document html = Jsoup.parse(Files.readString(outDir.resolve("first-issue.html")));
        assertTrue(html.select("script").isEmpty(), "no <script> element from " + f.path());
        boolean shown = false;
        for (Element element : html.getAllElements()) {
            shown |= element.ownText().contains(SCRIPT);
            for (Attribute attribute : element.attributes()) {
                assertFalse(attribute.getKey().toLowerCase(Locale.ROOT).startsWith("on"), element.outerHtml());
                shown |= attribute.getValue().contains(SCRIPT);
            }
        }
        assertTrue(shown, f.path() + ": the markup is shown as the text it is");
    }

    @Test
    void aHundredThousandItemsAreRefusedInOneLineQuickly() throws IOException {
        Path file = dir.resolve("100k-items.yaml");
        writeItems(file, 100_000);
        assertOneLineRefusal(file, file + ": the file is too large (over 2 MiB); a YAML file for tidings is at most 2 MiB");
    }

    @Test
    void tenThousandItemsUnderTheSizeCapAreRefusedByTheItemLimitInOneLine() throws IOException {
        Path file = dir.resolve("10k-items.yaml");
        writeItems(file, 10_000);
        assertTrue(Files.size(file) < 2 * 1024 * 1024);
        assertOneLineRefusal(file, file + ":" + TestDigests.positionOf(file, "- {title") + ": issue.items: has too many entries (at most 100)");
    }

    @Test
    void aTenMegabyteStringIsRefusedInOneLineQuickly() throws IOException {
        ObjectNode digest = SchemaFields.fullDigest();
        ((ObjectNode) digest.get("issue")).put("intro", "x".repeat(10 * 1024 * 1024));
        Path file = YamlTreeWriter.write(digest, dir.resolve("10mb-string.yaml"));
        assertOneLineRefusal(file, file + ": the file is too large (over 2 MiB); a YAML file for tidings is at most 2 MiB");
    }

    @Test
    void aOneAndAHalfMegabyteStringUnderTheSizeCapIsRefusedAsTooLongInOneLine() throws IOException {
        ObjectNode digest = SchemaFields.fullDigest();
        ((ObjectNode) digest.get("issue")).put("intro", "word ".repeat(300_000));
        Path file = YamlTreeWriter.write(digest, dir.resolve("1.5mb-string.yaml"));
        assertOneLineRefusal(file, file + ":" + TestDigests.positionOf(file, "intro: ", "intro: ".length())
                + ": issue.intro: is too long (at most 20000 characters)");
    }

    // --- helpers -------------------------------------------------------------------------------

    /** One problem line, the verdict, exit 1, nothing on stderr, within seconds; render refuses it too and writes nothing. */
    private void assertOneLineRefusal(Path file, String problem) {
        CliRun run = assertTimeoutPreemptively(Deadlines.seconds(20), () -> CliRun.of("validate", file.toString()));
        assertEquals(1, run.exitCode(), run.all());
        assertEquals("", run.err());
        assertEquals(problem + "\n" + file + ": invalid (1 error, 0 warnings)\n", run.out());
        Path outDir = dir.resolve("out");
        CliRun render = assertTimeoutPreemptively(Deadlines.seconds(20), () -> CliRun.of("render", file.toString(), "-o", outDir.toString()));
        assertEquals(1, render.exitCode(), render.all());
        assertFalse(Files.exists(outDir));
    }

    /** The minimal digest's newsletter and first lines, then n items written one per line (flow style, to stay small). */
    private static void writeItems(Path file, int n) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("""
                    newsletter:
                      name: Example Weekly
                      from: "Example Weekly <news@example.org>"
                      postal_address: "1 Example Street, Exampletown"
                      unsubscribe:
                        url: "https://example.org/unsubscribe?list=weekly"
                    issue:
                      title: Many items
                      preheader: Far too many
                      date: 2026-01-05
                      items:
                    """);
            for (int i = 0; i < n; i++) {
                out.write("    - {title: t" + i + ", url: \"https://example.org/" + i + "\", summary: s}\n");
            }
        }
    }







    /**
     * Whether the problem's line of the written YAML is where this key (or list entry) stands; a
     * nested list or mapping starts on the line after its key, so that line counts as the key's too.
     */
    private static boolean holdsKey(List<String> lines, int line, Field f) {
        return holds(lines.get(line - 1), f) || line >= 2 && holds(lines.get(line - 2), f)
                && indent(lines.get(line - 1)) > indent(lines.get(line - 2));
    }

    private static boolean holds(String line, Field f) {
        String trimmed = line.stripLeading();
        return f.key().equals("[0]") ? trimmed.startsWith("-") : trimmed.startsWith(f.key() + ":") || trimmed.startsWith("- " + f.key() + ":");
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }

    private static String fileName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]+", "-");
    }


}
