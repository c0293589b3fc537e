package dev.tidings.cli;

import dev.tidings.digest.load.DigestSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tidings schema}: the digest format as a JSON Schema, for editors' YAML completion. */
@Command(name = "schema",
        mixinStandardHelpOptions = true,
        addMethodSubcommands = false, // see TidingsCommand
        description = {
                "Print the JSON Schema (draft 2020-12) of the digest format.",
                "Save it and point your editor at it, e.g. the first line of a digest:",
                "  # yaml-language-server: $schema=./digest.schema.json"
        })
final class SchemaCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(new DigestSchema().publishedText());
        spec.commandLine().getOut().flush();
    }
}
