package dev.tidings.cli;

import dev.tidings.ExitStatus;
import dev.tidings.render.ThemeExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code tidings theme export DIR}: the default theme in a folder of one's own, to customise. */
@Command(name = "theme",
        mixinStandardHelpOptions = true,
        description = {
                "Work with themes (the FreeMarker templates an issue is rendered with).",
                "  tidings theme export DIR   copy the default theme into DIR, to edit and use with --template DIR"
        })
final class ThemeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Copy the default theme into DIR (made if missing); nothing is overwritten: if any of its files exists, none is written.")
    int export(@Parameters(paramLabel = "DIR", description = "The folder for the theme.") Path dir) {
        PrintWriter out = spec.commandLine().getOut();
        for (Path file : ThemeExport.defaultThemeTo(dir)) {
            out.println(dir.resolve(file));
        }
        out.println("use it with: tidings preview DIGEST.yaml --template " + dir + "  (or template: in the digest)");
        out.flush();
        return ExitStatus.OK.code();
    }
}
