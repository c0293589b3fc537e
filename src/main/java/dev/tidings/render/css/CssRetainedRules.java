package dev.tidings.render.css;

import java.util.ArrayList;
import java.util.List;

import org.htmlunit.cssparser.dom.AbstractCSSRuleImpl;
import org.htmlunit.cssparser.dom.CSSImportRuleImpl;
import org.htmlunit.cssparser.dom.CSSMediaRuleImpl;
import org.htmlunit.cssparser.dom.CSSStyleDeclarationImpl;
import org.htmlunit.cssparser.dom.CSSStyleRuleImpl;
import org.htmlunit.cssparser.parser.selector.SelectorList;

/**
 * The rules that cannot live in {@code style=""} attributes ({@code @media}, {@code @font-face},
 * {@code @supports}, {@code @import}, {@code :hover} and other non-inlinable selectors), in source
 * order, serialized from the parsed CSS. Declarations keep their {@code !important}: responsive and
 * dark-mode media queries need it to override the inlined styles.
 */
final class CssRetainedRules {
    private final List<String> imports = new ArrayList<>();
    private final List<String> rules = new ArrayList<>();

    /** {@code @import} is only valid before every other rule, so it goes first whichever block it came from. */
    void keepImport(CSSImportRuleImpl rule) {
        imports.add(rule.getCssText());
    }

    void keep(AbstractCSSRuleImpl rule) {
        if (rule instanceof CSSMediaRuleImpl media && media.getCssRules().getLength() == 0) {
            return; // what the parser leaves of an @media whose content it could not read
        }
        rules.add(write(rule));
    }

    /** Keeps a style rule for only some of its selectors: the others were inlined. */
    void keep(SelectorList selectors, CSSStyleDeclarationImpl declarations) {
        rules.add(styleRule(CssSelectorWriter.write(selectors), declarations));
    }

    /** The content of the {@code <style>} element, or "" when nothing is kept. */
    String text() {
        if (imports.isEmpty() && rules.isEmpty()) {
            return "";
        }
        List<String> all = new ArrayList<>(imports);
        all.addAll(rules);
        return "\n" + String.join("\n", all) + "\n";
    }

    private static String write(AbstractCSSRuleImpl rule) {
        if (rule instanceof CSSStyleRuleImpl style) {
            return styleRule(CssSelectorWriter.write(style.getSelectors()), style.getStyle());
        }
        if (rule instanceof CSSMediaRuleImpl media) {
            StringBuilder text = new StringBuilder("@media ").append(media.getMediaList().getMediaText()).append(" {");
            for (AbstractCSSRuleImpl inner : media.getCssRules().getRules()) {
                text.append("\n  ").append(write(inner).replace("\n", "\n  "));
            }
            return text.append("\n}").toString();
        }
        // @font-face, @page and the parser's "unknown" rules (@supports, @keyframes), which keep their source text.
        return rule.getCssText();
    }

    private static String styleRule(String selectors, CSSStyleDeclarationImpl declarations) {
        String body = CssColors.hex(declarations.getCssText());
        return selectors + (body.isEmpty() ? " { }" : " { " + body + "; }");
    }
}
