package dev.tidings.digest.load;

import dev.tidings.digest.FieldChecks;
import dev.tidings.digest.Problem;
import dev.tidings.digest.SourcePosition;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks the links inside a Markdown field, pointing at the line and column of each bad one.
 * Links may be absolute http(s) or mailto:; images absolute http(s). Raw HTML is allowed but
 * worth a warning: tidings shows it as text, it never passes it through. The link check
 * ({@code validate --check-links}) finds and locates the links of a field here too, so that what
 * it requests and where it reports are exactly what this check saw.
 */
final class MarkdownLinkCheck {
    private final Parser parser = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();

    void check(String markdown, String path, SourceMap map, List<Problem> problems) {
        Node document = parser.parse(markdown);
        document.accept(new AbstractVisitor() {
            private boolean htmlReported;

            @Override
            public void visit(Link link) {
                String problem = linkProblem(link.getDestination(), true);
                if (problem != null) {
                    problems.add(Problem.error(position(link, path, map), path, "link '" + abbreviate(link.getDestination()) + "' " + problem));
                }
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                String problem = linkProblem(image.getDestination(), false);
                if (problem != null) {
                    problems.add(Problem.error(position(image, path, map), path, "image '" + abbreviate(image.getDestination()) + "' " + problem));
                }
            }

            @Override
            public void visit(HtmlInline html) {
                rawHtml(html);
            }

            @Override
            public void visit(HtmlBlock html) {
                rawHtml(html);
            }

            /** Once per field: a tag pair or a block of HTML is one mistake, not many. */
            private void rawHtml(Node html) {
                if (!htmlReported) {
                    htmlReported = true;
                    problems.add(Problem.warning(position(html, path, map), path, "raw HTML is shown as text, not markup; use Markdown instead"));
                }
            }
        });
    }

    /** Every link and image of a field, with its destination as written (reference links resolved), in text order. */
    List<LinkUse> links(String markdown, String path, SourceMap map) {
        List<LinkUse> uses = new ArrayList<>();
        parser.parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                uses.add(new LinkUse(link.getDestination(), path, position(link, path, map), LinkUse.Kind.LINK));
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                uses.add(new LinkUse(image.getDestination(), path, position(image, path, map), LinkUse.Kind.IMAGE));
            }
        });
        return uses;
    }

    private static SourcePosition position(Node node, String path, SourceMap map) {
        List<SourceSpan> spans = node.getSourceSpans();
        if (spans.isEmpty()) {
            return map.valueOf(path);
        }
        SourceSpan span = spans.get(0);
        return map.within(path, span.getLineIndex(), span.getColumnIndex());
    }

    private static String linkProblem(String destination, boolean mailtoAllowed) {
        if (mailtoAllowed && destination.toLowerCase(Locale.ROOT).startsWith("mailto:")) {
            String address = destination.substring("mailto:".length());
            int query = address.indexOf('?');
            return FieldChecks.bareAddressProblem(query < 0 ? address : address.substring(0, query));
        }
        return FieldChecks.webUrlProblem(destination, false);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
