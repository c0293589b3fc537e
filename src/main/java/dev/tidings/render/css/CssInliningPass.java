package dev.tidings.render.css;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.htmlunit.cssparser.dom.AbstractCSSRuleImpl;
import org.htmlunit.cssparser.dom.CSSCharsetRuleImpl;
import org.htmlunit.cssparser.dom.CSSImportRuleImpl;
import org.htmlunit.cssparser.dom.CSSStyleRuleImpl;
import org.htmlunit.cssparser.dom.CSSStyleSheetImpl;
import org.htmlunit.cssparser.dom.Property;
import org.htmlunit.cssparser.parser.CSSOMParser;
import org.htmlunit.cssparser.parser.InputSource;
import org.htmlunit.cssparser.parser.selector.Selector;
import org.htmlunit.cssparser.parser.selector.SelectorList;
import org.htmlunit.cssparser.parser.selector.SelectorListImpl;
import org.htmlunit.cssparser.parser.selector.SelectorSpecificity;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * One run of {@link CssInliner} over one document. Holds everything that varies per run (the parser,
 * which is not thread-safe, the warnings, the cascade), so the inliner itself stays stateless.
 */
final class CssInliningPass {
    private final Document document;
    private final CssProblems problems = new CssProblems();
    private final CSSOMParser parser = new CSSOMParser();
    private final CssCascade cascade;
    private final CssRetainedRules retained = new CssRetainedRules();
    /** Source position of the next declaration, counted across all blocks: later wins ties. */
    private int nextOrder;

    CssInliningPass(Document document) {
        this.document = document;
        parser.setErrorHandler(problems);
        cascade = new CssCascade(parser, problems);
    }

    List<String> run() {
        List<Element> inlined = new ArrayList<>();
        Elements styles = document.getElementsByTag("style");
        for (int i = 0; i < styles.size(); i++) {
            Element style = styles.get(i);
            if (CssStyleElements.isInlinable(style)) {
                String name = "<style> #" + (i + 1);
                problems.parsing(() -> name);
                parse(CssStyleElements.css(style)).getCssRules().getRules().forEach(this::process);
                inlined.add(style);
            }
        }
        if (!inlined.isEmpty()) {
            cascade.writeStyleAttributes();
            CssStyleElements.replace(document, inlined, retained.text());
        }
        return problems.warnings();
    }

    private CSSStyleSheetImpl parse(String css) {
        try {
            return parser.parseStyleSheet(new InputSource(new StringReader(css)), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the parser reads from a String
        }
    }

    private void process(AbstractCSSRuleImpl rule) {
        if (rule instanceof CSSStyleRuleImpl styleRule) {
            inlineOrKeep(styleRule);
        } else if (rule instanceof CSSImportRuleImpl importRule) {
            retained.keepImport(importRule);
        } else if (!(rule instanceof CSSCharsetRuleImpl)) {
            // An @charset means nothing inside an HTML <style>; everything else (@media,
            // @font-face, @supports, ...) is kept, as juice and premailer keep media queries.
            retained.keep(rule);
        }
    }

    /** Inlines the rule for each selector that can be inlined; keeps it in {@code <style>} for the others. */
    private void inlineOrKeep(CSSStyleRuleImpl rule) {
        int firstOrder = nextOrder;
        nextOrder += rule.getStyle().getLength();
        SelectorList kept = new SelectorListImpl();
        for (Selector selector : rule.getSelectors()) {
            if (!inlined(selector, rule, firstOrder)) {
                kept.add(selector);
            }
        }
        if (!kept.isEmpty()) {
            retained.keep(kept, rule.getStyle());
        }
    }

    private boolean inlined(Selector selector, CSSStyleRuleImpl rule, int firstOrder) {
        CssSelectorInlinability.Verdict verdict = CssSelectorInlinability.of(selector);
        String text = CssSelectorWriter.write(selector);
        if (verdict.kind() == CssSelectorInlinability.Kind.UNSUPPORTED) {
            problems.warn(rule.getLocator(), "selector " + text + " uses " + verdict.reason()
                + ", which cannot be inlined faithfully; kept in <style>");
        }
        if (verdict.kind() != CssSelectorInlinability.Kind.INLINE) {
            return false;
        }
        Elements matches = select(text, rule);
        if (matches == null) {
            return false;
        }
        List<CssDeclaration> declarations = declarations(rule, selector.getSelectorSpecificity(), firstOrder);
        for (Element element : matches) {
            if (CssStyleElements.mayReceiveStyles(element)) {
                cascade.apply(element, declarations);
            }
        }
        return true;
    }

    /** The elements jsoup matches, or null (and a warning) when jsoup cannot read the selector. */
    private Elements select(String selector, CSSStyleRuleImpl rule) {
        try {
            return document.select(selector);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // jsoup's SelectorParseException (an IllegalStateException) or its Validate errors.
            problems.warn(rule.getLocator(), "selector " + selector + " cannot be matched here ("
                + e.getMessage() + "); kept in <style>");
            return null;
        }
    }

    private static List<CssDeclaration> declarations(CSSStyleRuleImpl rule, SelectorSpecificity specificity, int firstOrder) {
        List<Property> properties = rule.getStyle().getProperties();
        List<CssDeclaration> declarations = new ArrayList<>(properties.size());
        for (int i = 0; i < properties.size(); i++) {
            Property property = properties.get(i);
            if (property.getValue() != null) {
                declarations.add(new CssDeclaration(CssDeclaration.normalName(property.getName()),
                    CssColors.hex(property.getValue().getCssText()), property.isImportant(), specificity, firstOrder + i));
            }
        }
        return declarations;
    }
}
