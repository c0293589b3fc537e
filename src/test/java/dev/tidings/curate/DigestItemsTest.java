package dev.tidings.curate;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import dev.tidings.cli.CliRun;
import dev.tidings.digest.Image;
import dev.tidings.digest.Item;
import dev.tidings.digest.Problem;
import dev.tidings.digest.load.DigestLoader;
import dev.tidings.digest.load.LoadedDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Appending drafted items to a digest's text: in each layout, the file after is the file before
 * with exactly the expected lines inserted at exactly the expected place (prefix + inserted +
 * suffix, compared whole), and the real loader reads the new items back whole.
 */
class DigestItemsTest {
    static final String DRAFT_LINE = "draft: true  " + DigestItems.DRAFT_COMMENT;
    static final Path MINIMAL = Path.of("src/test/resources/digests/good/minimal.yaml");

    @TempDir
    Path dir;

    static DraftItem full() {
        return new DraftItem("A title: with a colon", "https://news.example/a?id=3&utm_source=x&fbclid=1", "Ann Writer",
                "The Example Times", "The page's own words.", new Image("https://news.example/a.png", "A chart"));
    }

    /** full()'s lines under a dash at {@code dash} spaces and keys at {@code dash + 2}, each ending in {@code nl}. */
    static String fullLines(String dash, String nl) {
        String f = dash + "  ";
        return dash + "- title: \"A title: with a colon\"" + nl
                + f + "url: https://news.example/a?id=3" + nl
                + f + "author: Ann Writer" + nl
                + f + "source: The Example Times" + nl
                + f + DRAFT_LINE + nl
                + f + "summary: The page's own words." + nl
                + f + "image:" + nl
                + f + "  url: https://news.example/a.png" + nl
                + f + "  alt: A chart" + nl;
    }

    static Item fullItem(int number) {
        return new Item(number, "A title: with a colon", "https://news.example/a?id=3", "Ann Writer", "The Example Times",
                "The page's own words.", List.of(), null, new Image("https://news.example/a.png", "A chart"), true);
    }

    @Test
    void theSampleGetsTheItemAfterItsLastItemWithTheBlankLineItsItemsHave() throws IOException {
        Path file = copy(Path.of("samples/social-learning-2.yaml"));
        String before = Files.readString(file);
        DigestItems items = DigestItems.open(file);
        items.append(List.of(full()));
        int at = before.indexOf("\n\n  closing: |") + 1;
        assertEquals(before.substring(0, at) + "\n" + fullLines("    ", "\n") + before.substring(at), Files.readString(file));
        assertEquals(fullLines("    ", "\n"), items.yamlOf(full()), "--dry-run prints what append writes");

        LoadedDigest loaded = new DigestLoader().load(file);
        assertEquals(List.of(), loaded.problems().stream().filter(Problem::isError).toList());
        assertEquals(fullItem(6), loaded.valid().issue().items().get(5));
        int draftLine = (int) before.substring(0, at).lines().count() + 6;
        assertEquals(List.of(file + ":" + draftLine + ":14: warning: issue.items[5].draft: item 6 is a draft by tidings add: its summary"
                + " is the page's own description; rewrite it, then delete `draft: true`"), warnings(loaded, "draft"));
        assertEquals(OptionalInt.of(draftLine - 3), items.lineOf("http://news.example/a/?id=3"), "the new item is known at once");
    }

    @Test
    void twoNewItemsKeepTheBlankLineTheSamplesItemsHaveBetweenThemToo() throws IOException {
        Path file = copy(Path.of("samples/social-learning-2.yaml"));
        String before = Files.readString(file);
        DraftItem second = new DraftItem("Second", "https://news.example/second", null, null, null, null);
        DigestItems.open(file).append(List.of(full(), second));
        int at = before.indexOf("\n\n  closing: |") + 1;
        assertEquals(before.substring(0, at) + "\n" + fullLines("    ", "\n") + "\n    - title: Second\n      url: https://news.example/second\n"
                + before.substring(at), Files.readString(file));
    }

    @Test
    void theInitTemplateGetsItAfterItsSecondItemBeforeTheSectionsComment() throws IOException {
        assertEquals(0, CliRun.of("init", dir.resolve("letter").toString()).exitCode());
        Path file = dir.resolve("letter/issues/issue-1.yaml");
        String before = Files.readString(file);
        DraftItem twoLines = new DraftItem("Rock & roll, 100% [live]", "https://news.example/b", null, null,
                "First line of the page's description.\nSecond line.", null);
        DigestItems.open(file).append(List.of(twoLines));
        String marker = "        Items are numbered in this order, from 1.\n";
        int at = before.indexOf(marker) + marker.length();
        assertTrue(before.substring(at).startsWith("\n  # Optional: lists of links under a heading"), "the template as this test knows it");
        String inserted = "\n    - title: Rock & roll, 100% [live]\n      url: https://news.example/b\n      " + DRAFT_LINE + "\n"
                + "      summary: |-\n        First line of the page's description.\n        Second line.\n";
        assertEquals(before.substring(0, at) + inserted + before.substring(at), Files.readString(file));
        LoadedDigest loaded = new DigestLoader().load(file);
        assertEquals(List.of(), loaded.problems().stream().filter(Problem::isError).toList());
        assertEquals(new Item(3, "Rock & roll, 100% [live]", "https://news.example/b", null, null,
                "First line of the page's description.\nSecond line.", List.of(), null, null, true), loaded.valid().issue().items().get(2));
    }

    @Test
    void aCrlfFileWithAByteOrderMarkAndNoFinalLineBreakKeepsAllThree() throws IOException {
        String crlf = Files.readString(MINIMAL).stripTrailing().replace("\n", "\r\n");
        Path file = dir.resolve("crlf.yaml");
        byte[] before = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, crlf.getBytes(StandardCharsets.UTF_8));
        Files.write(file, before);
        DraftItem second = new DraftItem("Second new", "https://news.example/c", null, null, "Ends with a break.\n", null);
        DigestItems items = DigestItems.open(file);
        DraftItem lines = new DraftItem("Lines", "https://news.example/l", null, null, "One.\nTwo.", null);
        assertEquals("    - title: Lines\n      url: https://news.example/l\n      " + DRAFT_LINE + "\n      summary: |-\n        One.\n"
                + "        Two.\n", items.yamlOf(lines), "printed with the terminal's line breaks");
        items.append(List.of(full(), second));
        String fullCrlf = fullLines("    ", "\r\n");
        byte[] expected = concat(before, ("\r\n" + fullCrlf + "    - title: Second new\r\n      url: https://news.example/c\r\n      "
                + DRAFT_LINE + "\r\n      summary: \"Ends with a break.\\n\"").getBytes(StandardCharsets.UTF_8));
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        LoadedDigest loaded = new DigestLoader().load(file);
        assertEquals(List.of(), loaded.problems().stream().filter(Problem::isError).toList());
        assertEquals(fullItem(3), loaded.valid().issue().items().get(2));
        assertEquals("Ends with a break.\n", loaded.valid().issue().items().get(3).summary());
    }

    @Test
    void anEmptyFlowListLosesItsBracketsAndKeepsItsComment() throws IOException {
        String before = minimalWithItems("  items: []  # none yet\n  closing: Bye.\n");
        Path file = write("empty.yaml", before);
        DigestItems.open(file).append(List.of(full()));
        assertEquals(before.replace("  items: []  # none yet\n", "  items:  # none yet\n" + fullLines("    ", "\n")), Files.readString(file));
        assertEquals(List.of(fullItem(1)), new DigestLoader().load(file).valid().issue().items());
    }

    @Test
    void anItemsKeyWithoutAValueGetsTheEntriesUnderIt() throws IOException {
        String before = minimalWithItems("  items:\n  closing: Bye.\n");
        Path file = write("null.yaml", before);
        DigestItems.open(file).append(List.of(full()));
        assertEquals(before.replace("  items:\n", "  items:\n" + fullLines("    ", "\n")), Files.readString(file));
        assertEquals(List.of(fullItem(1)), new DigestLoader().load(file).valid().issue().items());
    }

    @Test
    void aMissingItemsKeyIsAddedAtTheEndOfTheIssueBeforeWhatFollowsIt() throws IOException {
        String newsletter = Files.readString(MINIMAL).substring(Files.readString(MINIMAL).indexOf("newsletter:"),
                Files.readString(MINIMAL).indexOf("issue:"));
        String before = "issue:\n  title: The first issue\n  preheader: Two articles\n  date: 2026-01-05\n\n# Who sends it\n" + newsletter;
        Path file = write("missing.yaml", before);
        DigestItems.open(file).append(List.of(full()));
        String issuePart = "issue:\n  title: The first issue\n  preheader: Two articles\n  date: 2026-01-05\n";
        assertEquals(issuePart + "  items:\n" + fullLines("    ", "\n") + before.substring(issuePart.length()), Files.readString(file));
        assertEquals(List.of(fullItem(1)), new DigestLoader().load(file).valid().issue().items());
    }

    @Test
    void aKeyAfterTheItemsAndTheCommentsAboveItStayAfterTheNewItem() throws IOException {
        String lastItem = "    - title: Last\n      url: https://example.org/last\n      summary: |\n        Its words.\n\n"
                + "        A second paragraph.\n      # quotes: to add later\n";
        String after = "\n  # The sign-off, in Markdown.\n  closing: |\n    Bye.\n\n\n";
        String before = minimalWithItems("  items:\n" + lastItem + after);
        Path file = write("key-after.yaml", before);
        DigestItems.open(file).append(List.of(full()));
        int at = before.indexOf(after);
        assertEquals(before.substring(0, at) + fullLines("    ", "\n") + before.substring(at), Files.readString(file));
        LoadedDigest loaded = new DigestLoader().load(file);
        assertEquals("Its words.\n\nA second paragraph.\n", loaded.valid().issue().items().get(0).summary());
        assertEquals(fullItem(2), loaded.valid().issue().items().get(1));
        assertEquals("Bye.\n", loaded.valid().issue().closing());
    }

    /** A kept final blank line (|+) belongs to the last item's value: inserting before it would change that value. */
    @Test
    void aLayoutWhoseValueWouldChangeIsRefusedWithNothingWritten() throws IOException {
        String before = minimalWithItems("  items:\n    - title: Kept\n      url: https://example.org/kept\n      summary: |+\n"
                + "        Its words.\n\n  closing: Bye.\n");
        Path file = write("keep.yaml", before);
        TidingsException e = assertThrows(TidingsException.class, () -> DigestItems.open(file).append(List.of(full())));
        assertEquals(ExitStatus.INVALID_INPUT, e.status());
        assertEquals(file + ": tidings add cannot append to issue.items here without changing the rest of the file; nothing was"
                + " added (add the items by hand, or --dry-run prints them)", e.getMessage());
        assertEquals(before, Files.readString(file));
    }

    @Test
    void aListAtTheKeysOwnIndentationGetsItsDashThere() throws IOException {
        String before = minimalWithItems("  items:\n  -   title: Wide\n      url: https://example.org/wide\n  closing: Bye.\n");
        Path file = write("flush.yaml", before);
        DigestItems.open(file).append(List.of(new DraftItem("New", "https://news.example/n", "Bo", null, null, null)));
        assertEquals(before.replace("  closing:", "  -   title: New\n      url: https://news.example/n\n      author: Bo\n  closing:"),
                Files.readString(file));
        assertEquals(2, new DigestLoader().load(file).valid().issue().items().size());
    }

    @Test
    void aFlowListANonListAndAFileWithoutIssueAreRefusedAtTheirPlaceAndLeftAsTheyWere() throws IOException {
        String flow = minimalWithItems("  items: [{title: A, url: 'https://example.org/a'}]\n");
        Path file = write("flow.yaml", flow);
        TidingsException e = assertThrows(TidingsException.class, () -> DigestItems.open(file));
        assertEquals(ExitStatus.INVALID_INPUT, e.status());
        assertEquals(file + ":13:3: issue.items: is written in flow style ([...]); tidings add appends to a list with one '- '"
                + " entry a line: write the items that way; nothing was added", e.getMessage());
        assertEquals(flow, Files.readString(file));

        Path text = write("text.yaml", minimalWithItems("  items: none this week\n"));
        assertTrue(assertThrows(TidingsException.class, () -> DigestItems.open(text)).getMessage()
                .startsWith(text + ":13:3: issue.items: is not a list"));
        Path noIssue = write("no-issue.yaml", "newsletter:\n  name: X\n");
        assertEquals(noIssue + ":1:1: issue: has no issue: mapping to append items to; nothing was added",
                assertThrows(TidingsException.class, () -> DigestItems.open(noIssue)).getMessage());
        Path broken = write("broken.yaml", "issue:\n  title: \"unclosed\n  date: 2026-01-05\n");
        TidingsException notYaml = assertThrows(TidingsException.class, () -> DigestItems.open(broken));
        assertEquals(ExitStatus.INVALID_INPUT, notYaml.status());
        assertTrue(notYaml.getMessage().startsWith(broken + ":2:"), notYaml.getMessage());
    }

    @Test
    void aLinkAlreadyInTheIssueIsFoundAfterNormalisingAndNotWrittenAgain() throws IOException {
        Path file = copy(MINIMAL);
        DigestItems items = DigestItems.open(file);
        assertEquals(OptionalInt.of(15), items.lineOf("HTTP://Example.ORG:80/first/?utm_source=feed#comments"));
        assertEquals(OptionalInt.of(18), items.lineOf("https://example.org/second"));
        assertEquals(OptionalInt.empty(), items.lineOf("https://example.org/third"));
        assertEquals(OptionalInt.empty(), items.lineOf("https://example.org/First"));
        String before = Files.readString(file);
        DraftItem again = new DraftItem("Again", "https://example.org/second/?fbclid=1", null, null, null, null);
        TidingsException e = assertThrows(TidingsException.class, () -> items.append(List.of(full(), again)));
        assertEquals(file + ":18: issue.items: already has https://example.org/second/?fbclid=1; nothing was added", e.getMessage());
        DraftItem twin = new DraftItem("Twin", "http://news.example/a/?id=3", null, null, null, null);
        assertTrue(assertThrows(TidingsException.class, () -> items.append(List.of(full(), twin))).getMessage()
                .startsWith("http://news.example/a/?id=3 is given twice"));
        DraftItem javascript = new DraftItem("Bad", "javascript:alert(1)", null, null, null, null);
        assertTrue(assertThrows(TidingsException.class, () -> items.append(List.of(javascript))).getMessage()
                .startsWith("javascript:alert(1): the link must be an absolute http or https URL"));
        assertEquals(before, Files.readString(file), "nothing written");
    }

    @Test
    void aFileSavedByAnotherEditorSinceItWasReadIsNotOverwritten() throws IOException {
        Path file = copy(MINIMAL);
        DigestItems items = DigestItems.open(file);
        String theirs = Files.readString(file).replace("The first issue", "The first issue, retitled");
        Files.writeString(file, theirs);
        TidingsException e = assertThrows(TidingsException.class, () -> items.append(List.of(full())));
        assertEquals(ExitStatus.TEMPORARY_FAILURE, e.status());
        assertEquals(file + ": the file changed on disk since it was read (saved in an editor?); nothing was added, so that edit"
                + " is kept. Run tidings add again", e.getMessage());
        assertEquals(theirs, Files.readString(file));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no temporary file left");
        }
        DigestItems.open(file).append(List.of(full()));
        assertTrue(Files.readString(file).startsWith(theirs.stripTrailing()), "opened again, it appends to their version");
    }

    /** The editor's digest may be a link into their notes folder: the link stays, the file it names changes, its mode kept. */
    @Test
    void aDigestBehindASymbolicLinkIsEditedWhereItIsWithItsPermissions() throws IOException {
        Path real = Files.createDirectories(dir.resolve("notes")).resolve("issue.yaml");
        Files.copy(MINIMAL, real);
        Files.setPosixFilePermissions(real, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("issue.yaml"), real);
        String before = Files.readString(real);
        DigestItems.open(link).append(List.of(full()));
        assertTrue(Files.isSymbolicLink(link), "still a link");
        assertEquals(before + fullLines("    ", "\n"), Files.readString(real));
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
    }

    @Test
    void aDraftWithoutSummaryOrWithABadImageStillValidates() throws IOException {
        Path file = copy(MINIMAL);
        DraftItem bare = new DraftItem("No description", "https://news.example/bare", null, null, null,
                new Image("data:image/png;base64,AAAA", "x"));
        DraftItem noAlt = new DraftItem("No alt", "https://news.example/no-alt", null, null, "", new Image("https://news.example/i.png", null));
        DigestItems items = DigestItems.open(file);
        assertEquals("    - title: No description\n      url: https://news.example/bare\n", items.yamlOf(bare));
        items.append(List.of(bare, noAlt));
        LoadedDigest loaded = new DigestLoader().load(file);
        assertEquals(List.of(), loaded.problems().stream().filter(Problem::isError).toList());
        assertEquals(new Item(4, "No alt", "https://news.example/no-alt", null, null, null, List.of(), null,
                new Image("https://news.example/i.png", ""), false), loaded.valid().issue().items().get(3));
        assertEquals(List.of(), warnings(loaded, "draft"), "no page description, nothing to mark");
    }

    private static List<String> warnings(LoadedDigest loaded, String field) {
        return loaded.problems().stream().filter(p -> p.field().endsWith("." + field)).map(Problem::format).toList();
    }

    /** minimal.yaml with its items replaced by these lines. */
    static String minimalWithItems(String items) throws IOException {
        String minimal = Files.readString(MINIMAL);
        return minimal.substring(0, minimal.indexOf("  items:\n")) + items;
    }

    @Test
    void itemsThatWouldTakeTheFileOverWhatTidingsReadsAreRefusedAndNothingIsWritten() throws IOException {
        // Red team: a digest just under the loader's 2 MiB got one item more, exit 0, and then every command refused the file.
        String minimal = Files.readString(MINIMAL);
        String padded = "# " + "x".repeat(dev.tidings.digest.TextFileDecoder.MAX_BYTES - minimal.length() - 100) + "\n" + minimal;
        Path file = write("big.yaml", padded);
        TidingsException e = assertThrows(TidingsException.class, () -> DigestItems.open(file).append(List.of(full())));
        assertEquals(ExitStatus.INVALID_INPUT, e.status());
        assertEquals(file + ": with 1 item more it would be over 2 MiB, more than tidings reads; nothing was added (add fewer,"
                + " or split the issue)", e.getMessage());
        assertEquals(padded, Files.readString(file));
    }

    private Path copy(Path source) throws IOException {
        return Files.copy(source, dir.resolve(source.getFileName()));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
