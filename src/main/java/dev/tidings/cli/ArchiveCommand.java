package dev.tidings.cli;

import dev.tidings.TidingsException;
import dev.tidings.archive.Archive;
import dev.tidings.archive.SiteFile;
import dev.tidings.archive.SiteWriter;
import dev.tidings.digest.Digest;
import dev.tidings.digest.load.LoadedDigest;
import dev.tidings.digest.FieldChecks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tidings archive}: the static web archive of all issues. */
@Command(name = "archive",
        mixinStandardHelpOptions = true,
        addMethodSubcommands = false, // see TidingsCommand
        description = {
                // one paragraph per element: picocli lists a command by its first, and breaks a line after each
                "Build the web archive of the given issues in DIR: a page per issue (DIR/<issue-id>/index.html, the email"
                        + " without anything personal, with its events' .ics files), an index newest first, an Atom feed (feed.xml)"
                        + " and a JSON Feed (feed.json).",
                "Only files whose content changed are rewritten; nothing is deleted."
                        + " Every digest is validated first; if one is invalid, nothing is written."
        })
final class ArchiveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    TidingsCommand parent;

    @Parameters(arity = "1..*", paramLabel = "DIGEST.yaml", description = "The issues to publish (all of them: the index lists these).")
    List<Path> digestFiles;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "site", description = "The site's directory (default: ${DEFAULT-VALUE}).")
    Path output;

    @Mixin
    RenderingOptions rendering = new RenderingOptions();

    @Option(names = "--base-url", paramLabel = "URL",
            description = "The site's public URL, for the feeds (default: newsletter.archive_url of the newest issue).")
    String baseUrl;

    @Option(names = "--feed-size", paramLabel = "N", defaultValue = "" + Archive.DEFAULT_FEED_SIZE,
            description = "How many of the newest issues the feeds carry (default: ${DEFAULT-VALUE}).")
    int feedSize;

    @Option(names = "--search", description = "Add a search box to the index: the issues' titles, items and summaries as a JSON index"
            + " in the page, and a few lines of script that filter the list as you type (no other file, no external service).")
    boolean search;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkOptions();
        List<Digest> digests = loadAll(err);
        Archive archive = new Archive(digest -> DigestInput.templates(digest, rendering.template, parent.preload()), feedSize, search);
        List<SiteFile> files = archive.build(digests, baseUrl);
        SiteWriter.Report report = SiteWriter.write(output, files);
        for (Path written : report.written()) {
            out.println(String.format(Locale.ROOT, "%-42s %s", written, size(written)));
        }
        out.println(output + ": " + digests.size() + (digests.size() == 1 ? " issue, " : " issues, ")
                + report.written().size() + " written, " + report.unchanged() + " unchanged");
        return 0;
    }

    private void checkOptions() {
        if (feedSize < 1) {
            throw TidingsException.usage("--feed-size must be at least 1");
        }
        if (baseUrl != null) {
            String problem = FieldChecks.webUrlProblem(baseUrl, false);
            if (problem != null) {
                throw TidingsException.usage("--base-url " + problem);
            }
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw TidingsException.invalidInput(output + ": is a file, not a directory; give -o a directory");
        }
    }

    /** Every digest, each reported like validate does; nothing is built unless all are valid. */
    private List<Digest> loadAll(PrintWriter err) {
        List<Digest> digests = new ArrayList<>();
        int invalid = 0;
        for (Path file : digestFiles) {
            try {
                LoadedDigest loaded = DigestInput.loadChecked(file, err, parent.preload(), false);
                Digest digest = loaded.valid();
                // The archive is as public as the mail: a page's own description must not go up under the editor's name either.
                DigestInput.refuseDrafts(loaded, "nothing was published");
                digests.add(digest);
            } catch (TidingsException e) {
                err.println("tidings: " + e.getMessage());
                invalid++;
            }
        }
        if (invalid > 0) {
            throw TidingsException.invalidInput(invalid + " of " + digestFiles.size() + " digests invalid; nothing written to " + output);
        }
        return digests;
    }

    private static String size(Path file) {
        try {
            long bytes = Files.size(file);
            return bytes < 1024 ? bytes + " B" : String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
