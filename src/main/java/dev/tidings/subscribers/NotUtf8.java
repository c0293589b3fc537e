package dev.tidings.subscribers;

import dev.tidings.digest.Problem;
import dev.tidings.digest.SourcePosition;
import dev.tidings.digest.TextFileDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a subscriber list stops being UTF-8, and what it probably is instead. The list is streamed
 * through a decoder that reads 64 KiB ahead of the CSV parser, so when decoding fails nobody knows
 * the line; this reads the file again, on that error only, in constant memory, and finds it. A
 * spreadsheet saved as "CSV" on Windows is the usual cause: Windows-1252, where a name's 'é' is
 * the byte E9 and a curly apostrophe the byte 92, or UTF-16 ("Unicode text").
 */
final class NotUtf8 {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private NotUtf8() {
    }

    /** The problem at the first byte that is not UTF-8, or null when the file decodes (or cannot be read again). */
    static Problem find(Path path, String file) {
        try (InputStream in = Files.newInputStream(path)) {
            return find(in, file);
        } catch (IOException e) {
            return null;
        }
    }

    static Problem find(InputStream in, String file) throws IOException {
        byte[] chunk = new byte[1 << 16];
        ByteBuffer bytes = ByteBuffer.allocate(chunk.length + 8);
        CharBuffer chars = CharBuffer.allocate(chunk.length + 8);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int line = 1;
        int column = 1;
        boolean first = true;
        for (int n = in.read(chunk); ; n = in.read(chunk)) {
            boolean end = n < 0;
            if (!end) {
                bytes.put(chunk, 0, n);
            }
            bytes.flip();
            if (first && (bytes.remaining() >= 4 || end)) {
                first = false;
                byte[] head = new byte[Math.min(4, bytes.remaining())];
                bytes.get(bytes.position(), head);
                String other = TextFileDecoder.otherUnicodeEncoding(head);
                if (other != null) {
                    return Problem.error(SourcePosition.wholeFile(file), "", "the list is " + other + "; save it as UTF-8");
                }
                if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
                    bytes.position(3); // the reader skips a byte-order mark too
                }
            } else if (first) {
                bytes.compact();
                continue;
            }
            CoderResult result = decoder.decode(bytes, chars, end);
            chars.flip();
            while (chars.hasRemaining()) {
                char c = chars.get();
                if (c == '\n') {
                    line++;
                    column = 1;
                } else if (!Character.isLowSurrogate(c)) {
                    column++;
                }
            }
            chars.clear();
            if (result.isError()) {
                return Problem.error(new SourcePosition(file, line, column), "", "invalid UTF-8 byte sequence"
                        + guess(bytes.get(bytes.position())) + "; save the list as UTF-8");
            }
            if (end) {
                return null;
            }
            bytes.compact();
        }
    }

    /** " (byte E9: 'é' in Windows-1252, as a spreadsheet on Windows saves CSV)", or the byte alone. */
    private static String guess(byte b) {
        String hex = String.format(Locale.ROOT, "%02X", b & 0xFF);
        String windows = new String(new byte[] {b}, WINDOWS_1252);
        int c = windows.codePointAt(0);
        if (c == 0xFFFD || Character.isISOControl(c) || (b & 0xFF) < 0x80) {
            return " (byte " + hex + ")";
        }
        return " (byte " + hex + ": '" + windows + "' in Windows-1252, as a spreadsheet on Windows saves CSV)";
    }
}
