package dev.tidings.render.css;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.htmlunit.cssparser.dom.Property;
import org.htmlunit.cssparser.parser.CSSOMParser;
import org.htmlunit.cssparser.parser.selector.SelectorSpecificity;
import org.jsoup.nodes.Element;

/**
 * The winning declarations of every element that some inlined rule matched, seeded with the element's
 * own {@code style=""} (parsed by the same CSS parser, so that {@code COLOR:red} and a stylesheet's
 * {@code color} are recognised as the same property). Elements no rule matched are never touched,
 * so their attributes stay byte for byte as the template wrote them.
 */
final class CssCascade {
    private final CSSOMParser parser;
    private final CssProblems problems;
    private final Map<Element, CssElementStyle> styles = new IdentityHashMap<>();
    /**
     * Templates repeat the same {@code style=""} on many elements, and each parse costs tens of
     * microseconds, so each distinct attribute is parsed once per pass (and a broken one is reported
     * once, for the first element that has it).
     */
    private final Map<String, List<CssDeclaration>> parsedAttributes = new HashMap<>();

    CssCascade(CSSOMParser parser, CssProblems problems) {
        this.parser = parser;
        this.problems = problems;
    }

    void apply(Element element, List<CssDeclaration> declarations) {
        CssElementStyle style = styles.computeIfAbsent(element, this::fromStyleAttribute);
        declarations.forEach(style::offer);
    }

    /** Writes every touched element's {@code style} attribute. */
    void writeStyleAttributes() {
        styles.forEach((element, style) -> {
            String attribute = style.toAttribute();
            if (attribute.isEmpty()) {
                element.removeAttr("style");
            } else {
                element.attr("style", attribute);
            }
        });
    }

    private CssElementStyle fromStyleAttribute(Element element) {
        CssElementStyle style = new CssElementStyle();
        String attribute = element.attr("style");
        if (!attribute.isBlank()) {
            parsedAttributes.computeIfAbsent(attribute, text -> parse(text, element)).forEach(style::offer);
        }
        return style;
    }

    private List<CssDeclaration> parse(String attribute, Element element) {
        Supplier<String> outer = problems.parsing(() -> "the style attribute of " + element.cssSelector());
        try {
            List<CssDeclaration> declarations = new ArrayList<>();
            for (Property property : parser.parseStyleDeclaration(attribute).getProperties()) {
                if (property.getValue() != null) {
                    declarations.add(new CssDeclaration(CssDeclaration.normalName(property.getName()),
                        CssColors.hex(property.getValue().getCssText()), property.isImportant(),
                        SelectorSpecificity.FROM_STYLE_ATTRIBUTE, declarations.size()));
                }
            }
            return declarations;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the parser reads from a String
        } finally {
            problems.parsing(outer);
        }
    }
}
