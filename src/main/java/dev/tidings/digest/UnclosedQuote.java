package dev.tidings.digest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a CSV value that opens with a double quote and never closes it begins. The CSV parser
 * only notices at the end of the file, having read everything after the quote as one value, so
 * its position names the last line: in a list of 10,000 rows, line 10,001 for a stray quote
 * typed into row 523. This reads the file again, on that error only, with the same quoting rules
 * (RFC 4180: a quote opens a value only at its start, with spaces, tabs or other control
 * characters before it allowed, as the reader trims them; inside, a doubled quote is a quote) and finds the line and column of that quote.
 */
final class UnclosedQuote {
    private UnclosedQuote() {
    }

    /** The line and column (1-based) of the quote that opens the unclosed value, or null when every quote closes. */
    static SourcePosition find(Path path) {
        try (Reader in = new BufferedReader(Files.newBufferedReader(path, StandardCharsets.UTF_8), 1 << 16)) {
            return find(path.toString(), in);
        } catch (IOException | RuntimeException e) {
            return null; // the caller still has the parser's own position to report
        }
    }

    static SourcePosition find(String file, Reader in) throws IOException {
        int line = 1;
        int column = 0;
        boolean atValueStart = true;
        boolean quoted = false;
        int openLine = 0;
        int openColumn = 0;
        for (int c = in.read(); c >= 0; c = in.read()) {
            column++;
            if (c == '\r' || c == '\n') {
                if (c == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                }
                line++;
                column = 0;
                atValueStart = !quoted;
            } else if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    if (in.read() == '"') {
                        column++; // a doubled quote: a quote in the value
                    } else {
                        in.reset();
                        quoted = false;
                    }
                }
            } else if (c == '"' && atValueStart) {
                quoted = true;
                openLine = line;
                openColumn = column;
                atValueStart = false;
            } else if (c == ',') {
                atValueStart = true;
            } else if (c > ' ' && !(c == '\uFEFF' && line == 1 && column == 1)) {
                atValueStart = false;
            }
        }
        return quoted ? new SourcePosition(file, openLine, openColumn) : null;
    }
}
