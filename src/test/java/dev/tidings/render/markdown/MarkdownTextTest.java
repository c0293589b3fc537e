package dev.tidings.render.markdown;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MarkdownTextTest {
    private final MarkdownText markdown = new MarkdownText();

    @Test
    void paragraphsAreSeparatedByOneBlankLineAndATypedLineBreakIsKept() {
        assertEquals("Curiously yours,\nMaya\n\nSecond.",
                markdown.toText("Curiously yours,\nMaya\n\n\n\nSecond.\n"));
    }

    @Test
    void aKeptBreakStaysABreakWhenTheTextIsWrapped() {
        String longLine = "word ".repeat(20).strip();
        String text = markdown.toText("> " + longLine + "\n> Maya\n\n- " + longLine + "\n  Maya");
        assertEquals("""
                > word word word word word word word word word word word word word word
                > word word word word word word
                > Maya

                - word word word word word word word word word word word word word word
                  word word word word word word
                  Maya""", TextWrapper.wrap(text, 72));
    }

    @Test
    void hardBreaksAreNewlines() {
        assertEquals("Line one\nline two\nline three", markdown.toText("Line one  \nline two\\\nline three"));
    }

    @Test
    void strongIsStarredEmphasisIsPlainCodeIsVerbatim() {
        assertEquals("a *bold* and quiet claim about `x` in a<b",
                markdown.toText("a **bold** and *quiet* claim about ``` `x` ``` in `a<b`"));
    }

    @Test
    void linksShowTheirUrlAfterTheirText() {
        assertEquals("Read the post <https://example.org/post>, see <https://example.org/>,"
                        + " write to us <mailto:editor@example.org> or <mailto:editor@example.org>.",
                markdown.toText("Read [the post](https://example.org/post \"title\"), see <https://example.org/>,"
                        + " [write to us](mailto:editor@example.org) or <editor@example.org>."));
    }

    @Test
    void aLinkWhoseTextIsItsUrlIsShownOnce() {
        assertEquals("<https://example.org/>", markdown.toText("[https://example.org/](https://example.org/)"));
    }

    @Test
    void imagesShowAltTextAndUrl() {
        assertEquals("[A chart] <https://example.org/chart.png> and <https://example.org/x.png>",
                markdown.toText("![A *chart*](https://example.org/chart.png) and ![](https://example.org/x.png)"));
    }

    @Test
    void rawHtmlIsShownAsItsSource() {
        assertEquals("<script>alert(1)</script>\n\nan <b>inline</b> tag",
                markdown.toText("<script>alert(1)</script>\n\nan <b>inline</b> tag"));
    }

    @Test
    void nestedListsIndentByTheirMarkerWidth() {
        assertEquals("""
                - one
                - two
                  1. first
                  2. second
                     - deep
                - three""", markdown.toText("""
                * one
                * two
                  1) first
                  2) second
                     + deep
                * three
                """));
    }

    @Test
    void orderedListsCountFromTheirStartAndIndentItemsByTheirOwnMarker() {
        assertEquals("""
                9. nine
                   - under nine
                10. ten
                    - under ten""", markdown.toText("9. nine\n   - under nine\n10. ten\n    - under ten"));
    }

    @Test
    void looseListItemsAreSeparatedByBlankLines() {
        assertEquals("""
                1. first

                2. second
                   with a hard break

                   and a paragraph""", markdown.toText("1. first\n\n1. second\\\n   with a hard break\n\n   and a paragraph"));
    }

    @Test
    void blockQuotesArePrefixedPerLevel() {
        assertEquals("""
                > quoted
                > text
                >
                > > nested quote
                >
                > - a list
                >   in a quote""", markdown.toText("> quoted\n> text\n>\n> > nested quote\n>\n> - a list\\\n>   in a quote"));
    }

    @Test
    void headingsBreaksAndCodeBlocks() {
        assertEquals("""
                A *heading*

                Setext heading

                ----

                    int x;

                    return x;

                    indented""", markdown.toText("# A **heading**\n\nSetext heading\n---\n\n***\n\n```java\nint x;\n\nreturn x;\n```\n\n    indented\n"));
    }

    @Test
    void emptyMarkdownIsEmptyText() {
        assertEquals("", markdown.toText(""));
        assertEquals("", markdown.toText("[unused]: https://example.org/\n"));
    }
}
