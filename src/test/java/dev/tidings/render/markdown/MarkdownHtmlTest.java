package dev.tidings.render.markdown;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MarkdownHtmlTest {
    private final MarkdownHtml markdown = new MarkdownHtml();

    @Test
    void aSingleParagraphKeepsItsParagraphElement() {
        assertEquals("<p>One <em>short</em> paragraph.</p>\n", markdown.toHtml("One *short* paragraph."));
    }

    @Test
    void aLineBreakTypedInsideAParagraphIsKeptAsIsAHardBreak() {
        assertEquals("<p>Curiously yours,<br />\nMaya<br />\nthen a hard break</p>\n",
                markdown.toHtml("Curiously yours,\nMaya  \nthen a hard break"));
    }

    @Test
    void rawHtmlIsEscapedNeverPassedThrough() {
        assertEquals("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n", markdown.toHtml("<script>alert(1)</script>"));
        assertEquals("<p>an &lt;b onclick=&quot;x()&quot;&gt;inline&lt;/b&gt; tag</p>\n",
                markdown.toHtml("an <b onclick=\"x()\">inline</b> tag"));
    }

    @Test
    void unsafeUrlsLoseTheirTarget() {
        assertEquals("<p><a rel=\"nofollow\" href=\"\">x</a> <img src=\"\" alt=\"y\" /></p>\n",
                markdown.toHtml("[x](javascript:alert(1)) ![y](javascript:alert(2))"));
    }

    @Test
    void linksKeepTheirUrlAndGetNoTarget() {
        assertEquals("<p><a rel=\"nofollow\" href=\"https://example.org/a?b=1&amp;c=2\">read</a>"
                        + " <a rel=\"nofollow\" href=\"mailto:editor@example.org\">editor@example.org</a></p>\n",
                markdown.toHtml("[read](https://example.org/a?b=1&c=2) <editor@example.org>"));
    }

    @Test
    void nestedListsAndQuotes() {
        assertEquals("""
                <ul>
                <li>one
                <ol>
                <li>first</li>
                </ol>
                </li>
                </ul>
                <blockquote>
                <p>quoted</p>
                </blockquote>
                """, markdown.toHtml("- one\n  1. first\n\n> quoted"));
    }

    @Test
    void inlineHtmlOfOneParagraphHasNoParagraphElement() {
        assertEquals("A <strong>standfirst</strong><br />\non two lines<br />\nwith a break",
                markdown.toInlineHtml("A **standfirst**\non two lines\\\nwith a break"));
    }

    @Test
    void inlineHtmlIgnoresLinkReferenceDefinitions() {
        assertEquals("<a rel=\"nofollow\" href=\"https://example.org/\">the site</a>",
                markdown.toInlineHtml("[the site][site]\n\n[site]: https://example.org/"));
    }

    @Test
    void inlineHtmlOfMoreThanOneParagraphKeepsEveryBlock() {
        assertEquals("<p>one</p>\n<p>two</p>\n", markdown.toInlineHtml("one\n\ntwo"));
        assertEquals("", markdown.toInlineHtml(""));
    }
}
