package dev.tidings.render.css;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.htmlunit.cssparser.parser.condition.AttributeCondition;
import org.htmlunit.cssparser.parser.condition.Condition;
import org.htmlunit.cssparser.parser.condition.HasPseudoClassCondition;
import org.htmlunit.cssparser.parser.condition.IsPseudoClassCondition;
import org.htmlunit.cssparser.parser.condition.NotPseudoClassCondition;
import org.htmlunit.cssparser.parser.selector.ChildSelector;
import org.htmlunit.cssparser.parser.selector.DescendantSelector;
import org.htmlunit.cssparser.parser.selector.DirectAdjacentSelector;
import org.htmlunit.cssparser.parser.selector.ElementSelector;
import org.htmlunit.cssparser.parser.selector.GeneralAdjacentSelector;
import org.htmlunit.cssparser.parser.selector.PseudoElementSelector;
import org.htmlunit.cssparser.parser.selector.RelativeSelector;
import org.htmlunit.cssparser.parser.selector.Selector;

/**
 * Decides whether a selector's declarations may be copied into {@code style=""} attributes.
 *
 * <p>Like juice's {@code ignoredPseudos} and premailer's "unmergeable" rules, anything that depends on
 * state ({@code :hover}, {@code :focus}, {@code :visited}, ...), on a pseudo-element
 * ({@code ::before}, {@code ::placeholder}) or on the document root ({@code :root}, usually
 * {@code color-scheme} or custom properties) cannot be expressed in a {@code style} attribute and
 * stays in the {@code <style>} block. Only the structural pseudo-classes, which describe where an
 * element is rather than what state it is in, are inlined. This is an allow-list so that a
 * pseudo-class nobody thought of is kept rather than wrongly inlined.
 *
 * <p>A few selectors are matchable in principle but jsoup would match them differently from a
 * browser; they are kept too, with a warning, rather than inlined wrongly.
 */
final class CssSelectorInlinability {
    /** In increasing severity: a selector is as bad as its worst part. */
    enum Kind { INLINE, UNSUPPORTED, NEEDS_STYLESHEET }

    /** {@code reason} says what jsoup cannot match, for {@link Kind#UNSUPPORTED}. */
    record Verdict(Kind kind, String reason) {
        static final Verdict INLINE = new Verdict(Kind.INLINE, null);
        static final Verdict NEEDS_STYLESHEET = new Verdict(Kind.NEEDS_STYLESHEET, null);

        static Verdict unsupported(String reason) {
            return new Verdict(Kind.UNSUPPORTED, reason);
        }

        Verdict worse(Verdict other) {
            return other.kind.compareTo(kind) > 0 ? other : this;
        }
    }

    private static final Set<String> STRUCTURAL_PSEUDO_CLASSES = Set.of(
        "first-child", "last-child", "only-child", "first-of-type", "last-of-type", "only-of-type",
        "nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type", "empty");

    private CssSelectorInlinability() {
    }

    static Verdict of(Selector selector) {
        if (selector instanceof ElementSelector element) {
            return conditions(element);
        }
        if (selector instanceof DescendantSelector descendant) {
            return of(descendant.getAncestorSelector()).worse(of(descendant.getSimpleSelector()));
        }
        if (selector instanceof ChildSelector child) {
            return of(child.getAncestorSelector()).worse(of(child.getSimpleSelector()));
        }
        if (selector instanceof DirectAdjacentSelector adjacent) {
            return of(adjacent.getSelector()).worse(of(adjacent.getSimpleSelector()));
        }
        if (selector instanceof GeneralAdjacentSelector sibling) {
            return of(sibling.getSelector()).worse(of(sibling.getSimpleSelector()));
        }
        if (selector instanceof RelativeSelector relative) {
            return of(relative.getSelector());
        }
        if (selector instanceof PseudoElementSelector) {
            return Verdict.NEEDS_STYLESHEET;
        }
        return Verdict.unsupported("an unknown kind of selector");
    }

    private static Verdict all(List<Selector> selectors) {
        return selectors.stream().map(CssSelectorInlinability::of).reduce(Verdict.INLINE, Verdict::worse);
    }

    private static Verdict conditions(ElementSelector element) {
        Verdict verdict = Verdict.INLINE;
        if (element.getConditions() != null) {
            for (Condition condition : element.getConditions()) {
                verdict = verdict.worse(condition(condition));
            }
        }
        return verdict;
    }

    private static Verdict condition(Condition condition) {
        return switch (condition.getConditionType()) {
            case CLASS_CONDITION, ID_CONDITION, ATTRIBUTE_CONDITION, PREFIX_ATTRIBUTE_CONDITION,
                 SUFFIX_ATTRIBUTE_CONDITION, SUBSTRING_ATTRIBUTE_CONDITION -> attributeFlag(condition);
            case ONE_OF_ATTRIBUTE_CONDITION -> Verdict.unsupported("[attr~=word] (jsoup reads it as a regular expression)");
            case BEGIN_HYPHEN_ATTRIBUTE_CONDITION -> Verdict.unsupported("[attr|=value]");
            case LANG_CONDITION -> Verdict.unsupported(":lang()");
            case WHERE_PSEUDO_CLASS_CONDITION -> Verdict.unsupported(":where()");
            case NOT_PSEUDO_CLASS_CONDITION -> all(((NotPseudoClassCondition) condition).getSelectors());
            case IS_PSEUDO_CLASS_CONDITION -> all(((IsPseudoClassCondition) condition).getSelectors());
            case HAS_PSEUDO_CLASS_CONDITION -> all(((HasPseudoClassCondition) condition).getSelectors());
            case PSEUDO_CLASS_CONDITION -> pseudoClass(condition);
        };
    }

    private static Verdict attributeFlag(Condition condition) {
        if (condition instanceof AttributeCondition attribute && attribute.isCaseInSensitive()) {
            return Verdict.unsupported("the attribute selector flag \" i\"");
        }
        return Verdict.INLINE;
    }

    private static Verdict pseudoClass(Condition condition) {
        if (condition.toString().startsWith("::")) {
            return Verdict.NEEDS_STYLESHEET; // "::placeholder" and friends arrive as pseudo-classes
        }
        String value = condition.getValue();
        int argument = value.indexOf('(');
        String name = (argument < 0 ? value : value.substring(0, argument)).toLowerCase(Locale.ROOT);
        return STRUCTURAL_PSEUDO_CLASSES.contains(name) ? Verdict.INLINE : Verdict.NEEDS_STYLESHEET;
    }
}
