package dev.tidings.cli;

import dev.tidings.ExitStatus;
import dev.tidings.cli.console.ProblemReport;
import dev.tidings.digest.Digest;
import dev.tidings.digest.load.DeliverabilityRules;
import dev.tidings.digest.load.DigestLoader;
import dev.tidings.digest.load.LoadedDigest;
import dev.tidings.digest.Problem;
import dev.tidings.startup.Preload;
import dev.tidings.subscribers.SubscriberListCheck;
import dev.tidings.links.LinkReport;
import dev.tidings.mail.dkim.DkimSetup;
import dev.tidings.render.IssueRenderer;
import dev.tidings.render.Preflight;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;
import dev.tidings.render.TemplateProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tidings validate}: reports every problem of a digest (and a subscriber list) in one run. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        addMethodSubcommands = false, // see TidingsCommand
        description = {
                "Check a digest, and optionally a subscriber list, and report every problem as FILE:LINE:COLUMN: FIELD: MESSAGE.",
                "A valid digest is also rendered and checked as subscribers would receive it: size against Gmail's 102 KB"
                        + " clipping, links present in the plaintext version, unsubscribe link and postal address in both footers.",
                "Warnings (long subject, missing preheader, item without summary, duplicate addresses) do not fail unless --strict is given.",
                "Nothing is requested over the network unless --check-links is given."
        })
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    TidingsCommand parent;

    @Parameters(index = "0", paramLabel = "DIGEST.yaml", description = "The digest to check.")
    Path digest;

    @Option(names = "--subscribers", paramLabel = "LIST.csv", description = "Also check this subscriber list (CSV with an email column).")
    Path subscribers;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text: one line per problem (default); json: a JSON array for scripts.")
    ProblemReport.Format format;

    @Option(names = "--strict", description = "Fail (exit 1) on warnings too: for CI and cron.")
    boolean strict;

    @Mixin
    LinkCheckOptions links;

    @Override
    public Integer call() {
        links.checkOptions();
        PrintWriter out = spec.commandLine().getOut();
        Preload preload = parent.preload();
        LoadedDigest loaded = new DigestLoader(preload.schema()).load(digest);
        LinkReport linkReport = links.check(loaded, parent.terminal(), spec.commandLine().getErr());
        List<Problem> digestProblems = digestProblems(loaded, linkReport, preload);
        List<Problem> problems = new ArrayList<>(digestProblems);
        SubscriberListCheck.Result list = subscribers == null ? null : new SubscriberListCheck().check(subscribers);
        if (list != null) {
            problems.addAll(list.problems());
        }
        long errors = ProblemReport.count(problems, true);
        long warnings = ProblemReport.count(problems, false);
        if (format == ProblemReport.Format.json) {
            ProblemReport.printJson(out, problems);
        } else {
            ProblemReport.printText(out, problems);
            if (linkReport != null) {
                out.println(digest + ": " + linksChecked(linkReport));
            }
            out.println(verdict(digest, digestProblems));
            if (list != null) {
                out.println(verdict(subscribers, list.problems()) + ": " + ProblemReport.counted(list.rows(), "row") + ", " + list.subscribed()
                        + " subscribed, " + list.invalid() + " invalid, " + list.duplicates() + " duplicate");
            }
        }
        boolean failed = errors > 0 || strict && warnings > 0;
        return failed ? ExitStatus.INVALID_INPUT.code() : ExitStatus.OK.code();
    }

    /**
     * The digest's own problems, what spam filters would score in its fields, and its links' (null
     * when not checked) in file order, then the rendered email's.
     */
    private List<Problem> digestProblems(LoadedDigest loaded, LinkReport linkReport, Preload preload) {
        List<Problem> problems = new ArrayList<>(loaded.problems());
        problems.addAll(DeliverabilityRules.of(loaded));
        if (linkReport != null) {
            problems.addAll(linkReport.problems());
        }
        if (loaded.digest() != null) {
            // The no-DKIM warning points at the newsletter: key, the others at the value that is wrong.
            problems.addAll(DkimSetup.check(loaded.digest(),
                    path -> path.equals("newsletter") ? loaded.sourceMap().keyOf(path) : loaded.sourceMap().valueOf(path), !loaded.hasErrors()));
        }
        problems.sort(Problem.IN_FILE_ORDER);
        if (!loaded.hasErrors()) {
            problems.addAll(preflight(loaded, preload));
        }
        return problems;
    }

    /** Renders for a sample recipient and checks what subscribers would receive (size, links, footer). */
    private List<Problem> preflight(LoadedDigest loaded, Preload preload) {
        Digest valid = loaded.valid();
        try {
            PreparedIssue issue = new IssueRenderer().prepare(valid, DigestInput.templates(valid, null, preload),
                    DigestInput.unsubscribeLinks(valid, parent.env(DigestInput.SECRET_VARIABLE), spec.commandLine().getErr()));
            return Preflight.check(valid, issue.renderOne(Recipient.sample()));
        } catch (TemplateProblem e) {
            return List.of(e.problem());
        }
    }

    /** "checked 12 links (15 uses): 1 broken, 2 moved permanently, 0 rate-limited or unavailable" */
    private static String linksChecked(LinkReport report) {
        return "checked " + ProblemReport.counted(report.links(), "link") + " (" + ProblemReport.counted(report.uses(), "use") + "): "
                + report.broken() + " broken, " + report.moved() + " moved permanently, "
                + report.unavailable() + " rate-limited or unavailable";
    }

    private String verdict(Path file, List<Problem> problems) {
        long errors = ProblemReport.count(problems, true);
        long warnings = ProblemReport.count(problems, false);
        String counts = ProblemReport.counted(errors, "error") + ", " + ProblemReport.counted(warnings, "warning");
        if (errors == 0 && strict && warnings > 0) {
            return file + ": invalid (" + counts + "; --strict: warnings fail)";
        }
        return file + ": " + (errors > 0 ? "invalid" : "valid") + " (" + counts + ")";
    }
}
