package dev.tidings.render;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** An email's HTML and text read the same as one string and as lines, whichever form render gave. */
class RenderedEmailTest {
    @Test
    void wholeContentIsSplitAtEveryKindOfLineBreak() {
        assertEquals(List.of("crlf", "and cr", "end", ""), RenderedEmail.lines("crlf\r\nand cr\rend\n"));
        assertEquals(List.of("a", "", "b"), RenderedEmail.lines("a\n\nb"));
        assertEquals(List.of(""), RenderedEmail.lines(""));
        assertEquals(List.of("", ""), RenderedEmail.lines("\r\n"));
    }

    @Test
    void anEmailGivenWholeOrAsLinesReadsTheSameBothWays() {
        String html = "<p>Hi</p>\n<p>there</p>\n";
        List<String> textLines = List.of("Hi", "there", "");
        RenderedEmail email = email(html, null, null, textLines);
        assertEquals(List.of("<p>Hi</p>", "<p>there</p>", ""), email.htmlLines());
        assertEquals(html.length(), email.htmlLength());
        assertSame(textLines.get(1), email.textLines().get(1), "lines given are handed on as the same instances");
        assertEquals("Hi\nthere\n", email.text());
        assertEquals(email.text().length(), email.textLength());
    }

    private static RenderedEmail email(String html, List<String> htmlLines, String text, List<String> textLines) {
        return new RenderedEmail(Recipient.sample(), "Subject", html, htmlLines, text, textLines,
                "https://example.org/u", "<https://example.org/u>", true, List.of());
    }
}
