package dev.tidings.subscribers;

import dev.tidings.digest.FieldChecks;
import dev.tidings.digest.Problem;
import dev.tidings.digest.ProblemException;
import dev.tidings.digest.SourcePosition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates a whole subscriber list in one streaming pass: every invalid row is an error with its
 * line; a repeated address (compared ignoring case) is a warning naming both lines, since sending
 * delivers one copy anyway. Reporting stops after {@link #MAX_REPORTED} problems so that a
 * million bad rows cannot exhaust memory; the summary still counts them all.
 */
public final class SubscriberListCheck {
    static final int MAX_REPORTED = 1000;

    /** What the check found. */
    public record Result(List<Problem> problems, long rows, long invalid, long duplicates, long subscribed) {
        public boolean hasErrors() {
            return invalid > 0 || problems.stream().anyMatch(Problem::isError);
        }
    }

    public Result check(Path list) {
        String file = list.toString();
        List<Problem> problems = new ArrayList<>();
        long rows = 0;
        long invalid = 0;
        long duplicates = 0;
        long subscribed = 0;
        long formulas = 0;
        SeenAddresses seen = new SeenAddresses();
        try (SubscriberReader reader = new SubscriberReader(list)) {
            for (SubscriberRow row = reader.next(); row != null; row = reader.next()) {
                rows++;
                if (!row.valid()) {
                    invalid++;
                    for (SubscriberRow.RowProblem problem : row.problems()) {
                        report(problems, Problem.error(new SourcePosition(file, row.line(), 0), problem.column(), problem.message()));
                    }
                    continue;
                }
                Subscriber subscriber = row.subscriber();
                int first = seen.firstLineOf(subscriber.key(), row.line());
                if (first != 0) {
                    duplicates++;
                    report(problems, Problem.warning(new SourcePosition(file, row.line(), 0), "",
                            "duplicate of line " + first + " (" + subscriber.email()
                                    + "; addresses are compared ignoring case); it receives one copy"));
                } else if (subscriber.status() == SubscriberStatus.SUBSCRIBED) {
                    subscribed++;
                }
                formulas += formulas(problems, new SourcePosition(file, row.line(), 0), subscriber);
            }
        } catch (ProblemException e) {
            problems.add(e.problem());
        }
        long reported = problems.size();
        long total = invalid + duplicates + formulas;
        if (total > reported && reported >= MAX_REPORTED) {
            problems.add(Problem.warning(SourcePosition.wholeFile(file), "",
                    "... and " + (total - reported) + " more problems not listed"));
        }
        return new Result(problems, rows, invalid, duplicates, subscribed);
    }

    /**
     * A name or address that a spreadsheet would run as a formula is a warning, not an error: in the
     * email it is only text, and names like "-Ann" or "+1 club" exist; the danger is to whoever
     * opens the list in a spreadsheet. {@code subscribers add} refuses such values outright.
     */
    private static int formulas(List<Problem> problems, SourcePosition at, Subscriber subscriber) {
        int found = 0;
        String[][] values = {{"email", subscriber.email()}, {"name", subscriber.name()}};
        for (String[] value : values) {
            String problem = FieldChecks.spreadsheetFormulaProblem(value[1]);
            if (problem != null) {
                report(problems, Problem.warning(at, value[0], problem + "; if it is not genuine, correct or remove the row"
                        + " (tidings sends it as plain text either way)"));
                found++;
            }
        }
        return found;
    }

    private static void report(List<Problem> problems, Problem problem) {
        if (problems.size() < MAX_REPORTED) {
            problems.add(problem);
        }
    }
}
