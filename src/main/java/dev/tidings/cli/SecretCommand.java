package dev.tidings.cli;

import dev.tidings.render.UnsubscribeToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tidings secret}: a new TIDINGS_SECRET, on one line of stdout and nothing else, so that
 * {@code export TIDINGS_SECRET=$(tidings secret)} or {@code tidings secret >> secrets.env} work
 * as they stand. Issue 18: nothing made a secret, and the README sent readers to openssl.
 */
@Command(name = "secret",
        mixinStandardHelpOptions = true,
        addMethodSubcommands = false, // see TidingsCommand
        description = {
                "Print a new secret for TIDINGS_SECRET (256 random bits, base64url, 43 characters), the key that signs"
                        + " unsubscribe links; your unsubscribe page needs the same one.",
                "E.g. echo \"export TIDINGS_SECRET=$(tidings secret)\" >> secrets.env"
        })
final class SecretCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println(UnsubscribeToken.newSecret());
        spec.commandLine().getOut().flush();
    }
}
