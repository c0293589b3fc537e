package dev.tidings.cli;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.util.Map;

/** Builds the command line, runs one invocation, and maps every outcome to a documented exit code. */
public final class TidingsCli {
    private TidingsCli() {
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, System.getenv(), Terminal.system(), args);
    }

    /** Runs with the given environment instead of the process's: how tests pass TIDINGS_SECRET and the like. */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> environment, String... args) {
        return run(out, err, environment, Terminal.none(), args);
    }

    /** Runs with a given environment and terminal: tests use it to answer the confirmation prompt. */
    static int run(PrintWriter out, PrintWriter err, Map<String, String> environment, Terminal terminal, String... args) {
        CommandLine commandLine = create(out, err, environment, terminal);
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine create(PrintWriter out, PrintWriter err, Map<String, String> environment, Terminal terminal) {
        CommandLine commandLine = new CommandLine(new TidingsCommand(environment, terminal));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(TidingsCli::usageError);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> failure(e, cmd));
        ExitCodes.document(commandLine);
        return commandLine;
    }

    /** Usage mistakes: one line saying what is wrong, one saying where help is. Exit 2. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("tidings: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run 'tidings help " + commandPath(cmd) + "' for usage.");
        return ExitStatus.USAGE.code();
    }

    private static int failure(Exception e, CommandLine cmd) {
        PrintWriter err = cmd.getErr();
        if (e instanceof TidingsException tidings) {
            err.println("tidings: " + tidings.getMessage());
            return tidings.status().code();
        }
        // A bug, not bad input: say so in one line; the trace is for whoever debugs it.
        err.println("tidings: internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + " (please report it; set TIDINGS_DEBUG=1 to see the stack trace)");
        if (System.getenv("TIDINGS_DEBUG") != null) {
            e.printStackTrace(err);
        }
        return ExitStatus.INTERNAL_ERROR.code();
    }

    private static String commandPath(CommandLine cmd) {
        String qualified = cmd.getCommandSpec().qualifiedName(" ");
        int space = qualified.indexOf(' ');
        return space < 0 ? "" : qualified.substring(space + 1);
    }
}
