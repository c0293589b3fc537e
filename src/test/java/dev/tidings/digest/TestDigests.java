package dev.tidings.digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The minimal valid digest (src/test/resources/digests/good/minimal.yaml) and variants of it for tests. */
public final class TestDigests {
    public static final Path MINIMAL = Path.of("src/test/resources/digests/good/minimal.yaml");
    public static final Path SAMPLE = Path.of("samples/social-learning-2.yaml");

    private TestDigests() {
    }

    /**
     * Writes the minimal digest to {@code dir/name} with each text in {@code fromTo} replaced by the
     * text after it; each text to replace must occur exactly once, so a test cannot silently test nothing.
     */
    public static Path minimalWith(Path dir, String name, String... fromTo) throws IOException {
        String text = Files.readString(MINIMAL);
        for (int i = 0; i < fromTo.length; i += 2) {
            assertEquals(1, text.split(java.util.regex.Pattern.quote(fromTo[i]), -1).length - 1,
                    "minimal.yaml should contain exactly once: " + fromTo[i]);
            text = text.replace(fromTo[i], fromTo[i + 1]);
        }
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    /** The 1-based line and column where {@code needle} first occurs in a file, as "line:column". */
    public static String positionOf(Path file, String needle) throws IOException {
        return positionOf(file, needle, 0);
    }

    /** Like {@link #positionOf(Path, String)}, but of the character {@code offset} places into the needle. */
    public static String positionOf(Path file, String needle, int offset) throws IOException {
        String[] lines = Files.readString(file).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int column = lines[i].indexOf(needle);
            if (column >= 0) {
                return (i + 1) + ":" + (column + offset + 1);
            }
        }
        throw new AssertionError(file + " does not contain " + needle);
    }
}
