package dev.tidings.render.css;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The declarations that win for one element, one per property name, as they will be written to its
 * {@code style} attribute.
 *
 * <p>Shorthands are not expanded: {@code margin} and {@code margin-top} are different names here and
 * may both survive. That stays correct because the attribute lists declarations from the lowest to
 * the highest precedence: a browser reading {@code margin-top: 5px; margin: 0} lets the later (and,
 * in our cascade, stronger) shorthand win, exactly as the original stylesheet would have. juice
 * likewise sorts the inlined properties by specificity.
 */
final class CssElementStyle {
    private final Map<String, CssDeclaration> winners = new LinkedHashMap<>();

    void offer(CssDeclaration candidate) {
        winners.merge(candidate.property(), candidate,
            (current, challenger) -> challenger.outranks(current) ? challenger : current);
    }

    /**
     * {@code prop: value; prop2: value2}. {@code !important} is dropped, as juice does by default: in
     * a style attribute it would only stop the {@code !important} rules kept for media queries
     * (dark mode, mobile widths) from overriding the inlined value.
     */
    String toAttribute() {
        return winners.values().stream()
            .sorted(CssDeclaration.PRECEDENCE)
            .map(CssDeclaration::toInlineText)
            .collect(Collectors.joining("; "));
    }
}
