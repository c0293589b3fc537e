package dev.tidings.render.css;

import java.util.stream.Collectors;

import org.htmlunit.cssparser.parser.condition.AttributeCondition;
import org.htmlunit.cssparser.parser.condition.Condition;
import org.htmlunit.cssparser.parser.condition.HasPseudoClassCondition;
import org.htmlunit.cssparser.parser.condition.IsPseudoClassCondition;
import org.htmlunit.cssparser.parser.condition.NotPseudoClassCondition;
import org.htmlunit.cssparser.parser.condition.WherePseudoClassCondition;
import org.htmlunit.cssparser.parser.selector.ChildSelector;
import org.htmlunit.cssparser.parser.selector.Combinator;
import org.htmlunit.cssparser.parser.selector.DescendantSelector;
import org.htmlunit.cssparser.parser.selector.DirectAdjacentSelector;
import org.htmlunit.cssparser.parser.selector.ElementSelector;
import org.htmlunit.cssparser.parser.selector.GeneralAdjacentSelector;
import org.htmlunit.cssparser.parser.selector.PseudoElementSelector;
import org.htmlunit.cssparser.parser.selector.RelativeSelector;
import org.htmlunit.cssparser.parser.selector.Selector;
import org.htmlunit.cssparser.parser.selector.SelectorList;
import org.jsoup.parser.TokenQueue;

/**
 * Writes a parsed selector back as CSS text, both for jsoup's {@code select()} and for the rules
 * kept in the {@code <style>} block.
 *
 * <p>The parser's own {@code toString()} is not used because it writes {@code .x} as {@code *.x}
 * (noise in the kept stylesheet, which email clients parse with their own quirky sanitizers) and
 * prints class and id names unescaped, so {@code .a\:b} would come back as {@code .a:b}, which means
 * something else. Identifiers are escaped with jsoup's own escaper so that jsoup reads them back.
 */
final class CssSelectorWriter {
    private CssSelectorWriter() {
    }

    static String write(SelectorList selectors) {
        return selectors.stream().map(CssSelectorWriter::write).collect(Collectors.joining(", "));
    }

    static String write(Selector selector) {
        if (selector instanceof ElementSelector element) {
            return element(element);
        }
        if (selector instanceof DescendantSelector descendant) {
            // "p::before" is modelled as a descendant pseudo-element; it takes no space.
            String gap = descendant.getSimpleSelector() instanceof PseudoElementSelector ? "" : " ";
            return write(descendant.getAncestorSelector()) + gap + write(descendant.getSimpleSelector());
        }
        if (selector instanceof ChildSelector child) {
            return write(child.getAncestorSelector()) + " > " + write(child.getSimpleSelector());
        }
        if (selector instanceof DirectAdjacentSelector adjacent) {
            return write(adjacent.getSelector()) + " + " + write(adjacent.getSimpleSelector());
        }
        if (selector instanceof GeneralAdjacentSelector sibling) {
            return write(sibling.getSelector()) + " ~ " + write(sibling.getSimpleSelector());
        }
        if (selector instanceof RelativeSelector relative) {
            return combinator(relative.getCombinator()) + write(relative.getSelector());
        }
        return selector.toString(); // pseudo-elements print themselves faithfully ("::before")
    }

    private static String element(ElementSelector element) {
        StringBuilder text = new StringBuilder();
        String name = element.getLocalName();
        boolean hasConditions = element.getConditions() != null && !element.getConditions().isEmpty();
        if (name != null) {
            text.append(name);
        } else if (!hasConditions) {
            text.append('*');
        }
        if (hasConditions) {
            element.getConditions().forEach(condition -> text.append(condition(condition)));
        }
        return text.toString();
    }

    private static String condition(Condition condition) {
        return switch (condition.getConditionType()) {
            case CLASS_CONDITION -> "." + TokenQueue.escapeCssIdentifier(condition.getValue());
            case ID_CONDITION -> "#" + TokenQueue.escapeCssIdentifier(condition.getValue());
            case NOT_PSEUDO_CLASS_CONDITION ->
                ":not(" + write(((NotPseudoClassCondition) condition).getSelectors()) + ")";
            case IS_PSEUDO_CLASS_CONDITION ->
                ":is(" + write(((IsPseudoClassCondition) condition).getSelectors()) + ")";
            case WHERE_PSEUDO_CLASS_CONDITION ->
                ":where(" + write(((WherePseudoClassCondition) condition).getSelectors()) + ")";
            case HAS_PSEUDO_CLASS_CONDITION ->
                ":has(" + write(((HasPseudoClassCondition) condition).getSelectors()) + ")";
            case ATTRIBUTE_CONDITION, ONE_OF_ATTRIBUTE_CONDITION, BEGIN_HYPHEN_ATTRIBUTE_CONDITION,
                 PREFIX_ATTRIBUTE_CONDITION, SUFFIX_ATTRIBUTE_CONDITION, SUBSTRING_ATTRIBUTE_CONDITION ->
                attribute((AttributeCondition) condition);
            default -> condition.toString(); // pseudo-classes and :lang() print as written
        };
    }

    private static String attribute(AttributeCondition attribute) {
        StringBuilder text = new StringBuilder("[").append(TokenQueue.escapeCssIdentifier(attribute.getLocalName()));
        String value = attribute.getValue();
        if (value != null) {
            // The parser keeps the value's source text (escapes included) but forgets which quote
            // enclosed it; pick the one that cannot end the string early.
            char quote = value.indexOf('"') >= 0 ? '\'' : '"';
            text.append(attribute.getOperator()).append(quote).append(value).append(quote);
            if (attribute.isCaseInSensitive()) {
                text.append(" i");
            }
        }
        return text.append(']').toString();
    }

    private static String combinator(Combinator combinator) {
        return switch (combinator) {
            case CHILD_COMBINATOR -> "> ";
            case NEXT_SIBLING_COMBINATOR -> "+ ";
            case SUBSEQUENT_SIBLING_COMBINATOR -> "~ ";
            default -> "";
        };
    }
}
