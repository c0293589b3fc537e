package dev.tidings.render.css;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jsoup.Jsoup;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class CssInlinerTest {
    private final CssInliner inliner = new CssInliner();

    /** A complete document around a head and a body, with no whitespace jsoup could be blamed for. */
    private static String page(String head, String body) {
        return "<!DOCTYPE html><html><head>" + head + "</head><body>" + body + "</body></html>";
    }

    private static String style(String css) {
        return "<style>" + css + "</style>";
    }

    private CssInliner.Result inlineWithoutWarnings(String html) {
        CssInliner.Result result = inliner.inlineWithWarnings(html);
        assertEquals(List.of(), result.warnings());
        return result;
    }

    @Test
    void idBeatsClassBeatsElementWhateverTheSourceOrder() {
        String html = page(style("#hero { color: red } .lead { color: green } p { color: blue }"),
            "<p id=\"hero\" class=\"lead\">a</p><p class=\"lead\">b</p><p>c</p>");
        assertEquals(page("",
                "<p id=\"hero\" class=\"lead\" style=\"color: red\">a</p>"
                    + "<p class=\"lead\" style=\"color: green\">b</p><p style=\"color: blue\">c</p>"),
            inlineWithoutWarnings(html).html());
    }

    @Test
    void equalSpecificityGoesToTheLaterDeclaration() {
        String html = page(style(".a { color: red } .b { color: blue } p { margin: 0; margin: 1px }"),
            "<p class=\"b a\">x</p>");
        assertEquals(page("", "<p class=\"b a\" style=\"margin: 1px; color: blue\">x</p>"),
            inlineWithoutWarnings(html).html());
    }

    @Test
    void laterStyleBlocksComeLaterInSourceOrder() {
        String html = page(style(".a { color: red }"), "<p class=\"a\">x</p>" + style(".a { color: blue }"));
        assertEquals(page("", "<p class=\"a\" style=\"color: blue\">x</p>"), inlineWithoutWarnings(html).html());
    }

    @Test
    void existingStyleAttributeBeatsStylesheetAndKeepsItsOtherDeclarations() {
        String html = page(style("#x.y p { color: red; padding: 2px }"),
            "<div id=\"x\" class=\"y\"><p style=\"COLOR:blue;margin:0\">x</p></div>");
        // Ordered from the weakest to the strongest declaration, so shorthands cannot undo longhands.
        assertEquals(page("", "<div id=\"x\" class=\"y\"><p style=\"padding: 2px; color: blue; margin: 0\">x</p></div>"),
            inlineWithoutWarnings(html).html());
    }

    @Test
    void importantStylesheetDeclarationBeatsStyleAttributeAndLosesItsMarker() {
        String html = page(style("p { color: red !important; font-size: 12px !important }"),
            "<p style=\"color: blue; font-weight: bold; font-size: 14px !important\">x</p>");
        assertEquals(page("", "<p style=\"font-weight: bold; color: red; font-size: 14px\">x</p>"),
            inlineWithoutWarnings(html).html());
    }

    @Test
    void shorthandAndLonghandStayInCascadeOrderWithoutExpansion() {
        String html = page(style(".box { margin: 0 } p { margin-top: 5px } .pad { padding-left: 3px } p { padding: 1px }"),
            "<p class=\"box pad\">x</p>");
        // A browser gives .box's margin (0,0,1,0) precedence over p's margin-top (0,0,0,1): written
        // last, the shorthand wins again. Likewise .pad's padding-left survives p's later padding.
        assertEquals(page("", "<p class=\"box pad\" style=\"margin-top: 5px; padding: 1px; margin: 0; padding-left: 3px\">x</p>"),
            inlineWithoutWarnings(html).html());
    }

    @Test
    void descendantChildAttributeAdjacentAndStructuralSelectors() {
        String css = "table td { padding: 4px } ul > li { margin: 0 } td[align=\"right\"] { text-align: right }"
            + " li:first-child { font-weight: bold } li:nth-child(2n) { color: gray } h1 + p { margin-top: 0 }"
            + " li:not(.skip):last-child { color: black } ul:has(> li.skip) { padding: 0 }";
        String html = page(style(css),
            "<h1>T</h1><p>a</p><p>b</p><table><tbody><tr><td align=\"right\">1</td><td>2</td></tr></tbody></table>"
                + "<ul><li>one</li><li>two</li><li class=\"skip\">three</li></ul>"
                + "<ol><li>four</li></ol>");
        assertEquals(page("",
                "<h1>T</h1><p style=\"margin-top: 0\">a</p><p>b</p><table><tbody><tr>"
                    + "<td align=\"right\" style=\"padding: 4px; text-align: right\">1</td>"
                    + "<td style=\"padding: 4px\">2</td></tr></tbody></table>"
                    + "<ul style=\"padding: 0\"><li style=\"margin: 0; font-weight: bold\">one</li>"
                    + "<li style=\"margin: 0; color: gray\">two</li><li class=\"skip\" style=\"margin: 0\">three</li></ul>"
                    + "<ol><li style=\"font-weight: bold; color: black\">four</li></ol>"),
            inlineWithoutWarnings(html).html());
    }

    @Test
    void eachSelectorOfAListMatchesWithItsOwnSpecificity() {
        String html = page(style("h1, h2, .title { font-family: Georgia, 'Times New Roman', serif } h2 { font-family: Arial }"),
            "<h1>a</h1><h2>b</h2><h2 class=\"title\">c</h2>");
        assertEquals(page("",
                "<h1 style=\"font-family: Georgia, 'Times New Roman', serif\">a</h1>"
                    + "<h2 style=\"font-family: Arial\">b</h2>"
                    + "<h2 class=\"title\" style=\"font-family: Georgia, 'Times New Roman', serif\">c</h2>"),
            inlineWithoutWarnings(html).html());
    }

    @Test
    void mediaQueriesStayInHeadWithTheirImportant() {
        String css = ".col { width: 50% }"
            + " @media screen and (max-width: 600px) { .col { width: 100% !important; } }"
            + " @media (prefers-color-scheme: dark) { body, .dark-bg { background: #111 !important } }";
        String html = page(style(css), "<div class=\"col\">x</div>");
        assertEquals(page(
                "<style>\n"
                    + "@media screen and (max-width: 600px) {\n  .col { width: 100% !important; }\n}\n"
                    + "@media (prefers-color-scheme: dark) {\n  body, .dark-bg { background: #111111 !important; }\n}\n"
                    + "</style>",
                "<div class=\"col\" style=\"width: 50%\">x</div>"),
            inlineWithoutWarnings(html).html());
    }

    @Test
    void hoverAndOtherStatefulSelectorsStayInHeadWhileTheirSiblingsAreInlined() {
        String css = "a, a:hover { color: #00f } a:hover { text-decoration: underline } a:visited, a:focus { color: purple }"
            + " p::before { content: '>' } :root { color-scheme: light dark } input::placeholder { color: gray }"
            + " p:empty { display: none }";
        String html = page(style(css), "<p><a href=\"#\">x</a></p><p></p>");
        assertEquals(page(
                "<style>\n"
                    + "a:hover { color: #0000ff; }\n"
                    + "a:hover { text-decoration: underline; }\n"
                    + "a:visited, a:focus { color: purple; }\n"
                    + "p::before { content: \">\"; }\n"
                    + ":root { color-scheme: light dark; }\n"
                    + "input::placeholder { color: gray; }\n"
                    + "</style>",
                "<p><a href=\"#\" style=\"color: #0000ff\">x</a></p><p style=\"display: none\"></p>"),
            inlineWithoutWarnings(html).html());
    }

    @Test
    void atRulesAreKeptImportsFirstAndCharsetDropped() {
        String css = "@charset \"utf-8\"; @import url(\"fonts.css\"); p { color: red }"
            + " @font-face { font-family: Brand; src: url(brand.woff2) format(\"woff2\") }"
            + " @supports (display: grid) { .grid { display: grid } }";
        String html = page(style(css) + style("@import url(\"more.css\"); a { color: red }"), "<p>x</p>");
        assertEquals(page(
                "<style>\n"
                    + "@import url(\"fonts.css\");\n"
                    + "@import url(\"more.css\");\n"
                    + "@font-face { font-family: Brand; src: url(\"brand.woff2\") format(\"woff2\"); }\n"
                    + "@supports (display: grid) { .grid { display: grid } }\n"
                    + "</style>",
                "<p style=\"color: red\">x</p>"),
            inlineWithoutWarnings(html).html());
    }

    @Test
    void malformedCssBecomesWarningsAndTheRestStillApplies() {
        String css = "\np { color: ; font-weight: bold }\n.x { color red; margin: 0 }\n}} .y { top: 0 }\n";
        CssInliner.Result result = inliner.inlineWithWarnings(page(style(css), "<p class=\"x y\">x</p>"));
        assertEquals(page("", "<p class=\"x y\" style=\"font-weight: bold; margin: 0; top: 0\">x</p>"), result.html());
        assertEquals(List.of(
                "CSS line 2, column 12 in <style> #1: Error in expression. (Invalid token \";\".)",
                "CSS line 3, column 12 in <style> #1: Error in declaration. (Invalid token \"red\". Was expecting one of: <S>, \":\".)",
                "CSS line 4, column 1 in <style> #1: Error in rule. (Invalid token \"}\".)",
                "CSS line 4, column 1 in <style> #1: Ignoring the whole rule.",
                "CSS line 4, column 2 in <style> #1: Error in rule. (Invalid token \"}\".)",
                "CSS line 4, column 2 in <style> #1: Ignoring the whole rule."),
            result.warnings());
    }

    @Test
    void garbageCssNeverThrows() {
        for (String css : List.of("p { color: \"unterminated }", "/* open comment p { color: red }", "\u0000 p { x: y }",
            "@media { p { color: red }", "}}}{{{", "p { color: red", "<!-- p { color: red } -->", "@", "p{", ":::")) {
            CssInliner.Result result = inliner.inlineWithWarnings(page(style(css), "<p>x</p>"));
            assertTrue(result.html().startsWith("<!DOCTYPE html><html><head>"), css);
        }
    }

    @Test
    void badStyleAttributeIsReportedWithTheElementsPath() {
        CssInliner.Result result = inliner.inlineWithWarnings(
            page(style("td { color: red }"), "<table><tbody><tr><td style=\"width 10px; height: 1px\">x</td></tr></tbody></table>"));
        assertEquals(page("", "<table><tbody><tr><td style=\"color: red; height: 1px\">x</td></tr></tbody></table>"), result.html());
        assertEquals(List.of("CSS line 1, column 7 in the style attribute of html > body > table > tbody > tr > td:"
            + " Error in declaration. (Invalid token \"10\". Was expecting one of: <S>, \":\".)"), result.warnings());
    }

    @Test
    void selectorsJsoupCannotMatchAreKeptWithAWarningNotDropped() {
        String css = "p:lang(en) { color: red } [lang|=en] { color: red } p:where(.a) { color: red }"
            + " .a:FIRST-CHILD { color: red } p:unknown-state { color: red } p { margin: 0 }";
        CssInliner.Result result = inliner.inlineWithWarnings(page(style(css), "<p class=\"a\" lang=\"en\">x</p>"));
        assertEquals(page(
                "<style>\n"
                    + "p:lang(en) { color: red; }\n"
                    + "[lang|=\"en\"] { color: red; }\n"
                    + "p:where(.a) { color: red; }\n"
                    + ".a:FIRST-CHILD { color: red; }\n"
                    + "p:unknown-state { color: red; }\n"
                    + "</style>",
                "<p class=\"a\" lang=\"en\" style=\"margin: 0\">x</p>"),
            result.html());
        assertEquals(List.of(
                "CSS line 1, column 1 in <style> #1: selector p:lang(en) uses :lang(), which cannot be inlined faithfully; kept in <style>",
                "CSS line 1, column 27 in <style> #1: selector [lang|=\"en\"] uses [attr|=value], which cannot be inlined faithfully; kept in <style>",
                "CSS line 1, column 53 in <style> #1: selector p:where(.a) uses :where(), which cannot be inlined faithfully; kept in <style>",
                "CSS line 1, column 80 in <style> #1: selector .a:FIRST-CHILD cannot be matched here"
                    + " (Could not parse query '.a:FIRST-CHILD': unexpected token at ''); kept in <style>"),
            result.warnings());
    }

    @Test
    void escapedClassNamesAreMatched() {
        String html = page(style(".sm\\:hidden { display: none } .\\31 col { width: 1px }"),
            "<p class=\"sm:hidden\">a</p><p class=\"1col\">b</p>");
        assertEquals(page("", "<p class=\"sm:hidden\" style=\"display: none\">a</p><p class=\"1col\" style=\"width: 1px\">b</p>"),
            inlineWithoutWarnings(html).html());
    }

    @Test
    void optedOutStyleBlocksAreLeftExactlyAsWritten() {
        String kept = "<style data-inline=\"false\">p { color: red }</style><style data-embed>p { color: red }</style>"
            + "<style media=\"print\">p { color: red }</style>";
        String html = page(kept + style("p { margin: 0 }"), "<p>x</p>");
        assertEquals(page(kept, "<p style=\"margin: 0\">x</p>"), inlineWithoutWarnings(html).html());
    }

    @Test
    void documentWithoutInlinableStylesIsUnchanged() {
        String html = "<!DOCTYPE html>\n<html lang=\"de\">\n  <head>\n    <meta charset=\"utf-8\">\n"
            + "    <style data-inline=\"false\">p{color:red}</style>\n  </head>\n  <body>\n    <p style=\"COLOR:red\">Grüße</p>\n  </body>\n</html>\n";
        assertEquals(html, inlineWithoutWarnings(html).html());
    }

    @Test
    void outlookConditionalCommentsAreLeftAlone() {
        String mso = "<!--[if mso]><style>td { font-family: Arial; }</style><![endif]-->";
        String html = page(mso + style("td { color: red }"), "<table><tbody><tr><td>x</td></tr></tbody></table>");
        assertEquals(page(mso, "<table><tbody><tr><td style=\"color: red\">x</td></tr></tbody></table>"),
            inlineWithoutWarnings(html).html());
    }

    @Test
    void headScriptsAndTemplatesAreNotStyled() {
        String html = page("<meta charset=\"utf-8\"><title>T</title>" + style("* { margin: 0 }"),
            "<p>x</p><template><p>t</p></template><script>var p = '<p>';</script><!-- <p>comment</p> -->");
        assertEquals("<!DOCTYPE html><html style=\"margin: 0\"><head><meta charset=\"utf-8\"><title>T</title></head>"
                + "<body style=\"margin: 0\"><p style=\"margin: 0\">x</p><template><p>t</p></template>"
                + "<script>var p = '<p>';</script><!-- <p>comment</p> --></body></html>",
            inlineWithoutWarnings(html).html());
    }

    @Test
    void whitespaceDoctypeAndNonAsciiTextAreKept() {
        String html = "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n  <meta charset=\"utf-8\">\n  <style>\n    .greet { color: #333; }\n"
            + "    @media (max-width: 600px) { .greet { font-size: 18px !important; } }\n  </style>\n</head>\n<body>\n"
            + "  <p class=\"greet\">Grüße, “Zoë” — 日本語 😀&nbsp;&amp; &lt;tag&gt; &copy;</p>\n\n  <pre>  keep\n   this  </pre>\n</body>\n</html>\n";
        String expected = "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n  <meta charset=\"utf-8\">\n  <style>\n"
            + "@media (max-width: 600px) {\n  .greet { font-size: 18px !important; }\n}\n</style>\n</head>\n<body>\n"
            + "  <p class=\"greet\" style=\"color: #333333\">Grüße, “Zoë” — 日本語 😀&nbsp;&amp; &lt;tag&gt; ©</p>\n\n"
            + "  <pre>  keep\n   this  </pre>\n</body>\n</html>\n";
        assertEquals(expected, inlineWithoutWarnings(html).html());
    }

    @Test
    void legacyXhtmlDoctypeIsKeptVerbatim() {
        String doctype = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\""
            + " \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">";
        String html = doctype + "<html><head>" + style("p{color:red}") + "</head><body><p>x</p></body></html>";
        assertEquals(doctype + "<html><head></head><body><p style=\"color: red\">x</p></body></html>",
            inlineWithoutWarnings(html).html());
    }

    @Test
    void stylesInBodyAreMovedToOneStyleInHead() {
        String html = page("<title>T</title>", "<p>x</p>" + style("a:hover { color: red } p { color: blue }") + "<div>y</div>");
        assertEquals(page("<title>T</title><style>\na:hover { color: red; }\n</style>", "<p style=\"color: blue\">x</p><div>y</div>"),
            inlineWithoutWarnings(html).html());
    }

    @Test
    void inliningTheOutputAgainChangesNothing() {
        String html = "<!DOCTYPE html>\n<html>\n<head>\n" + style("\n.a { color: #123456; font: 12px/1.5 \"Segoe UI\", Arial }\n"
                + "a:hover { color: red !important }\n@media (max-width: 600px) { .a { width: 100% !important } }\n"
                + "@font-face { font-family: X; src: url(x.woff) }\n")
            + "\n</head>\n<body>\n<p class=\"a\" style=\"margin:0\">x <a href=\"?a=1&amp;b=2\">y</a></p>\n</body>\n</html>";
        String once = inlineWithoutWarnings(html).html();
        assertEquals(once, inlineWithoutWarnings(once).html());
        assertTrue(once.contains("style=\"color: #123456; font: 12px / 1.5 'Segoe UI', Arial; margin: 0\""), once);
    }

    @Test
    void inlinesADocumentInPlace() {
        Document document = Jsoup.parse(page(style("p { color: red } a:hover { color: blue }"), "<p>x</p>"));
        List<String> warnings = inliner.inlineWithWarnings(document);
        assertEquals(List.of(), warnings);
        assertEquals("color: red", document.selectFirst("p").attr("style"));
        assertEquals("\na:hover { color: blue; }\n", document.head().selectFirst("style").data());
    }

    @Test
    void createsTheHeadWhenTheDocumentHasNone() {
        Document document = new Document("");
        Element body = document.appendElement("html").appendElement("body");
        body.appendElement("style").appendChild(new DataNode("a:focus { outline: 0 }"));
        body.appendElement("style").appendText("p { color: red }"); // text, not data: a document built in code
        body.appendElement("p").text("x");
        inliner.inline(document);
        document.outputSettings().prettyPrint(false);
        assertEquals("<html><head><style>\na:focus { outline: 0; }\n</style></head><body><p style=\"color: red\">x</p></body></html>",
            document.outerHtml());
    }

    @Test
    void oneInlinerServesManyThreads() throws Exception {
        CssInliner shared = new CssInliner();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String name = "reader" + i;
                results.add(pool.submit(() -> shared.inline(page(
                    style("#n { color: red } p { margin: 0 } @media (max-width: 1px) { p { x: y !important } }"),
                    "<p id=\"n\">" + name + "</p><p>y {</p>"))));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals(page("<style>\n@media (max-width: 1px) {\n  p { x: y !important; }\n}\n</style>",
                    "<p id=\"n\" style=\"margin: 0; color: red\">reader" + i + "</p><p style=\"margin: 0\">y {</p>"),
                    results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void resultWarningsAreImmutable() {
        CssInliner.Result result = inliner.inlineWithWarnings(page(style("p { color: }"), "<p>x</p>"));
        assertThrows(UnsupportedOperationException.class, () -> result.warnings().add("more"));
    }
}
