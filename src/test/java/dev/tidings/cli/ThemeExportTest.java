package dev.tidings.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidings theme export DIR} (issue 18, finding 6): the default theme, which was only inside
 * the jar or the source tree, in a folder of one's own; rendering with it gives what the default
 * gives, so nothing of the theme was left behind; and an edited theme is never overwritten.
 */
class ThemeExportTest {
    private static final String SAMPLE = "samples/social-learning-2.yaml";

    @TempDir
    Path scratch;

    @Test
    void theExportedThemeRendersExactlyAsTheDefault() throws IOException {
        Path theme = scratch.resolve("my-theme");
        CliRun export = CliRun.of("theme", "export", theme.toString());
        assertEquals(0, export.exitCode(), export.all());
        assertEquals("", export.err());
        assertTrue(export.out().contains(theme.resolve("email.html.ftlh").toString()), export.out());
        assertTrue(Files.isRegularFile(theme.resolve("partials/style.ftlh")), "the partials too");

        assertEquals(0, CliRun.of("render", SAMPLE, "-o", scratch.resolve("default").toString()).exitCode());
        CliRun themed = CliRun.of("render", SAMPLE, "-o", scratch.resolve("themed").toString(), "--template", theme.toString());
        assertEquals(0, themed.exitCode(), themed.all());
        for (String file : new String[]{"social-learning-2.html", "social-learning-2.txt"}) {
            assertEquals(Files.readString(scratch.resolve("default").resolve(file)), Files.readString(scratch.resolve("themed").resolve(file)), file);
        }
    }

    @Test
    void anEditedThemeIsNeverOverwritten() throws IOException {
        Path theme = Files.createDirectories(scratch.resolve("my-theme"));
        Files.writeString(theme.resolve("email.txt.ftl"), "my own\n");
        CliRun export = CliRun.of("theme", "export", theme.toString());
        assertEquals(1, export.exitCode(), export.all());
        assertEquals("tidings: " + theme.resolve("email.txt.ftl") + " already exists; theme export overwrites nothing and wrote"
                + " nothing: give a new or empty folder\n", export.err());
        assertEquals("my own\n", Files.readString(theme.resolve("email.txt.ftl")));
        try (Stream<Path> files = Files.list(theme)) {
            assertEquals(1, files.count(), "nothing else was written");
        }
    }
}
