package dev.tidings.subscribers;

import dev.tidings.digest.SourcePosition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a CSV value that opens with a double quote and never closes it begins. The CSV parser
 * only notices at the end of the file, having read everything after the quote as one value, so
 * its position names the last line: in a list of 10,000 rows, line 10,001 for a stray quote
 * typed into row 523. This reads the file again, on that error only, with {@link CsvRecordScanner},
 * whose quoting rules are the reader's, and asks it where the quote it ended inside opened.
 */
final class UnclosedQuote {
    private UnclosedQuote() {
    }

    /** The line and column (1-based) of the quote that opens the unclosed value, or null when every quote closes. */
    static SourcePosition find(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return find(path.toString(), in);
        } catch (IOException | RuntimeException e) {
            return null; // the caller still has the parser's own position to report
        }
    }

    static SourcePosition find(String file, Reader text) throws IOException {
        StringWriter all = new StringWriter();
        text.transferTo(all);
        return find(file, new ByteArrayInputStream(all.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static SourcePosition find(String file, InputStream in) throws IOException {
        try (CsvRecordScanner scanner = new CsvRecordScanner(in)) {
            while (scanner.next() != null) {
                // to the end: only there is it known whether a quote is left open
            }
            int[] at = scanner.unclosedQuote();
            return at == null ? null : new SourcePosition(file, at[0], at[1]);
        }
    }
}
