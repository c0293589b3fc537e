package dev.tidings.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tidings.AtomicFile;
import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import dev.tidings.digest.FieldChecks;
import dev.tidings.digest.Image;
import dev.tidings.digest.Problem;
import dev.tidings.digest.TextFileDecoder;
import dev.tidings.digest.load.YamlDocument;
import dev.tidings.digest.load.YamlDocumentReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A digest's items, for {@code tidings add}: which links it holds already, and new items appended
 * to {@code issue.items} by editing the YAML text in place. Every byte outside the inserted lines
 * stays as it was (comments, quoting, blank lines, CRLF line endings, a byte-order mark, a missing
 * final line break), and the file is replaced atomically. A file saved by someone else since it was
 * read is not overwritten: their edit would be lost.
 */
public final class DigestItems {
    /** Written after {@code draft: true}, so the editor reading the YAML knows what to do with it. */
    static final String DRAFT_COMMENT = "# the summary is the page's own description: rewrite it, then delete this line";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path file;
    private byte[] bytes;
    private String text;
    private YamlDocument document;
    private ItemsPlace place;

    private DigestItems(Path file) {
        this.file = file;
    }

    /** Reads the digest; refuses (exit 1, at the place) one that is not YAML or has no {@code issue:} mapping. */
    public static DigestItems open(Path digest) {
        DigestItems items = new DigestItems(digest);
        items.read();
        return items;
    }

    /** Reads the file again; every field changes together, or none when it throws. */
    private void read() {
        String name = file.toString();
        byte[] before = readBytes();
        YamlDocument read = new YamlDocumentReader().read(file, name);
        TextFileDecoder.Decoded decoded = TextFileDecoder.decode(file, name, "YAML");
        // Only a file that is not YAML stops here: a bad value elsewhere is validate's to report, and the items can still go in.
        Problem broken = read.problems().stream().filter(Problem::isError).findFirst().orElse(null);
        if (read.root() == null || decoded.text() == null) {
            throw TidingsException.invalidInput((broken != null ? broken.format() : name + ": cannot be read")
                    + " (tidings add edits the digest's text: fix this first)");
        }
        byte[] after = readBytes();
        if (before == null || !Arrays.equals(before, after) || !Arrays.equals(after, encode(decoded.text(), hasBom(after)))) {
            throw changedMeanwhile("while it was being read");
        }
        place = ItemsPlace.find(decoded.text(), read.root(), read.sourceMap());
        document = read;
        bytes = after;
        text = decoded.text();
    }

    /**
     * The line of the item whose url is this one, compared as {@link UrlForm#comparable} has them
     * (the line of its {@code url:}), or empty when the issue has no such item.
     */
    public OptionalInt lineOf(String url) {
        String wanted = UrlForm.comparable(url);
        JsonNode items = document.root().path("issue").path("items");
        for (int i = 0; i < items.size(); i++) {
            JsonNode itemUrl = items.get(i).path("url");
            if (itemUrl.isTextual() && UrlForm.comparable(itemUrl.asText()).equals(wanted)) {
                return OptionalInt.of(document.sourceMap().valueOf("issue.items[" + i + "].url").line());
            }
        }
        return OptionalInt.empty();
    }

    /** The lines {@link #append} would add for this item, indented as the file's items are, each ending in {@code \n}. */
    public String yamlOf(DraftItem item) {
        return String.join("\n", entryLines(item, false, "\n")) + "\n";
    }

    /**
     * Adds the items at the end of {@code issue.items}, in one atomic rewrite. Refused, with nothing
     * written: an item whose link the issue has (or this list has twice), a link that is not an
     * absolute http(s) URL (exit 1); a file changed on disk since it was read (exit 4: read it again).
     */
    public void append(List<DraftItem> items) {
        if (items.isEmpty()) {
            return;
        }
        Map<String, String> batch = new HashMap<>();
        for (DraftItem item : items) {
            String url = UrlForm.withoutTracking(item.url());
            String problem = FieldChecks.webUrlProblem(url, false);
            if (problem != null) {
                throw TidingsException.invalidInput(item.url() + ": the link " + problem + "; nothing was added to " + file);
            }
            OptionalInt line = lineOf(url);
            String twice = batch.put(UrlForm.comparable(url), item.url());
            if (line.isPresent() || twice != null) {
                throw TidingsException.invalidInput(line.isPresent()
                        ? file + ":" + line.getAsInt() + ": issue.items: already has " + item.url() + "; nothing was added"
                        : item.url() + " is given twice (as " + twice + "); nothing was added to " + file);
            }
        }
        StringBuilder block = new StringBuilder(place.head());
        for (int i = 0; i < items.size(); i++) {
            boolean lastOfFile = place.atEnd() && i == items.size() - 1;
            if (i > 0) {
                block.append(place.gap()); // the editor's blank line between items, between the new ones too
            }
            block.append(String.join(place.newline(), entryLines(items.get(i), lastOfFile, place.newline())));
            if (!lastOfFile) {
                block.append(place.newline());
            }
        }
        String changed = text.substring(0, place.cutStart()) + text.substring(place.cutEnd(), place.offset()) + block
                + text.substring(place.offset());
        checkOnlyItemsAdded(changed, items);
        byte[] content = encode(changed, hasBom(bytes));
        if (content.length > TextFileDecoder.MAX_BYTES) {
            // Written, every command would then refuse the file as too large (a feed of thousands of entries gets here).
            throw TidingsException.invalidInput(file + ": with " + items.size() + (items.size() == 1 ? " item" : " items")
                    + " more it would be over " + TextFileDecoder.MAX_BYTES / (1024 * 1024) + " MiB, more than tidings reads;"
                    + " nothing was added (add fewer, or split the issue)");
        }
        write(content);
        try {
            read();
        } catch (TidingsException savedAgain) {
            // Written, and changed again since: the items are in; a later append finds the file not what it wrote, and refuses.
            bytes = content;
        }
    }

    /** @param nl the line break inside a block value: the file's, or {@code \n} for what is printed */
    private List<String> entryLines(DraftItem item, boolean lastOfFile, String nl) {
        String dash = place.dash();
        String field = place.field();
        List<String> lines = new ArrayList<>();
        // "-   title:" when the editor's items have it so: the keys under it must start where title does.
        lines.add(dash + "-" + " ".repeat(Math.max(1, field.length() - dash.length() - 1)) + "title: " + YamlScalar.inline(item.title()));
        lines.add(field + "url: " + YamlScalar.inline(UrlForm.withoutTracking(item.url())));
        optional(lines, field + "author:", item.author());
        optional(lines, field + "source:", item.source());
        if (present(item.summary())) {
            lines.add(field + "draft: true  " + DRAFT_COMMENT);
            String valueIndent = field + "  ";
            boolean blockIsLast = lastOfFile && image(item) == null;
            lines.add(field + "summary:" + YamlScalar.value(MarkdownLiteral.of(item.summary()), valueIndent, nl, blockIsLast));
        }
        Image image = image(item);
        if (image != null) {
            lines.add(field + "image:");
            lines.add(field + "  url: " + YamlScalar.inline(image.url()));
            lines.add(field + "  alt: " + (image.alt() == null ? "\"\"" : YamlScalar.inline(image.alt())));
        }
        return lines;
    }

    private static void optional(List<String> lines, String key, String value) {
        if (present(value)) {
            lines.add(key + " " + YamlScalar.inline(value));
        }
    }

    /** The page's image, unless its link would make the digest invalid (a relative or data: URL): the item is worth more. */
    private static Image image(DraftItem item) {
        Image image = item.image();
        return image == null || !present(image.url()) || FieldChecks.webUrlProblem(image.url(), false) != null ? null : image;
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }

    /**
     * Reads the new text as YAML and compares it with the old: the same document with these items
     * at the end of issue.items. A layout the place-finder misjudged (a kept final blank line of a
     * {@code |+} block, say) is refused here rather than written.
     */
    private void checkOnlyItemsAdded(String changed, List<DraftItem> items) {
        try {
            ObjectNode before = (ObjectNode) YAML.readTree(text);
            ObjectNode after = (ObjectNode) YAML.readTree(changed);
            ObjectNode issue = (ObjectNode) before.get("issue");
            JsonNode old = issue.get("items");
            ArrayNode expected = old != null && old.isArray() ? (ArrayNode) old.deepCopy() : YAML.createArrayNode();
            items.forEach(item -> expected.add(expectedNode(item)));
            issue.set("items", expected);
            if (!before.equals(after)) {
                throw new IllegalStateException("not what was meant");
            }
        } catch (IOException | RuntimeException e) {
            throw TidingsException.invalidInput(file + ": tidings add cannot append to issue.items here without changing"
                    + " the rest of the file; nothing was added (add the items by hand, or --dry-run prints them)");
        }
    }

    private static ObjectNode expectedNode(DraftItem item) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("title", item.title());
        node.put("url", UrlForm.withoutTracking(item.url()));
        if (present(item.author())) {
            node.put("author", item.author());
        }
        if (present(item.source())) {
            node.put("source", item.source());
        }
        if (present(item.summary())) {
            node.put("draft", true);
            node.put("summary", MarkdownLiteral.of(item.summary()));
        }
        Image image = image(item);
        if (image != null) {
            node.putObject("image").put("url", image.url()).put("alt", image.alt() == null ? "" : image.alt());
        }
        return node;
    }

    /** The new bytes through a temporary file, renamed over the digest only if the digest is still what was read. */
    private void write(byte[] content) {
        try {
            Path target = file.toRealPath();
            try (AtomicFile out = AtomicFile.begin(target, AtomicFile.Permissions.sameAs(target))) {
                out.out().write(content);
                out.finish();
                if (!Arrays.equals(bytes, readBytes())) {
                    throw changedMeanwhile("since it was read");
                }
                out.commit();
            }
        } catch (IOException e) {
            throw TidingsException.invalidInput(file + ": cannot write the digest (" + TidingsException.reason(e)
                    + "); it is as it was");
        }
    }

    private TidingsException changedMeanwhile(String when) {
        return new TidingsException(ExitStatus.TEMPORARY_FAILURE, file + ": the file changed on disk " + when
                + " (saved in an editor?); nothing was added, so that edit is kept. Run tidings add again");
    }

    /** The file's bytes, at most one more than the loader reads; null when it cannot be read (the loader says why). */
    private byte[] readBytes() {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(TextFileDecoder.MAX_BYTES + 1);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean hasBom(byte[] content) {
        return content != null && content.length >= 3 && content[0] == BOM[0] && content[1] == BOM[1] && content[2] == BOM[2];
    }

    private static byte[] encode(String text, boolean bom) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (!bom) {
            return body;
        }
        byte[] all = Arrays.copyOf(BOM, BOM.length + body.length);
        System.arraycopy(body, 0, all, BOM.length, body.length);
        return all;
    }
}
