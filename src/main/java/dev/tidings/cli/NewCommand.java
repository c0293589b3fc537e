package dev.tidings.cli;

import dev.tidings.AtomicFile;
import dev.tidings.TidingsException;
import dev.tidings.digest.load.IssueSeries;
import dev.tidings.digest.load.NextIssue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Callable;

/**
 * {@code tidings new [FOLDER | ISSUE.yaml]}: the next issue from the latest (issue 18, finding 6).
 * Run in the folder {@code init} made, it finds the latest issue in {@code issues/} and writes the
 * next one beside it; the work is {@link IssueSeries} and {@link NextIssue}.
 */
@Command(name = "new",
        mixinStandardHelpOptions = true,
        addMethodSubcommands = false, // see TidingsCommand
        description = {
                "Make the next issue from the latest one: the next id and #number, today's date, one placeholder item in"
                        + " place of the items, and everything else kept as written (the newsletter file, author, sections,"
                        + " call-outs, intro, closing, comments).",
                "The latest is the issue whose id ends in the highest number (then the latest date) in FOLDER/issues, or"
                        + " in FOLDER itself when it has no issues/. The new file goes beside it, named by its id; nothing is overwritten."
        })
final class NewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FOLDER|ISSUE.yaml",
            description = "The newsletter folder (default: the current one), or the issue to start from.")
    Path from;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The new issue's date (default: today).")
    LocalDate date;

    private final Clock clock;

    NewCommand() {
        this(Clock.systemDefaultZone());
    }

    NewCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        IssueSeries.Entry latest = latest(from == null ? Path.of("") : from);
        NextIssue.Made next = NextIssue.after(latest, date != null ? date : LocalDate.now(clock));
        if (Files.exists(next.file(), LinkOption.NOFOLLOW_LINKS)) {
            throw TidingsException.invalidInput(next.file() + " already exists; tidings new overwrites nothing: edit that"
                    + " issue, or move it away and run tidings new again");
        }
        try {
            AtomicFile.write(next.file(), next.text().getBytes(StandardCharsets.UTF_8), AtomicFile.Permissions.sameAs(latest.file()));
        } catch (IOException e) {
            throw TidingsException.invalidInput(next.file() + ": cannot write (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("made " + next.file() + " (issue " + next.id() + ", " + (date != null ? date : LocalDate.now(clock))
                + ") from " + latest.file() + ":");
        next.notes().forEach(note -> out.println("  " + note));
        out.println("next: replace the placeholder item and edit the rest, then: tidings preview " + next.file() + " --open");
        out.flush();
        return 0;
    }

    private static IssueSeries.Entry latest(Path from) {
        if (Files.isRegularFile(from)) {
            IssueSeries.Entry entry = IssueSeries.read(from);
            if (entry == null) {
                throw TidingsException.invalidInput(from + ": not an issue (it has no issue:); name an issue, or the newsletter folder");
            }
            return entry;
        }
        if (!Files.isDirectory(from)) {
            throw TidingsException.invalidInput((from.toString().isEmpty() ? "." : from) + ": no such folder or issue");
        }
        Path issues = from.resolve("issues");
        return IssueSeries.latest(Files.isDirectory(issues) ? issues : from);
    }
}
