package dev.tidings.render.markdown;

import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Renders a Markdown field as readable plaintext for the text/plain part of a newsletter: what a
 * person would have typed in a plain email, not the HTML with its tags stripped.
 *
 * <ul>
 *   <li>Blocks are separated by one blank line; a tight list's items and their parts are not.</li>
 *   <li>A line break typed inside a paragraph is a newline, as in the HTML part (a {@code <br />},
 *       see {@link MarkdownHtml}); so is a hard break. {@link TextWrapper} wraps line by line, so
 *       such a break stays a break after wrapping.</li>
 *   <li>Strong emphasis is {@code *x*}, the one marker plain email readers know as "bold";
 *       emphasis is the bare text, since {@code _x_} and {@code /x/} read as noise to most people.</li>
 *   <li>Inline code is its text without backticks; code blocks are indented 4 spaces.</li>
 *   <li>A link is {@code text <url>}, or just {@code <url>} when its text is the URL (autolinks;
 *       for an e-mail autolink {@code <mailto:addr>}). An image is {@code [alt] <url>}.</li>
 *   <li>Bullet items start {@code - }, ordered items {@code N. } counting from the list's start;
 *       the rest of an item, nested lists included, is indented by the marker's width.</li>
 *   <li>Block quotes are prefixed {@code > } per level; headings are their text on their own
 *       lines; a thematic break is {@code ----}.</li>
 *   <li>Raw HTML is shown as its source text, as the HTML part shows it (escaped).</li>
 * </ul>
 *
 * Lines are not wrapped here ({@link TextWrapper} does that for the whole message), and carry no
 * trailing whitespace. Lines end in {@code \n}; the result has no final newline.
 */
public final class MarkdownText {
    private static final String QUOTE = "> ";
    private static final String CODE_INDENT = "    ";
    private static final String THEMATIC_BREAK = "----";

    private final Parser parser;

    public MarkdownText() {
        this(UnaryOperator.identity());
    }

    /** @param linkTagger rewrites every link's destination (UTM parameters, see {@link LinkTagger}) */
    public MarkdownText(UnaryOperator<String> linkTagger) {
        this.parser = MarkdownLinks.parser(linkTagger);
    }

    public String toText(String markdown) {
        Objects.requireNonNull(markdown, "markdown");
        return blocks(parser.parse(markdown), true).stream()
                .map(String::stripTrailing)
                .collect(Collectors.joining("\n"));
    }

    /** The lines of each child block in turn, with a blank line between two blocks if asked. */
    private List<String> blocks(Node parent, boolean blankLineBetween) {
        List<String> lines = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            List<String> block = block(child);
            if (block.isEmpty()) {
                continue;
            }
            if (blankLineBetween && !lines.isEmpty()) {
                lines.add("");
            }
            lines.addAll(block);
        }
        return lines;
    }

    private List<String> block(Node block) {
        if (block instanceof Paragraph || block instanceof Heading) {
            return lines(inlines(block));
        }
        if (block instanceof BlockQuote) {
            return prefixed(blocks(block, true), QUOTE, QUOTE);
        }
        if (block instanceof BulletList list) {
            return items(list, index -> "- ");
        }
        if (block instanceof OrderedList list) {
            Integer start = list.getMarkerStartNumber();
            int first = start == null ? 1 : start;
            return items(list, index -> (first + index) + ". ");
        }
        if (block instanceof FencedCodeBlock code) {
            return code(code.getLiteral());
        }
        if (block instanceof IndentedCodeBlock code) {
            return code(code.getLiteral());
        }
        if (block instanceof HtmlBlock html) {
            return lines(withoutFinalNewline(html.getLiteral()));
        }
        if (block instanceof ThematicBreak) {
            return List.of(THEMATIC_BREAK);
        }
        if (block instanceof LinkReferenceDefinition) {
            return List.of();
        }
        return blocks(block, true);
    }

    /** Each item's first line behind its marker and the rest indented to match; loose lists get blank lines. */
    private List<String> items(ListBlock list, IntFunction<String> marker) {
        boolean loose = !list.isTight();
        List<String> lines = new ArrayList<>();
        int index = 0;
        for (Node item = list.getFirstChild(); item != null; item = item.getNext(), index++) {
            if (loose && !lines.isEmpty()) {
                lines.add("");
            }
            String itemMarker = marker.apply(index);
            List<String> content = blocks(item, loose);
            if (content.isEmpty()) {
                content = List.of("");
            }
            lines.addAll(prefixed(content, itemMarker, " ".repeat(itemMarker.length())));
        }
        return lines;
    }

    private static List<String> code(String literal) {
        String code = withoutFinalNewline(literal);
        return code.isEmpty() ? List.of() : prefixed(lines(code), CODE_INDENT, CODE_INDENT);
    }

    private static List<String> prefixed(List<String> lines, String first, String rest) {
        List<String> result = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            result.add((i == 0 ? first : rest) + lines.get(i));
        }
        return result;
    }

    private static List<String> lines(String text) {
        return List.of(text.split("\n", -1));
    }

    private static String withoutFinalNewline(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private String inlines(Node parent) {
        StringBuilder text = new StringBuilder();
        appendInlines(parent, text);
        return text.toString();
    }

    private void appendInlines(Node parent, StringBuilder text) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            appendInline(child, text);
        }
    }

    private void appendInline(Node inline, StringBuilder text) {
        if (inline instanceof Text plain) {
            text.append(plain.getLiteral());
        } else if (inline instanceof Code code) {
            text.append(code.getLiteral());
        } else if (inline instanceof SoftLineBreak || inline instanceof HardLineBreak) {
            text.append('\n');
        } else if (inline instanceof StrongEmphasis) {
            text.append('*');
            appendInlines(inline, text);
            text.append('*');
        } else if (inline instanceof Emphasis) {
            appendInlines(inline, text);
        } else if (inline instanceof HtmlInline html) {
            text.append(html.getLiteral());
        } else if (inline instanceof Link link) {
            text.append(link(inlines(link), link.getDestination()));
        } else if (inline instanceof Image image) {
            text.append(image(inlines(image), image.getDestination()));
        } else {
            // Custom inline nodes (no extensions today): their text.
            appendInlines(inline, text);
        }
    }

    private static String link(String text, String destination) {
        if (destination.isEmpty()) {
            return text;
        }
        if (text.isEmpty() || text.equals(destination) || isMailtoOf(destination, text)) {
            return "<" + destination + ">";
        }
        return text + " <" + destination + ">";
    }

    /** {@code <someone@example.org>} parses as a link to {@code mailto:someone@example.org}. */
    private static boolean isMailtoOf(String destination, String address) {
        return destination.toLowerCase(Locale.ROOT).startsWith("mailto:")
                && destination.substring("mailto:".length()).equals(address);
    }

    private static String image(String alt, String destination) {
        if (destination.isEmpty()) {
            return alt.isEmpty() ? "" : "[" + alt + "]";
        }
        String target = "<" + destination + ">";
        return alt.isEmpty() ? target : "[" + alt + "] " + target;
    }
}
