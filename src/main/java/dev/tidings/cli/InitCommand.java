package dev.tidings.cli;

import dev.tidings.AtomicFile;
import dev.tidings.TidingsException;
import dev.tidings.render.UnsubscribeToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tidings init DIR}: a newsletter folder that validates, previews and sends at once (issue 18,
 * finding 6: a new editor had nothing to start from but the sample). It never overwrites: when any
 * file it would write is there already, it writes none.
 */
@Command(name = "init",
        mixinStandardHelpOptions = true,
        addMethodSubcommands = false, // see TidingsCommand
        description = {
                "Make a new newsletter folder: newsletter.yaml (the sender, shared by every issue), issues/" + InitCommand.FIRST_ID
                        + ".yaml (a first issue showing every feature, commented), subscribers.csv, secrets.env (a new"
                        + " TIDINGS_SECRET, readable only by you) and .gitignore; then print the next steps.",
                "Nothing is overwritten: if any of these files exists, none is written."
        })
final class InitCommand implements Callable<Integer> {
    static final String FIRST_ID = "issue-1";
    private static final String RESOURCES = "/dev/tidings/cli/init/";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The folder to make (or an empty one).")
    Path dir;

    @Option(names = "--language", paramLabel = "TAG", defaultValue = "en",
            description = "The newsletter's language, a BCP 47 tag (de, pt-BR, ja, zh-Hans, ar): the theme's words and dates"
                    + " (README: Languages). Default: ${DEFAULT-VALUE}.")
    String language;

    private final Clock clock;

    InitCommand() {
        this(Clock.systemDefaultZone());
    }

    InitCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        String problem = dev.tidings.digest.load.LanguageRules.tagProblem(language);
        if (problem != null) {
            throw TidingsException.usage("--language: " + problem);
        }
        Map<String, String> files = files(LocalDate.now(clock), language);
        for (String name : files.keySet()) {
            if (Files.exists(dir.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw TidingsException.invalidInput(dir.resolve(name) + " already exists; init overwrites nothing and wrote"
                        + " nothing: give a new or empty folder");
            }
        }
        files.forEach(this::write);
        nextSteps(spec.commandLine().getOut());
        return 0;
    }

    /** What init writes, by path under DIR, in the order it writes them (secrets.env last of the shared ones). */
    private static Map<String, String> files(LocalDate today, String language) {
        LocalDate event = today.plusWeeks(2);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("newsletter.yaml", resource("newsletter.yaml").replace("\nlanguage: en\n", "\nlanguage: " + language + "\n"));
        files.put("issues/" + FIRST_ID + ".yaml", resource("issue.yaml").replace("{{id}}", FIRST_ID)
                .replace("{{date}}", today.toString())
                .replace("{{event_start}}", event + "T18:00:00Z").replace("{{event_end}}", event + "T19:30:00Z"));
        files.put("subscribers.csv", resource("subscribers.csv"));
        files.put(".gitignore", resource("gitignore"));
        files.put("secrets.env", "# Read by: . ./secrets.env   (kept out of git by .gitignore; readable only by you)\n"
                + "# The key that signs unsubscribe links: give your unsubscribe page the same, and keep it; a new one\n"
                + "# makes the links of every issue already sent fail. Make another with: tidings secret\n"
                + "export TIDINGS_SECRET=" + UnsubscribeToken.newSecret() + "\n");
        return files;
    }

    private void write(String name, String content) {
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(file.getParent());
            // The secret is readable only by its owner from the first byte, whatever the umask.
            AtomicFile.Permissions permissions = name.equals("secrets.env") ? AtomicFile.Permissions.exactly("rw-------")
                    : AtomicFile.Permissions.ofAnyNewFile();
            AtomicFile.write(file, content.getBytes(StandardCharsets.UTF_8), permissions);
        } catch (IOException e) {
            throw TidingsException.invalidInput(file + ": cannot write (" + TidingsException.reason(e) + ")");
        }
    }

    private void nextSteps(PrintWriter out) {
        String issue = "issues/" + FIRST_ID + ".yaml";
        out.println("made " + dir + ": newsletter.yaml, " + issue + ", subscribers.csv, secrets.env, .gitignore");
        out.println("next, in " + dir + ":");
        out.println("  tidings validate " + issue + " --subscribers subscribers.csv          # check it");
        out.println("  tidings preview " + issue + " --subscribers subscribers.csv --open    # see it, live as you edit");
        out.println("  tidings send " + issue + " --subscribers subscribers.csv --smtp sandbox   # rehearse; nothing leaves");
        out.println("  . ./secrets.env && tidings send " + issue + " --subscribers subscribers.csv --smtp smtp://USER@RELAY:587");
        out.println("then put that last line in cron with --yes (README: From cron); give your unsubscribe page the secret in secrets.env");
        out.flush();
    }

    private static String resource(String name) {
        try (InputStream in = InitCommand.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCES + name + " from the jar", e);
        }
    }
}
