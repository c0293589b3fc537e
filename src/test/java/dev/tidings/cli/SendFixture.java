package dev.tidings.cli;

import dev.tidings.cli.console.Terminal;
import dev.tidings.mail.ledger.LedgerView;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One project directory for an end-to-end send test: a copy of the sample digest (so that its
 * .tidings/ ledger and suppression file are the test's own), subscriber lists, and ways to run
 * {@code tidings send}/{@code status} in-process with a chosen environment or in a child JVM.
 */
public final class SendFixture {
    public static final String ISSUE = "social-learning-2";
    public static final String SECRET = "test-secret-for-unsubscribe-tokens";
    public static final Path SAMPLE_DIGEST = Path.of("samples/social-learning-2.yaml");
    public static final Path SAMPLE_LIST = Path.of("samples/subscribers.csv");

    private final Path dir;
    private final Path digest;

    public SendFixture(Path dir) {
        this.dir = dir;
        this.digest = dir.resolve("digest.yaml");
        try {
            Files.copy(SAMPLE_DIGEST, digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() {
        return dir;
    }

    Path digest() {
        return digest;
    }

    Path ledgerFile() {
        return dir.resolve(".tidings").resolve("ledger.db");
    }

    LedgerView ledger() {
        return new LedgerView(ledgerFile());
    }

    Path suppressionFile() {
        return dir.resolve(".tidings").resolve("suppressed.txt");
    }

    String suppressed() {
        try {
            return Files.exists(suppressionFile()) ? Files.readString(suppressionFile()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file in the project directory with this content. */
    public Path file(String name, String content) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A list of n subscribers reader0001@example.org ... with names "Reader 1" ... */
    public Path generatedList(String name, int n) {
        Path file = dir.resolve(name);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("email,name,status\n");
            for (int i = 1; i <= n; i++) {
                out.write(address(i) + ",Reader " + i + ",subscribed\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public static String address(int i) {
        return String.format(Locale.ROOT, "reader%04d@example.org", i);
    }

    public static List<String> addresses(int n) {
        List<String> addresses = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            addresses.add(address(i));
        }
        return addresses;
    }

    /** The environment of a real send: TIDINGS_SECRET set, nothing else. */
    public static Map<String, String> env() {
        return Map.of("TIDINGS_SECRET", SECRET);
    }

    public static Map<String, String> env(String name, String value) {
        Map<String, String> env = new HashMap<>(env());
        env.put(name, value);
        return env;
    }

    /** {@code tidings send DIGEST --subscribers LIST ARGS} with TIDINGS_SECRET set and no terminal. */
    CliRun send(Path list, String... args) {
        return sendWith(env(), list, args);
    }

    CliRun sendWith(Map<String, String> env, Path list, String... args) {
        return CliRun.withEnv(env, sendArgs(list, args));
    }

    /** The same with a terminal that answers the confirmation prompt (null: end of input). */
    CliRun sendAnswering(String answer, List<String> prompts, Path list, String... args) {
        Terminal terminal = new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String ask(String prompt) {
                prompts.add(prompt);
                return answer;
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TidingsCli.run(new PrintWriter(out, true), new PrintWriter(err, true), env(), terminal, sendArgs(list, args));
        return new CliRun(code, out.toString(), err.toString());
    }

    CliRun status(String... args) {
        List<String> all = new ArrayList<>(List.of("status", digest.toString()));
        all.addAll(List.of(args));
        return CliRun.withEnv(env(), all.toArray(String[]::new));
    }

    public String[] sendArgs(Path list, String... args) {
        List<String> all = new ArrayList<>(List.of("send", digest.toString()));
        if (list != null) {
            all.add("--subscribers");
            all.add(list.toString());
        }
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    // --- child JVMs ----------------------------------------------------------------------------

    /** The class path of this test run (target/classes first), for a child JVM that runs the real Main. */
    public static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** A child JVM running {@code dev.tidings.Main} in this directory, with this environment only (plus PATH). */
    public ProcessBuilder childJvm(List<String> jvmOptions, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // sqlite-jdbc extracts its native library into its temporary directory and deletes it at exit,
        // which a child killed with SIGKILL never reaches: its copy stays with the test's files, not in /tmp
        Path sqliteTemporary = dir.resolve(".sqlite-tmp");
        try {
            Files.createDirectories(sqliteTemporary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        command.add("-Dorg.sqlite.tmpdir=" + sqliteTemporary);
        command.addAll(jvmOptions); // after ours: a test may set its own
        command.add("-cp");
        command.add(testClassPath());
        command.add("dev.tidings.Main");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
        builder.environment().putAll(env);
        return builder;
    }
}
