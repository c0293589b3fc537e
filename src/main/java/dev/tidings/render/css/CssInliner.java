package dev.tidings.render.css;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.Range;
import org.jsoup.parser.Parser;

/**
 * Inlines a template's {@code <style>} CSS into {@code style=""} attributes, the way juice and
 * premailer prepare HTML email: Outlook's Word engine and many webmail clients ignore or strip
 * {@code <style>} blocks, but all of them honour inline styles.
 *
 * <ul>
 *   <li>Every {@code <style>} (head or body) is read in document order with a real CSS parser
 *       (htmlunit-cssparser), except those marked {@code data-inline="false"} or {@code data-embed}
 *       (juice's marker), those for non-screen media or with a non-CSS {@code type}, and those in a
 *       {@code <template>}: they are left exactly as written.</li>
 *   <li>Each selector of each rule is matched with jsoup; its declarations compete per element by the
 *       CSS cascade: {@code !important}, then specificity, then source order. The element's own
 *       {@code style=""} counts as specificity (1,0,0,0), so it beats normal stylesheet declarations
 *       and loses to {@code !important} ones. One declaration per property name survives
 *       (shorthands are not expanded; see {@link CssElementStyle}), written without
 *       {@code !important} as {@code prop: value; prop2: value2}.</li>
 *   <li>What cannot be inlined ({@code @media}, {@code @font-face}, {@code @supports},
 *       {@code @import}, {@code :hover}, pseudo-elements, {@code :root}, selectors jsoup cannot
 *       match) is kept, {@code !important} included, in one {@code <style>} in {@code <head>}; the
 *       inlined rules are removed, and the block too when nothing is left.</li>
 *   <li>Malformed CSS never throws: the parser recovers as browsers do and each problem becomes a
 *       warning ({@link #inlineWithWarnings(String)}).</li>
 * </ul>
 *
 * <p>Values are written as the parser serializes them, which normalizes some spellings:
 * {@code #fff} becomes {@code #ffffff} (colours are written as hex, see {@link CssColors}), {@code url(a.png)} becomes {@code url("a.png")},
 * {@code 12px/1.5} becomes {@code 12px / 1.5}; inline strings use single quotes. All are equivalent
 * CSS that email clients accept. jsoup's HTML parser also adds what browsers add ({@code <tbody>},
 * a missing {@code <head>}). Inlining its own output again changes nothing.
 *
 * <p>Thread-safe and reusable: it holds no state; each call builds its own parser and cascade, and
 * costs about (number of selectors) &times; (document size).
 */
public final class CssInliner {
    /** The inlined HTML and what was wrong with its CSS ({@code "CSS line 3, column 9 in <style> #1: ..."}). */
    public record Result(String html, List<String> warnings) {
        public Result {
            Objects.requireNonNull(html, "html");
            warnings = List.copyOf(warnings);
        }
    }

    public CssInliner() {
    }

    /** Inlines and returns the whole document, doctype included, otherwise unchanged byte for byte where jsoup allows. */
    public String inline(String html) {
        return inlineWithWarnings(html).html();
    }

    public Result inlineWithWarnings(String html) {
        // Positions are tracked only to copy the doctype back as written (see keepDoctypeAsWritten).
        Document document = Parser.htmlParser().setTrackPosition(true).parseInput(html, "");
        // Email HTML must come back as written: no re-indentation (whitespace is visible in inline
        // layouts), non-ASCII text kept literal (the message is sent as UTF-8), and only the
        // entities HTML requires escaped.
        document.outputSettings()
            .prettyPrint(false)
            .charset(StandardCharsets.UTF_8)
            .escapeMode(Entities.EscapeMode.base);
        List<String> warnings = inlineWithWarnings(document);
        keepDoctypeAsWritten(document, html);
        return new Result(document.outerHtml(), warnings);
    }

    /**
     * Inlines in place. The document's output settings are the caller's: for email use
     * {@code prettyPrint(false)}, charset UTF-8 and {@code EscapeMode.base}, as {@link #inline(String)} does.
     */
    public void inline(Document document) {
        inlineWithWarnings(document);
    }

    /** Inlines in place and returns the warnings. */
    public List<String> inlineWithWarnings(Document document) {
        return new CssInliningPass(Objects.requireNonNull(document, "document")).run();
    }

    /**
     * jsoup writes an HTML5 doctype as {@code <!doctype html>}; templates (and some email testing
     * tools) expect the {@code <!DOCTYPE html>} they wrote, so the doctype is copied back verbatim.
     */
    private static void keepDoctypeAsWritten(Document document, String source) {
        DocumentType doctype = document.documentType();
        if (doctype != null && doctype.sourceRange().isTracked()) {
            Range written = doctype.sourceRange();
            doctype.replaceWith(new DataNode(source.substring(written.startPos(), written.endPos())));
        }
    }
}
