package dev.tidings.cli;

import dev.tidings.cli.console.Terminal;
import dev.tidings.mail.LedgerStore;
import dev.tidings.mail.ledger.SqliteLedgerStore;
import dev.tidings.startup.Preload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Map;

/**
 * The top-level {@code tidings} command: a home for the subcommands (registered by
 * {@link TidingsCli}, only the one that runs when a command is named), and the holder of the
 * process environment, which subcommands read through it so that tests can supply their own.
 */
@Command(name = "tidings",
        mixinStandardHelpOptions = true,
        addMethodSubcommands = false, // no @Command methods: spares picocli a reflective scan of every method (~10 ms of a cold start)
        versionProvider = VersionProvider.class,
        description = "Compose, check, preview and send a curated newsletter written as a YAML digest.",
        footerHeading = "%n",
        footer = {
                "Run 'tidings help COMMAND' for a command's options.",
                "Docs: README.md (digest format, exit codes, templates)."
        })
public final class TidingsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;
    private final Terminal terminal;

    public TidingsCommand() {
        this(System.getenv(), Terminal.system());
    }

    TidingsCommand(Map<String, String> environment, Terminal terminal) {
        this.environment = Map.copyOf(environment);
        this.terminal = terminal;
    }

    Terminal terminal() {
        return terminal;
    }

    private Preload preload = Preload.none();

    void preload(Preload started) {
        this.preload = started;
    }

    /** What was prepared in the background for this run (the schema, the default theme...). */
    Preload preload() {
        return preload;
    }

    /**
     * Where send ledgers are kept: SQLite files. The one place a command chooses the store; another
     * store (docs/architecture.md) is wired here.
     */
    LedgerStore ledgers() {
        return LEDGERS;
    }

    private static final LedgerStore LEDGERS = new SqliteLedgerStore();

    /** An environment variable, or null. Secrets come only from here or from files, never from arguments. */
    String env(String name) {
        String value = environment.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** Whether the variable is set at all, even to the empty string (TIDINGS_DEBUG= asks for stack traces too). */
    boolean isSet(String name) {
        return environment.containsKey(name);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
