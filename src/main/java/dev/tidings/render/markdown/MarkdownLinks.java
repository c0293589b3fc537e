package dev.tidings.render.markdown;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.parser.PostProcessor;

import java.util.function.UnaryOperator;

/** A CommonMark parser whose links pass through a rewriter: the same for the HTML and the text version. */
final class MarkdownLinks {
    private MarkdownLinks() {
    }

    static Parser parser(UnaryOperator<String> linkTagger) {
        return Parser.builder().postProcessor(new Tagging(linkTagger)).build();
    }

    private static final class Tagging implements PostProcessor {
        private final UnaryOperator<String> tagger;

        Tagging(UnaryOperator<String> tagger) {
            this.tagger = tagger;
        }

        @Override
        public Node process(Node document) {
            document.accept(new AbstractVisitor() {
                @Override
                public void visit(Link link) {
                    link.setDestination(tagger.apply(link.getDestination()));
                    visitChildren(link);
                }
            });
            return document;
        }
    }
}
