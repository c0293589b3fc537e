package dev.tidings.mail.smtp;

import dev.tidings.mail.mime.MessageBuilder;
import org.eclipse.angus.mail.smtp.SMTPOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SmtpDataTest {

    /** What Angus Mail puts on the wire for the same content: its DATA stream, then the end of data. */
    private static byte[] angus(byte[] content) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        SMTPOutputStream data = new SMTPOutputStream(wire);
        data.write(content);
        data.ensureAtBOL();
        wire.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return wire.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aCleanMessageGetsOnlyTheTerminator() {
        assertEquals("Subject: x\r\n\r\nHello\r\n.\r\n", new String(SmtpData.encode(ascii("Subject: x\r\n\r\nHello\r\n")), StandardCharsets.ISO_8859_1));
    }

    @Test
    void dotsAtLineStartsAreDoubledAndBareLineEndsBecomeCrlf() {
        assertEquals("..hidden\r\nsecond\r\nthird\r\n..\r\nlast\r\n.\r\n",
                new String(SmtpData.encode(ascii(".hidden\nsecond\rthird\r\n.\r\nlast")), StandardCharsets.ISO_8859_1));
    }

    @Test
    void theEmptyMessageIsTheTerminatorAlone() {
        assertEquals(".\r\n", new String(SmtpData.encode(new byte[0]), StandardCharsets.ISO_8859_1));
    }

    /** Every byte string over an alphabet of line ends, dots and letters: the same bytes as Angus writes. */
    @Test
    void matchesAngusMailsDataStreamOnEveryShortInputAndOnRandomLongOnes() throws IOException {
        byte[] alphabet = ascii("\r\n.a");
        for (int length = 0; length <= 7; length++) {
            int combinations = 1 << (2 * length);
            for (int n = 0; n < combinations; n++) {
                byte[] content = new byte[length];
                for (int i = 0, rest = n; i < length; i++, rest >>= 2) {
                    content[i] = alphabet[rest & 3];
                }
                assertArrayEquals(angus(content), SmtpData.encode(content), () -> "content " + java.util.Arrays.toString(content));
            }
        }
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            byte[] content = new byte[random.nextInt(3000)];
            for (int i = 0; i < content.length; i++) {
                int pick = random.nextInt(40);
                content[i] = pick == 0 ? (byte) '\r' : pick == 1 ? (byte) '\n' : pick == 2 ? (byte) '.' : (byte) random.nextInt(256);
            }
            assertArrayEquals(angus(content), SmtpData.encode(content));
        }
    }

    /** Content as MessageBuilder writes it (CRLF only, many lines starting with a dot): the stretch-copying path. */
    @Test
    void matchesAngusOnCleanContentWithDotLines() throws IOException {
        Random random = new Random(11);
        for (int round = 0; round < 2000; round++) {
            StringBuilder content = new StringBuilder();
            for (int line = random.nextInt(30); line > 0; line--) {
                for (int i = random.nextInt(6); i > 0; i--) {
                    content.append(".ab".charAt(random.nextInt(3)));
                }
                content.append("\r\n");
            }
            byte[] bytes = ascii(content.toString());
            assertArrayEquals(angus(bytes), SmtpData.encode(bytes), content::toString);
        }
    }
}
