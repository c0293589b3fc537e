package dev.tidings.preview;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The size and modification time of every file a preview depends on (the digest's folder, the
 * template folder, the list). Polled a few times a second rather than watched with inotify:
 * editors save by writing a temporary file and renaming it over the original, which a watch on the
 * old file misses, and a poll of a handful of small folders costs next to nothing.
 */
final class FileFingerprint {
    private FileFingerprint() {
    }

    static String of(List<Path> roots) {
        StringBuilder print = new StringBuilder();
        for (Path root : roots) {
            if (root == null) {
                continue;
            }
            for (Path file : files(root)) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    print.append(file).append('|').append(attributes.size()).append('|')
                            .append(attributes.lastModifiedTime().toMillis()).append('\n');
                } catch (IOException e) {
                    print.append(file).append("|gone\n");
                }
            }
        }
        return print.toString();
    }

    /** The root itself when it is a file; for a folder, its files, two levels deep (templates have partials/). */
    private static List<Path> files(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of(root);
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, 3)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("/.tidings/") && !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .limit(2000)
                    .forEach(files::add);
        } catch (IOException | RuntimeException e) {
            files.add(root);
        }
        return files;
    }
}
