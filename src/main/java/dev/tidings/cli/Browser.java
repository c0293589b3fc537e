package dev.tidings.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a URL in the desktop's browser, where there is one (xdg-open on Linux, open on macOS). */
final class Browser {
    private Browser() {
    }

    static void open(String url, PrintWriter err) {
        for (String opener : new String[] {"xdg-open", "open"}) {
            if (onPath(opener)) {
                try {
                    new ProcessBuilder(opener, url).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    return;
                } catch (IOException e) {
                    break;
                }
            }
        }
        err.println("no browser to open here; open " + url + " yourself");
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
