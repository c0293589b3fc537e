package dev.tidings.digest;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;

/** An input file that cannot be used at all, with the one located problem that says why. */
public class ProblemException extends TidingsException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(ExitStatus.INVALID_INPUT, problem.format());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
