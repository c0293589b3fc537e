package dev.tidings.digest;

/** A place in an input file: 1-based line and column; 0 means "the whole file" or "unknown". */
public record SourcePosition(String file, int line, int column) {
    public static SourcePosition wholeFile(String file) {
        return new SourcePosition(file, 0, 0);
    }
}
