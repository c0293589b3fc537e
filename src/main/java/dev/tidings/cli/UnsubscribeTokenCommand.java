package dev.tidings.cli;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import dev.tidings.render.UnsubscribeToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tidings unsubscribe-token}: the tokens of unsubscribe links, for the web endpoint that
 * receives them. {@code verify EMAIL TOKEN} exits 0 when the token is genuine and 1 when not, so
 * a CGI script or a small handler can shell out to it; the secret comes from TIDINGS_SECRET.
 */
@Command(name = "unsubscribe-token",
        mixinStandardHelpOptions = true,
        description = {
                "Make or check the {token} of unsubscribe links: HMAC-SHA256 of the lower-cased address, keyed with TIDINGS_SECRET.",
                "  tidings unsubscribe-token verify EMAIL TOKEN   exit 0 when genuine, 1 when not (constant-time comparison)",
                "  tidings unsubscribe-token make EMAIL           print the token (the secret must be 32 characters or more)"
        })
final class UnsubscribeTokenCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @ParentCommand
    TidingsCommand parent;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Exit 0 when TOKEN is the genuine token of EMAIL, 1 when not.")
    int verify(@Parameters(paramLabel = "EMAIL") String email, @Parameters(paramLabel = "TOKEN") String token) {
        String weakness = UnsubscribeToken.weakness(secret());
        if (weakness != null) {
            // Still verified: refusing would leave the links already sent unable to unsubscribe anyone.
            spec.commandLine().getErr().println("warning: " + DigestInput.weakSecret(weakness));
        }
        boolean genuine = tokens().verify(email.strip(), token.strip());
        spec.commandLine().getOut().println(genuine ? "valid" : "invalid");
        return genuine ? ExitStatus.OK.code() : ExitStatus.INVALID_INPUT.code();
    }

    @Command(name = "make", mixinStandardHelpOptions = true, description = "Print the token of EMAIL.")
    int make(@Parameters(paramLabel = "EMAIL") String email) {
        DigestInput.requireStrongSecret(secret(), "no token was made");
        spec.commandLine().getOut().println(tokens().tokenFor(email.strip()));
        return ExitStatus.OK.code();
    }

    private UnsubscribeToken tokens() {
        return UnsubscribeToken.withSecret(secret());
    }

    private String secret() {
        String secret = parent.env(DigestInput.SECRET_VARIABLE);
        if (secret == null) {
            throw TidingsException.usage(DigestInput.SECRET_VARIABLE + " is not set: it is the secret the tokens are made with");
        }
        return secret;
    }
}
