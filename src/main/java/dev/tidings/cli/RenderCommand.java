package dev.tidings.cli;

import dev.tidings.TidingsException;
import dev.tidings.digest.Digest;
import dev.tidings.render.OutputFiles;
import dev.tidings.render.IssueRenderer;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;
import dev.tidings.render.RenderedEmail;
import dev.tidings.render.Preflight;
import dev.tidings.startup.Preload;
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
import java.util.concurrent.Callable;

/** {@code tidings render}: the issue as subscribers will receive it, as .html, .txt and .eml files. */
@Command(name = "render",
        mixinStandardHelpOptions = true,
        addMethodSubcommands = false, // see TidingsCommand
        description = {
                "Render a digest to DIR/<issue-id>.html, .txt and .eml (the complete MIME message).",
                "Without --subscriber it renders for a sample recipient named \"Reader\".",
                "Unsubscribe tokens are signed with the TIDINGS_SECRET environment variable; without it they are placeholders."
        })
final class RenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    TidingsCommand parent;

    @Parameters(index = "0", paramLabel = "DIGEST.yaml", description = "The digest to render.")
    Path digestFile;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "out",
            description = "Output directory (default: ${DEFAULT-VALUE}); '-' writes the .eml to stdout.")
    String output;

    @Mixin
    RenderingOptions rendering = new RenderingOptions();

    @Option(names = "--subscriber", paramLabel = "EMAIL", description = "Render for this subscriber of --subscribers.")
    String subscriber;

    @Option(names = "--subscribers", paramLabel = "LIST.csv", description = "The subscriber list that --subscriber is looked up in.")
    Path subscribers;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Preload preload = parent.preload();
        Recipient recipient = RecipientLookup.find(subscriber, subscribers);
        Digest digest = DigestInput.loadValid(digestFile, err, preload, true);
        PreparedIssue issue = new IssueRenderer().prepare(digest, DigestInput.templates(digest, rendering.template, preload),
                DigestInput.unsubscribeLinks(digest, parent.env(DigestInput.SECRET_VARIABLE), err));
        RenderedEmail email = issue.renderOne(recipient);
        Preflight.check(digest, email).forEach(p -> err.println(p.format()));
        // The .eml is what send delivers, signed too when newsletter.dkim is set (so it can be checked before a send).
        OutputFiles files = new OutputFiles(DigestInput.messageBuilder(digest, null, null, null, err));
        if ("-".equals(output)) {
            out.print(files.emlText(digest, email));
            out.flush();
            return 0;
        }
        files.write(outputDirectory(Path.of(output)), digest, email).forEach(line -> out.println(line));
        return 0;
    }

    /**
     * The -o directory, refused up front when a file stands where it or a parent should be: the
     * file system would only say "Not a directory", or just name the path, about a file inside it.
     */
    private static Path outputDirectory(Path dir) {
        for (Path at = dir.toAbsolutePath(); at != null; at = at.getParent()) {
            if (Files.exists(at)) {
                if (!Files.isDirectory(at)) {
                    throw TidingsException.invalidInput(at + ": is a file, not a directory; give -o a directory"
                            + (at.equals(dir.toAbsolutePath()) ? "" : " (it would be made inside this file)") + ", or - for standard output");
                }
                break;
            }
        }
        return dir;
    }
}
