package dev.tidings.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The top-level {@code tidings} command: only a home for the subcommands and the shared help. */
@Command(name = "tidings",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Compose, check, preview and send a curated newsletter written as a YAML digest.",
        subcommands = {
                ValidateCommand.class,
                SchemaCommand.class,
                HelpCommand.class,
        },
        footerHeading = "%n",
        footer = {
                "Run 'tidings help COMMAND' for a command's options.",
                "Docs: README.md (digest format, exit codes, templates)."
        })
public final class TidingsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
