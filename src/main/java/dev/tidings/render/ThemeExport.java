package dev.tidings.render;

import dev.tidings.AtomicFile;
import dev.tidings.TidingsException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The default theme copied out of tidings into a folder, to customise and pass as --template
 * (issue 18, finding 6: it was only inside the jar or the source tree). Every file of the theme
 * is found by walking it, in the jar or in target/classes, so a file added to the theme is exported
 * without a list to keep up to date.
 */
public final class ThemeExport {
    private ThemeExport() {
    }

    /**
     * Copies the default theme into {@code dir}; refuses, writing nothing, when any of its files is
     * there already (an edited theme is never overwritten).
     *
     * @return the files written, relative to {@code dir}
     */
    public static List<Path> defaultThemeTo(Path dir) {
        URL root = ThemeExport.class.getResource("/" + TemplateSet.DEFAULT_THEME);
        if (root == null) {
            throw new IllegalStateException("the default theme is missing from tidings (" + TemplateSet.DEFAULT_THEME + ")");
        }
        try {
            URI uri = root.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return copy(jar.provider().getPath(uri), dir);
                }
            }
            return copy(Path.of(uri), dir);
        } catch (IOException e) {
            throw TidingsException.invalidInput(dir + ": cannot export the default theme (" + TidingsException.reason(e) + ")");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the default theme's location is not a URI: " + root, e); // a broken build, not the user's folder
        }
    }

    private static List<Path> copy(Path theme, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(theme)) {
            walk.filter(Files::isRegularFile).sorted().forEach(file -> files.add(Path.of(theme.relativize(file).toString())));
        }
        for (Path file : files) {
            if (Files.exists(dir.resolve(file), LinkOption.NOFOLLOW_LINKS)) {
                throw TidingsException.invalidInput(dir.resolve(file) + " already exists; theme export overwrites nothing and wrote"
                        + " nothing: give a new or empty folder");
            }
        }
        for (Path file : files) {
            Path target = dir.resolve(file);
            Files.createDirectories(target.getParent());
            AtomicFile.write(target, Files.readAllBytes(theme.resolve(file.toString())), AtomicFile.Permissions.ofAnyNewFile());
        }
        return files;
    }
}
