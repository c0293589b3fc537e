package dev.tidings.cli;

import dev.tidings.TidingsException;
import dev.tidings.cli.console.ProblemReport;
import dev.tidings.digest.Digest;
import dev.tidings.digest.Newsletter;
import dev.tidings.digest.load.DeliverabilityRules;
import dev.tidings.digest.load.DigestLoader;
import dev.tidings.digest.load.Drafts;
import dev.tidings.digest.load.LoadedDigest;
import dev.tidings.digest.Problem;
import dev.tidings.render.BounceToken;
import dev.tidings.mail.dkim.DkimSetup;
import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.render.TemplateSet;
import dev.tidings.render.UnsubscribeLinks;
import dev.tidings.render.UnsubscribeToken;
import dev.tidings.startup.Preload;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.time.Clock;

/** What every command that renders needs first: a valid digest, its theme, its unsubscribe links. */
final class DigestInput {
    static final String SECRET_VARIABLE = "TIDINGS_SECRET";

    private DigestInput() {
    }

    /**
     * The builder of the run's messages, signing them with DKIM when the digest or the options ask
     * for it (a key that cannot be used stops the run here, before anything is built or sent).
     *
     * @param selector {@code --dkim-selector}, or null
     * @param keyFile  {@code --dkim-key}, or null
     * @param bounceTokens what signs each message's VERP token ({@link #bounceTokens}), or null
     */
    static MessageBuilder messageBuilder(Digest digest, String selector, Path keyFile, BounceToken bounceTokens, PrintWriter err) {
        DkimSetup dkim = DkimSetup.of(digest, selector, keyFile);
        if (dkim == null) {
            return new MessageBuilder(Clock.systemUTC(), bounceTokens);
        }
        String exposed = dkim.exposure();
        if (exposed != null) {
            err.println("warning: " + exposed);
        }
        return new MessageBuilder(Clock.systemUTC(), bounceTokens, dkim.signer(Clock.systemUTC()));
    }

    /**
     * Loads the digest; on errors prints every problem exactly as {@code validate} does (to stderr,
     * since here they are diagnostics) and fails with exit 1. Warnings are printed and do not stop.
     */
    static Digest loadValid(Path file, PrintWriter err) {
        return loadValid(file, err, Preload.none());
    }

    static Digest loadValid(Path file, PrintWriter err, Preload preload) {
        return loadValid(file, err, preload, false);
    }

    /**
     * @param deliverability also print what spam filters would score in its fields
     *                       ({@link DeliverabilityRules}): for {@code render}, a pre-flight command as {@code validate} is
     */
    static Digest loadValid(Path file, PrintWriter err, Preload preload, boolean deliverability) {
        return loadChecked(file, err, preload, deliverability).valid();
    }

    /** As {@link #loadValid}, keeping where each field is, for checks that name a line after loading (send's drafts). */
    static LoadedDigest loadChecked(Path file, PrintWriter err, Preload preload, boolean deliverability) {
        LoadedDigest loaded = new DigestLoader(preload.schema()).load(file);
        List<Problem> warned = new ArrayList<>(loaded.problems());
        if (deliverability) {
            warned.addAll(DeliverabilityRules.of(loaded));
            warned.sort(Problem.IN_FILE_ORDER);
        }
        warned.forEach(p -> err.println(p.format()));
        if (loaded.hasErrors()) {
            long errors = loaded.problems().stream().filter(Problem::isError).count();
            long warnings = loaded.problems().size() - errors;
            throw TidingsException.invalidInput(file + ": invalid (" + ProblemReport.counted(errors, "error") + ", "
                    + ProblemReport.counted(warnings, "warning") + "); run 'tidings validate " + file + "' for the same report");
        }
        return loaded;
    }

    /**
     * A digest with an item still marked {@code draft: true} is not sent: its summary is the page's
     * own words, which would go out under the editor's name. Proofs and dry runs are the editor's
     * own look at it, and the sandbox keeps everything on this machine, so they may have drafts.
     */
    static void refuseDrafts(LoadedDigest loaded, String consequence) {
        String refusal = Drafts.refusal(loaded, consequence);
        if (refusal != null) {
            throw TidingsException.invalidInput(refusal);
        }
    }

    /**
     * A digest, or a newsletter settings file alone (what a digest's {@code newsletter: FILE}
     * names; {@code serve} needs only the newsletter). A file without a top-level {@code issue:} is
     * the latter: it is checked as the newsletter of a placeholder issue, so its problems are
     * reported exactly as in a digest, with its own file name and lines.
     */
    static Digest loadValidOrNewsletter(Path file, PrintWriter err, Preload preload) {
        String text;
        try {
            text = java.nio.file.Files.readString(file);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return loadValid(file, err, preload); // the loader reports what is wrong with the file
        }
        if (java.util.regex.Pattern.compile("(?m)^issue\\s*:").matcher(text).find()) {
            return loadValid(file, err, preload);
        }
        Path dir = null;
        try {
            dir = java.nio.file.Files.createTempDirectory("tidings-serve");
            Path digest = dir.resolve("newsletter-only.yaml");
            java.nio.file.Files.writeString(digest, "newsletter: \"" + file.toAbsolutePath().toString().replace("\\", "\\\\")
                    .replace("\"", "\\\"") + "\"\nissue:\n  title: serve\n  date: 2000-01-01\n  items:\n    - title: serve\n"
                    + "      url: https://example.org/\n      summary: serve\n");
            LoadedDigest loaded = new DigestLoader(preload.schema()).load(digest);
            // Only the newsletter's problems: the placeholder issue is ours, and its file is never named.
            List<Problem> problems = loaded.problems().stream().filter(p -> !String.valueOf(p.file()).contains(digest.toString())).toList();
            problems.forEach(p -> err.println(p.format()));
            if (problems.stream().anyMatch(Problem::isError) || loaded.hasErrors()) {
                throw TidingsException.invalidInput(file + ": invalid newsletter settings ("
                        + ProblemReport.counted(problems.stream().filter(Problem::isError).count(), "error") + ")");
            }
            return loaded.valid();
        } catch (java.io.IOException e) {
            throw TidingsException.invalidInput(file + ": cannot check the newsletter file (" + e.getMessage() + ")");
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            java.nio.file.Files.deleteIfExists(dir.resolve("newsletter-only.yaml"));
            java.nio.file.Files.deleteIfExists(dir);
        } catch (java.io.IOException ignored) {
            // a temporary folder left behind
        }
    }

    /** The theme: --template wins, then the digest's template:, then the default. */
    static TemplateSet templates(Digest digest, Path override) {
        return TemplateSet.forDigest(digest, override);
    }

    /** As above, taking the default theme from a preload when the digest uses it. */
    static TemplateSet templates(Digest digest, Path override, Preload preload) {
        if (override == null && digest.template() == null) {
            return preload.defaultTheme();
        }
        return TemplateSet.forDigest(digest, override);
    }

    /**
     * Refuses a TIDINGS_SECRET too weak to sign links that leave this machine ({@link
     * UnsubscribeToken#weakness}), saying how to make one. Never names the secret itself.
     *
     * @param consequence what the refusal means, e.g. "nothing was sent"
     */
    static void requireStrongSecret(String secret, String consequence) {
        String weakness = UnsubscribeToken.weakness(secret);
        if (weakness != null) {
            throw TidingsException.invalidInput(weakSecret(weakness) + "; " + consequence);
        }
    }

    /**
     * A secret given for real mail must be strong enough to sign its links (the URL's {token}, the
     * mailto's subject). Without one the links carry placeholder tokens, which only a mail catcher
     * may receive: the send checks the relay's greeting ({@code PlaceholderTokens}).
     */
    static void requireStrongSecretForRealMail(Digest digest, String secret) {
        String url = digest.newsletter().unsubscribe().url();
        boolean signs = url != null && (url.contains("{token}") || url.contains("{subscriber}"))
                || digest.newsletter().unsubscribe().mailto() != null;
        if (secret != null && signs) {
            requireStrongSecret(secret, "nothing was sent");
        }
    }

    /**
     * What signs the {@code {token}} of a VERP bounce address, or null when the digest has none.
     * Such an address needs the secret: without it the token could not be checked when the bounce
     * comes back (and a placeholder would reach the relay), so nothing is sent. Never names the secret.
     */
    static BounceToken bounceTokens(Digest digest, String secret) {
        String bounce = digest.newsletter().bounceAddress();
        if (bounce == null || !bounce.contains(Newsletter.BOUNCE_TOKEN)) {
            return null;
        }
        if (secret == null || secret.isEmpty()) {
            throw TidingsException.invalidInput(digest.source() + ": newsletter.bounce_address " + bounce + " has "
                    + Newsletter.BOUNCE_TOKEN + ", which is signed with " + SECRET_VARIABLE + ", and it is not set; make one with"
                    + " 'tidings secret' and set it in the environment of send and unsubscribes (or remove " + Newsletter.BOUNCE_TOKEN
                    + "); nothing was sent");
        }
        requireStrongSecret(secret, "nothing was sent");
        return BounceToken.withSecret(secret);
    }

    /** The one sentence for a weak secret: the rule, why, and how to make one. */
    static String weakSecret(String weakness) {
        return SECRET_VARIABLE + " " + weakness + ": a secret that signs unsubscribe links needs 128 bits, or whoever has one"
                + " link can work it out and forge links for every address; make one with 'tidings secret' and give your"
                + " unsubscribe page the same (links already sent with the old"
                + " secret stop verifying)";
    }

    /** Unsubscribe links signed with TIDINGS_SECRET, or placeholder tokens (with a warning) without it. */
    static UnsubscribeLinks unsubscribeLinks(Digest digest, String secret, PrintWriter err) {
        UnsubscribeLinks links = UnsubscribeLinks.forDigest(digest, secret);
        if (links.tokensArePlaceholders()) {
            err.println("warning: " + SECRET_VARIABLE + " is not set; unsubscribe links carry the placeholder token "
                    + UnsubscribeToken.PLACEHOLDER);
        }
        return links;
    }
}
