package dev.tidings.render.css;

import java.util.Comparator;
import java.util.Locale;

import org.htmlunit.cssparser.parser.selector.SelectorSpecificity;

/**
 * One {@code property: value} that applies to an element, with what the cascade needs to rank it:
 * importance, the specificity of the selector that brought it (or {@link
 * SelectorSpecificity#FROM_STYLE_ATTRIBUTE} for the element's own {@code style=""}) and its position
 * in the source.
 */
record CssDeclaration(String property, String value, boolean important, SelectorSpecificity specificity, int order) {
    /**
     * The CSS cascade for one element: {@code !important} beats normal, then higher specificity wins,
     * then the later declaration. Because a style attribute ranks (1,0,0,0), above any selector, this
     * also gives "inline beats stylesheet" and "stylesheet {@code !important} beats inline".
     */
    static final Comparator<CssDeclaration> PRECEDENCE = Comparator
        .comparing(CssDeclaration::important)
        .thenComparing(CssDeclaration::specificity)
        .thenComparingInt(CssDeclaration::order);

    /** Property names are ASCII case-insensitive, except custom properties ({@code --brand}). */
    static String normalName(String property) {
        return property.startsWith("--") ? property : property.toLowerCase(Locale.ROOT);
    }

    boolean outranks(CssDeclaration other) {
        return PRECEDENCE.compare(this, other) >= 0;
    }

    /**
     * Written without {@code !important} (see {@link CssElementStyle#toAttribute()}) and, like juice
     * does, with single rather than double quotes: the parser writes every string as {@code "..."},
     * which in a {@code style="..."} attribute becomes {@code &quot;...&quot;}, and Gmail has been seen
     * to drop whole style attributes containing that. A value that already holds a {@code '} keeps
     * its double quotes, since swapping them there could change its meaning.
     */
    String toInlineText() {
        String text = value.indexOf('\'') < 0 ? value.replace('"', '\'') : value;
        return property + ": " + text;
    }
}
