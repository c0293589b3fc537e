package dev.tidings.mail.dkim;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The relaxed canonicalisations of RFC 6376 3.4.2 and 3.4.4, starting with the RFC's own example (3.4.5). */
class RelaxedCanonicalTest {
    @Test
    void headersOfTheRfcExample() {
        assertEquals("a:X\r\n", RelaxedCanonical.header("A: X"));
        assertEquals("b:Y Z\r\n", RelaxedCanonical.header("B : Y\t\r\n\tZ  "));
    }

    @Test
    void bodyOfTheRfcExample() {
        assertEquals(" C\r\nD E\r\n", body(" C \r\nD \t E\r\n\r\n\r\n"));
    }

    @Test
    void headerNamesAreLowerCasedAndInnerWhitespaceOfTheValueIsKeptAsOneSpace() {
        assertEquals("list-unsubscribe:<mailto:u@example.org>, <https://example.org/u?t=1>\r\n",
                RelaxedCanonical.header("List-Unsubscribe:   <mailto:u@example.org>,\r\n <https://example.org/u?t=1>"));
        assertEquals("subject:=?UTF-8?Q?Z=C3=B6e?= and more\r\n",
                RelaxedCanonical.header("Subject: =?UTF-8?Q?Z=C3=B6e?=\r\n\t and   more \t"));
        assertEquals("x-empty:\r\n", RelaxedCanonical.header("X-Empty: \t "));
    }

    @Test
    void trailingEmptyLinesGoButEmptyLinesBetweenTextStay() {
        assertEquals("a\r\n\r\n\r\nb\r\n", body("a  \r\n \t\r\n\r\nb\r\n\r\n \r\n"));
    }

    @Test
    void aLastLineWithoutCrlfGetsOneAndAnEmptyBodyStaysEmpty() {
        assertEquals("last line\r\n", body("last line"));
        assertEquals("", body(""));
        assertEquals("", body("\r\n\r\n  \r\n"));
    }

    @Test
    void onlyTheBodyRangeIsRead() {
        byte[] message = "Header: x\r\n\r\nbody \r\n".getBytes(StandardCharsets.US_ASCII);
        Capture capture = new Capture();
        RelaxedCanonical.body(message, 13, message.length - 2, capture);
        assertEquals("body\r\n", capture.text());
    }

    private static String body(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Capture capture = new Capture();
        RelaxedCanonical.body(bytes, 0, bytes.length, capture);
        return capture.text();
    }

    /** A MessageDigest that keeps what it is fed, to see the canonical form itself rather than its hash. */
    private static final class Capture extends MessageDigest {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Capture() {
            super("capture");
        }

        @Override
        protected void engineUpdate(byte input) {
            bytes.write(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int length) {
            bytes.write(input, offset, length);
        }

        @Override
        protected byte[] engineDigest() {
            return new byte[0];
        }

        @Override
        protected void engineReset() {
            bytes.reset();
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
