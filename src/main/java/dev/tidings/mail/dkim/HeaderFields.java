package dev.tidings.mail.dkim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The header fields of a message, as written (with their folding), for choosing what a signature covers. */
final class HeaderFields {
    private HeaderFields() {
    }

    /**
     * Each field of the header block [0, bodyStart) without its final CRLF; a line that starts with
     * whitespace continues the field above (RFC 5322 2.2.3). Our headers are 7-bit (RFC 2047), so
     * ISO-8859-1 maps each byte to one char and back unchanged.
     */
    static List<String> split(byte[] message, int bodyStart) {
        String block = new String(message, 0, bodyStart, StandardCharsets.ISO_8859_1);
        List<String> fields = new ArrayList<>(16);
        int start = 0;
        int i = 0;
        while (i < block.length()) {
            int lineEnd = block.indexOf("\r\n", i);
            if (lineEnd < 0 || lineEnd == i) {
                break; // the empty line that ends the headers
            }
            int next = lineEnd + 2;
            boolean continues = next < block.length() && (block.charAt(next) == ' ' || block.charAt(next) == '\t');
            if (!continues) {
                String field = block.substring(start, lineEnd);
                if (field.indexOf(':') > 0) {
                    fields.add(field);
                }
                start = next;
            }
            i = next;
        }
        return fields;
    }

    /** The fields of one name (case-insensitive), in message order. */
    static List<String> named(List<String> fields, String lowerCaseName) {
        List<String> named = new ArrayList<>(1);
        for (String field : fields) {
            int colon = field.indexOf(':');
            if (field.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(lowerCaseName)) {
                named.add(field);
            }
        }
        return named;
    }
}
