package dev.tidings.render.markdown;

import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Renders a Markdown field as HTML for the email body.
 *
 * <p>Raw HTML in the Markdown is escaped and shown as text, never passed through: the digest is
 * data, and the template alone decides the markup. URLs are sanitized, so a {@code javascript:}
 * link keeps its text but loses its target ({@code href=""}); commonmark also marks such links
 * {@code rel="nofollow"}, which mail clients ignore. No {@code target} attribute is added.
 *
 * <p>A line break typed inside a paragraph is kept as a line break ({@code <br />}), as GitHub
 * comments and newsletter editors keep it: an editor who types "Curiously yours,⏎Maya" means two
 * lines (issue 18), and CommonMark's default, a space, silently joined them. Prose is written one
 * paragraph to a line, and paragraphs are separated by a blank line. A hard break (two trailing
 * spaces or a backslash) is the same {@code <br />}.
 *
 * <p>Thread-safe: the parser and renderer are immutable and reused for every field.
 */
public final class MarkdownHtml {
    private final Parser parser;
    private final HtmlRenderer renderer = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .softbreak("<br />\n")
            .build();

    public MarkdownHtml() {
        this(UnaryOperator.identity());
    }

    /** @param linkTagger rewrites every link's destination (UTM parameters, see {@link LinkTagger}) */
    public MarkdownHtml(UnaryOperator<String> linkTagger) {
        this.parser = MarkdownLinks.parser(linkTagger);
    }

    /** The blocks of {@code markdown} as HTML, each ending in a newline; a lone paragraph keeps its {@code <p>}. */
    public String toHtml(String markdown) {
        Objects.requireNonNull(markdown, "markdown");
        return renderer.render(parser.parse(markdown));
    }

    /**
     * A one-paragraph field (a standfirst, a title) as inline HTML without the {@code <p>}, for a
     * template that supplies its own element. Anything else (several paragraphs, a list, a
     * heading) is rendered as blocks, as {@link #toHtml} does: dropping content would be worse than
     * markup the template did not expect.
     */
    public String toInlineHtml(String markdown) {
        Objects.requireNonNull(markdown, "markdown");
        Node document = parser.parse(markdown);
        Paragraph paragraph = soleParagraph(document);
        if (paragraph == null) {
            return renderer.render(document);
        }
        StringBuilder html = new StringBuilder();
        for (Node inline = paragraph.getFirstChild(); inline != null; inline = inline.getNext()) {
            renderer.render(inline, html);
        }
        return html.toString();
    }

    /** The document's only paragraph, or null; link reference definitions render as nothing and don't count. */
    private static Paragraph soleParagraph(Node document) {
        Paragraph found = null;
        for (Node block = document.getFirstChild(); block != null; block = block.getNext()) {
            if (block instanceof LinkReferenceDefinition) {
                continue;
            }
            if (found != null || !(block instanceof Paragraph)) {
                return null;
            }
            found = (Paragraph) block;
        }
        return found;
    }
}
