package dev.tidings.digest.load;

import dev.tidings.digest.SourcePosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where fields are, as YamlDocumentReader records them and SourceMap answers for them. */
class SourceMapTest {
    @TempDir
    Path dir;

    @Test
    void keysAndValuesHaveTheirOwnPositions() throws IOException {
        SourceMap map = read("issue:\n  title:   Spaced out\n  items:\n    - url: https://example.org\n");
        assertEquals(new SourcePosition(file(), 2, 3), map.keyOf("issue.title"));
        assertEquals(new SourcePosition(file(), 2, 12), map.valueOf("issue.title"));
        assertEquals(new SourcePosition(file(), 4, 7), map.keyOf("issue.items[0]"), "a list entry's key is where it starts");
        assertEquals(new SourcePosition(file(), 4, 12), map.valueOf("issue.items[0].url"));
    }

    @Test
    void anAbsentFieldIsLocatedAtItsNearestWrittenParent() throws IOException {
        SourceMap map = read("issue:\n  items:\n    - title: T\n");
        assertEquals(map.valueOf("issue.items[0]"), map.valueOf("issue.items[0].url"));
        assertEquals(map.keyOf("issue"), map.keyOf("issue.date"));
        assertEquals(new SourcePosition(file(), 1, 1), map.keyOf("newsletter.name"), "the root when nothing above is written");
    }

    @Test
    void parentsOfPathsStepOutOfFieldsAndListEntries() {
        assertEquals("issue.items[2]", SourceMap.parentOf("issue.items[2].url"));
        assertEquals("issue.items", SourceMap.parentOf("issue.items[2]"));
        assertEquals("issue", SourceMap.parentOf("issue.items"));
        assertEquals("", SourceMap.parentOf("issue"));
    }

    @Test
    void withinALiteralBlockEveryLineAndColumnIsExact() throws IOException {
        SourceMap map = read("intro: |\n  first line\n    indented\n");
        assertEquals(new SourcePosition(file(), 2, 3), map.within("intro", 0, 0));
        assertEquals(new SourcePosition(file(), 3, 7), map.within("intro", 1, 4));
    }

    @Test
    void withinAOneLineValueTheColumnIsExact() throws IOException {
        SourceMap map = read("plain: see here\nquoted: \"see here\"\n");
        assertEquals(new SourcePosition(file(), 1, 12), map.within("plain", 0, 4));
        assertEquals(new SourcePosition(file(), 2, 14), map.within("quoted", 0, 4));
    }

    @Test
    void withinFoldedOrMultiLineValuesOnlyTheValueStartIsKnown() throws IOException {
        SourceMap map = read("folded: >\n  one\n  two\nplain: one\n  two\nexplicit: |2\n    deeper\n  base\n");
        assertEquals(map.valueOf("folded"), map.within("folded", 0, 5));
        assertEquals(map.valueOf("plain"), map.within("plain", 0, 5));
        assertEquals(map.valueOf("explicit"), map.within("explicit", 0, 2));
    }

    @Test
    void aGraftedMapAnswersUnderItsPrefixWithItsOwnFile() throws IOException {
        SourceMap digest = read("newsletter: other.yaml\n");
        Path other = Files.writeString(dir.resolve("other.yaml"), "\nname: Weekly\n");
        digest.graft("newsletter", new YamlDocumentReader().read(other, other.toString()).sourceMap());
        assertEquals(new SourcePosition(other.toString(), 2, 7), digest.valueOf("newsletter.name"));
        assertEquals(other.toString(), digest.fileOf("newsletter.from"));
    }

    private SourceMap read(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("doc.yaml"), yaml);
        YamlDocument document = new YamlDocumentReader().read(file, file.toString());
        assertEquals(java.util.List.of(), document.problems());
        return document.sourceMap();
    }

    private String file() {
        return dir.resolve("doc.yaml").toString();
    }
}
