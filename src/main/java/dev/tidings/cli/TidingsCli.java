package dev.tidings.cli;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import dev.tidings.cli.console.Terminal;
import dev.tidings.digest.load.Levenshtein;
import dev.tidings.startup.Preload;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.util.List;
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
        CommandLine commandLine = create(out, err, environment, terminal, args);
        try {
            return commandLine.execute(args);
        } catch (Error e) {
            // picocli hands exceptions to the handler below and lets Errors through: without this, an
            // out-of-memory error would end the process with a JVM stack trace instead of one line.
            return failure(e, commandLine);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * The subcommands, in the order help lists them. Building picocli's model of a command costs
     * reflection over its annotations, a few milliseconds each in a cold JVM; a run that names its
     * command gets that one only (see {@link #create}).
     */
    private static final List<String> SUBCOMMANDS = List.of("init", "new", "add", "validate", "render", "send", "status", "archive", "unsubscribes",
            "subscribers", "serve", "preview", "sandbox", "unsubscribe-token", "secret", "dkim", "theme", "schema", "help");

    /** A switch rather than a map of constructor references: a dozen lambdas linked in a cold JVM cost ~10 ms. */
    private static Object newSubcommand(String name) {
        return switch (name) {
            case "init" -> new InitCommand();
            case "new" -> new NewCommand();
            case "add" -> new AddCommand();
            case "validate" -> new ValidateCommand();
            case "render" -> new RenderCommand();
            case "send" -> new SendCommand();
            case "status" -> new StatusCommand();
            case "archive" -> new ArchiveCommand();
            case "unsubscribes" -> new UnsubscribesCommand();
            case "subscribers" -> new SubscribersCommand();
            case "serve" -> new ServeCommand();
            case "preview" -> new PreviewCommand();
            case "sandbox" -> new SandboxCommand();
            case "unsubscribe-token" -> new UnsubscribeTokenCommand();
            case "secret" -> new SecretCommand();
            case "dkim" -> new DkimCommand();
            case "theme" -> new ThemeCommand();
            case "schema" -> new SchemaCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    /** The whole command tree, for help, completion scripts and the like. */
    public static CommandLine full() {
        return create(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(), Terminal.system());
    }

    static CommandLine create(PrintWriter out, PrintWriter err, Map<String, String> environment, Terminal terminal) {
        return create(out, err, environment, terminal, new String[0]);
    }

    /**
     * The command line for these arguments: with only the named subcommand when the first
     * argument names one (every option of it works, and its --help), with all of them otherwise
     * (no command, help, a mistyped name that deserves suggestions).
     */
    static CommandLine create(PrintWriter out, PrintWriter err, Map<String, String> environment, Terminal terminal, String[] args) {
        TidingsCommand top = new TidingsCommand(environment, terminal);
        top.preload(Preload.forArguments(args)); // first: it works while picocli builds its model
        CommandLine commandLine = new CommandLine(top);
        String named = args.length > 0 ? args[0] : null;
        if (named != null && SUBCOMMANDS.contains(named) && !named.equals("help")) {
            commandLine.addSubcommand(named, newSubcommand(named));
        } else {
            for (String name : SUBCOMMANDS) {
                commandLine.addSubcommand(name, newSubcommand(name));
            }
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setHelpFactory(WordWrappedHelp.Factory.INSTANCE); // lines break at spaces only
        commandLine.setParameterExceptionHandler(ErrorHandler.INSTANCE);
        commandLine.setExecutionExceptionHandler(ErrorHandler.INSTANCE);
        ExitCodes.document(commandLine);
        return commandLine;
    }

    /**
     * Both error handlers as one named class, not lambdas: picocli's interfaces are compiled for
     * Java 5, and JDK 17 can neither archive a lambda that implements one (each is spun at run
     * time, ~1 ms apiece in a cold JVM) nor always dump an archive whose class list holds several:
     * two such lambdas at one more call site made {@code -Xshare:dump} crash (JDK-8274944, fixed in 18).
     */
    private static final class ErrorHandler implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
        static final ErrorHandler INSTANCE = new ErrorHandler();

        @Override
        public int handleParseException(ParameterException e, String[] args) {
            return usageError(e, args);
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
            return failure(e, cmd);
        }
    }

    /** Usage mistakes: one line saying what is wrong, one saying where help is. Exit 2. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String path = commandPath(cmd);
        String typed = typedCommand(args);
        if (path.isEmpty() && typed != null) {
            err.println("tidings: unknown command '" + typed + "'" + closestCommand(typed));
        } else {
            err.println("tidings: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        }
        err.println(path.isEmpty() ? "Run 'tidings --help' for the commands." : "Run 'tidings help " + path + "' for usage.");
        return ExitStatus.USAGE.code();
    }

    /**
     * The command name the user typed: the first argument, or the one after {@code help}, whose
     * unknown name picocli reports as a mistake of {@code help} itself (which gave "unknown command
     * 'help'; did you mean 'help'?"). Null when the first argument is an option.
     */
    private static String typedCommand(String[] args) {
        if (args.length == 0 || args[0].startsWith("-")) {
            return null;
        }
        if (args[0].equals("help") && args.length > 1 && !args[1].startsWith("-")) {
            return args[1];
        }
        return args[0];
    }

    /**
     * "; did you mean 'send'?" for a command name one or two edits away from a real one: the
     * nearest, and of two as near the one as long as what was typed, so that 'sned' (two letters
     * swapped) is 'send' and not 'new' (also two edits away).
     */
    private static String closestCommand(String typed) {
        String best = null;
        int bestDistance = 3;
        for (String name : SUBCOMMANDS) {
            int distance = Levenshtein.distance(typed, name);
            if (distance < bestDistance || distance == bestDistance && best != null
                    && name.length() == typed.length() && best.length() != typed.length()) {
                best = name;
                bestDistance = distance;
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    private static int failure(Throwable e, CommandLine cmd) {
        PrintWriter err = cmd.getErr();
        if (e instanceof TidingsException tidings) {
            err.println("tidings: " + tidings.getMessage());
            return tidings.status().code();
        }
        // A bug, not bad input: say so in one line; the trace is for whoever debugs it.
        err.println("tidings: internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + " (please report it; set TIDINGS_DEBUG=1 to see the stack trace)");
        if (debugging(cmd)) {
            e.printStackTrace(err);
        }
        return ExitStatus.INTERNAL_ERROR.code();
    }

    /** TIDINGS_DEBUG set (even empty) in the environment this run was given, not necessarily the process's. */
    private static boolean debugging(CommandLine cmd) {
        CommandLine top = cmd;
        while (top.getParent() != null) {
            top = top.getParent();
        }
        return top.getCommand() instanceof TidingsCommand tidings && tidings.isSet("TIDINGS_DEBUG");
    }

    private static String commandPath(CommandLine cmd) {
        String qualified = cmd.getCommandSpec().qualifiedName(" ");
        int space = qualified.indexOf(' ');
        return space < 0 ? "" : qualified.substring(space + 1);
    }
}
