package dev.tidings.mail.mime;

import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuotedPrintableTest {
    @Test
    void encodesAsRfc2045Says() {
        assertEquals("Zo=C3=AB =3D 1\r\nnext line", encode("Zoë = 1\nnext line"));
        assertEquals("trailing space=20\r\ntab=09", encode("trailing space \ntab\t"));
        assertEquals("crlf\r\nand cr\r\nend\r\n", encode("crlf\r\nand cr\rend\n"));
        assertEquals("a".repeat(75) + "=\r\n" + "a".repeat(5), encode("a".repeat(80)));
        assertEquals("a".repeat(76), encode("a".repeat(76)), "a last character may use the 76th column");
    }

    @Test
    void noEncodedLineStartsWithADot() {
        assertEquals("=2Ex\r\n=2E\r\na.b", encode(".x\n.\na.b"));
        assertEquals("a".repeat(75) + "=\r\n=2Eb", encode("a".repeat(75) + ".b"), "a dot the soft break moved to a line's start");
        assertEquals("a".repeat(74) + ".=\r\nbc", encode("a".repeat(74) + ".bc"), "a dot before the soft break stays");
    }

    @Test
    void neverSplitsAnEscapeAndNoLineExceeds76() {
        String encoded = encode("é".repeat(100));
        for (String line : encoded.split("\r\n")) {
            assertTrue(line.length() <= 76, line);
            assertTrue(line.matches("(=[0-9A-F]{2})*=?"), "whole escapes only: " + line);
        }
    }

    /** Whatever the input, Jakarta Mail's decoder gives it back (line breaks normalised to CRLF). */
    @Test
    void jakartaMailDecodesItBackForRandomText() throws Exception {
        Random random = new Random(42);
        String alphabet = "ab =\t\n.é€😀<>\"'&x\r";
        for (int round = 0; round < 500; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(400);
            for (int i = 0; i < length; i++) {
                text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            String input = text.toString();
            String encoded = encode(input);
            for (String line : encoded.split("\r\n", -1)) {
                assertTrue(line.length() <= 76, "line of " + line.length());
                assertFalse(line.startsWith("."), "a line starts with a dot: " + line);
            }
            try (InputStream decoded = MimeUtility.decode(new ByteArrayInputStream(encoded.getBytes(StandardCharsets.US_ASCII)), "quoted-printable")) {
                String expected = input.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
                assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), decoded.readAllBytes(), "round " + round + ": " + input);
            }
        }
    }

    /** Text given as its lines (as a stencil gives HTML) encodes exactly as the whole text, the second time from the cache. */
    @Test
    void linesEncodeAsTheWholeText() {
        Random random = new Random(7);
        String alphabet = "ab =\t\n.é€😀<>x\r";
        QuotedPrintable shared = new QuotedPrintable();
        for (int round = 0; round < 300; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(600);
            for (int i = 0; i < length; i++) {
                text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            String input = text.toString().replace("\r\n", "\n").replace('\r', '\n');
            java.util.List<String> lines = java.util.List.of(input.split("\n", -1));
            for (int pass = 0; pass < 2; pass++) {
                ByteSink sink = new ByteSink(16);
                shared.encodeLines(lines, sink);
                assertEquals(encode(input), new String(sink.toByteArray(), StandardCharsets.US_ASCII), "round " + round + ", pass " + pass + ": " + input);
            }
        }
    }

    private static String encode(String text) {
        ByteSink sink = new ByteSink(16);
        // Split as RenderedEmail.htmlLines() does: at CRLF, CR or LF, a final break giving an empty last line.
        new QuotedPrintable().encodeLines(java.util.List.of(text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)), sink);
        return new String(sink.toByteArray(), StandardCharsets.US_ASCII);
    }
}
