package dev.tidings.cli;

import dev.tidings.Deadlines;
import dev.tidings.cli.console.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No stack trace anywhere, ever (issue 18, item 8): every command and subcommand of the picocli
 * spec is run into every bad input it takes and, if it listens, into a port already taken. Each
 * argument of type Path gets, in turn: a missing file, a directory where a file is expected (a file
 * where a directory is), a file it may not read (mode 000; held to it as root, see
 * {@link AsFileOwner}), binary bytes, and Latin-1 text where UTF-8 is expected; each option naming a
 * port, a port held by this test. Required: no "Exception", "\tat " or "Caused by" in anything
 * printed, even by another thread; an exit code the README documents (70 is a bug); and a failure
 * names the file or port. A command in the spec without a case here fails the test: new commands
 * are swept as soon as they exist. All cases run in one child JVM ({@link SweepChild}).
 */
class NoStackTraceIT {
    /**
     * A valid command line per command (its path), without its optional file options, which the
     * sweep adds one at a time. {NAME} is a positional path parameter by label, or a required path
     * option by name, that the sweep fills with a good file or a bad one.
     */
    private static final Map<String, List<String>> BASES = new LinkedHashMap<>();

    static {
        BASES.put("init", List.of("init", "{DIR}"));
        BASES.put("new", List.of("new", "{FOLDER|ISSUE.yaml}", "--date", "2026-12-17"));
        BASES.put("validate", List.of("validate", "{DIGEST.yaml}"));
        BASES.put("render", List.of("render", "{DIGEST.yaml}", "--subscriber", SendFixture.address(1)));
        // the sandbox inside tidings accepts every message: a run that gets past its files ends well, offline
        BASES.put("send", List.of("send", "{DIGEST.yaml}", "--subscribers", "{--subscribers}", "--smtp", "sandbox", "--yes"));
        BASES.put("status", List.of("status", "{DIGEST.yaml}"));
        // the digest is read before any page is fetched: a bad --to is named, and the closed port is never asked
        BASES.put("add", List.of("add", "--to", "{--to}", "http://127.0.0.1:{CLOSED}/page"));
        BASES.put("archive", List.of("archive", "{DIGEST.yaml}", "--base-url", "https://example.org/archive/"));
        BASES.put("unsubscribes", List.of("unsubscribes", "--imap", "imap://user@127.0.0.1:{CLOSED}/INBOX", "--timeout", "5"));
        BASES.put("subscribers add", List.of("subscribers", "add", "new@example.org", "--subscribers", "{--subscribers}"));
        BASES.put("subscribers remove", List.of("subscribers", "remove", SendFixture.address(1), "--subscribers", "{--subscribers}"));
        BASES.put("subscribers unsubscribe", List.of("subscribers", "unsubscribe", SendFixture.address(1), "--subscribers", "{--subscribers}"));
        BASES.put("subscribers bounce", List.of("subscribers", "bounce", SendFixture.address(1), "--subscribers", "{--subscribers}"));
        // an address of the sample list: a bad --suppressed file must be named, not an address missing from the list
        BASES.put("subscribers resubscribe", List.of("subscribers", "resubscribe", "zoe.martin@example.org", "--subscribers", "{--subscribers}"));
        BASES.put("subscribers sync", List.of("subscribers", "sync", "--subscribers", "{--subscribers}", "--suppressed", "{--suppressed}"));
        BASES.put("preview", List.of("preview", "{DIGEST.yaml}", "--port", "0"));
        BASES.put("serve", List.of("serve", "{DIGEST.yaml}", "--subscribers", "{--subscribers}", "--smtp", "smtp://127.0.0.1:{CLOSED}",
                "--public-url", "https://news.example.org", "--listen", "127.0.0.1:0"));
        BASES.put("sandbox", List.of("sandbox", "--smtp-port", "0", "--http-port", "0"));
        BASES.put("unsubscribe-token make", List.of("unsubscribe-token", "make", "a@example.org"));
        BASES.put("unsubscribe-token verify", List.of("unsubscribe-token", "verify", "a@example.org", "not-the-token"));
        BASES.put("dkim keygen", List.of("dkim", "keygen", "--selector", "s2026", "--domain", "example.org", "--out", "{--out}"));
        BASES.put("secret", List.of("secret"));
        BASES.put("theme export", List.of("theme", "export", "{DIR}"));
        BASES.put("schema", List.of("schema"));
        BASES.put("help", List.of("help", "send"));
    }

    /** Commands that serve until stopped: their base is not run (it would not end), only into a taken port. */
    private static final Set<String> SERVERS = Set.of("sandbox", "serve");

    private enum Bad { MISSING, DIRECTORY, FILE, UNREADABLE, BINARY, NOT_UTF8 }

    @TempDir
    Path dir;

    private record Case(String command, String what, List<String> args, String named, Bad bad) {
    }

    @Test
    void noCommandPrintsAStackTraceWhateverItIsGiven() throws Exception {
        SendFixture project = new SendFixture(dir);
        Path good = Files.createDirectories(dir.resolve("good"));
        List<Case> cases = new ArrayList<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (CommandSpec command : leaves(all())) {
                String path = command.qualifiedName(" ").substring("tidings ".length());
                assertTrue(BASES.containsKey(path), "no case for '" + path + "': add its command line to NoStackTraceIT.BASES");
                cases.addAll(casesOf(path, command, project, good, held));
            }
            List<String> faults = check(cases, runAll(cases));
            assertTrue(faults.isEmpty(), faults.size() + " of " + cases.size() + " cases:\n" + String.join("\n", faults));
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
            restorePermissions(dir);
        }
    }

    private List<Case> casesOf(String path, CommandSpec command, SendFixture project, Path good, List<ServerSocket> held) throws IOException {
        List<Case> cases = new ArrayList<>();
        List<String> base = BASES.get(path);
        int before = cases.size();
        for (ArgSpec arg : command.args()) {
            if (arg.hidden() || !takesPaths(arg)) {
                continue;
            }
            String name = arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
            boolean directory = arg.paramLabel().contains("DIR");
            for (Bad bad : Bad.values()) {
                if (directory ? bad == Bad.DIRECTORY || bad == Bad.BINARY || bad == Bad.NOT_UTF8 : bad == Bad.FILE) {
                    continue;
                }
                Path file = badFile(bad, name, directory);
                List<String> args = fill(base, name, file, project, good);
                if (!base.contains("{" + name + "}")) {
                    args.addAll(List.of(name, file.toString()));
                }
                cases.add(new Case(path, name + " " + bad, args, file.toString(), bad));
            }
        }
        for (OptionSpec option : command.options()) {
            boolean port = option.longestName().endsWith("port") && (option.type() == int.class || option.type() == Integer.class);
            boolean listen = option.longestName().equals("--listen"); // HOST:PORT
            if (port || listen) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                List<String> args = fill(base, null, null, project, good);
                args.set(args.indexOf(option.longestName()) + 1, (listen ? "127.0.0.1:" : "") + socket.getLocalPort());
                cases.add(new Case(path, option.longestName() + " taken", args, String.valueOf(socket.getLocalPort()), null));
            }
        }
        if (cases.size() == before && !SERVERS.contains(path)) {
            cases.add(new Case(path, "as is", fill(base, null, null, project, good), null, null));
        }
        assertTrue(cases.size() > before, "no case for '" + path + "'");
        return cases;
    }

    private static boolean takesPaths(ArgSpec arg) {
        return arg.type() == Path.class || (List.class.isAssignableFrom(arg.type()) && arg.auxiliaryTypes().length > 0
                && arg.auxiliaryTypes()[0] == Path.class);
    }

    private int serial;

    /** The base with its placeholders filled: the bad file for {@code name}, good ones for the rest. */
    private List<String> fill(List<String> base, String name, Path bad, SendFixture project, Path good) throws IOException {
        List<String> args = new ArrayList<>();
        for (String arg : base) {
            String filled = arg.replace("{CLOSED}", String.valueOf(closedPort()));
            if (arg.equals("{" + name + "}")) {
                filled = bad.toString();
            } else if (arg.equals("{DIGEST.yaml}")) {
                filled = project.digest().toString();
            } else if (arg.equals("{DIR}")) {
                filled = good.resolve("dir-" + serial++).toString();
            } else if (arg.equals("{--subscribers}")) {
                filled = Files.copy(SendFixture.SAMPLE_LIST, good.resolve("list-" + serial++ + ".csv")).toString();
            } else if (arg.equals("{--suppressed}")) {
                filled = Files.writeString(good.resolve("suppressed-" + serial++ + ".txt"), SendFixture.address(2)
                        + "  # 2026-12-03T10:00:00Z 550 5.1.1 User unknown\n").toString();
            }
            args.add(filled);
        }
        return args;
    }

    private Path badFile(Bad bad, String name, boolean directory) throws IOException {
        Path bads = Files.createDirectories(dir.resolve("bad"));
        Path file = bads.resolve(bad.name().toLowerCase() + "-" + serial++ + "-" + name.replaceAll("[^A-Za-z.]", "") + (directory ? "" : ".txt"));
        switch (bad) {
            case MISSING -> { }
            case DIRECTORY -> Files.createDirectories(file);
            case FILE -> Files.writeString(file, "a file, not a folder\n");
            case UNREADABLE -> {
                if (directory) {
                    Files.createDirectories(file);
                } else {
                    Files.writeString(file, "email\nreader@example.org\n");
                }
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
            }
            case BINARY -> {
                byte[] bytes = new byte[4096];
                new java.util.Random(serial).nextBytes(bytes);
                Files.write(file, bytes);
            }
            case NOT_UTF8 -> Files.write(file, "email,name\ncaf\u00e9@example.org,Ren\u00e9e\nissue: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        return file;
    }

    /** A port nothing listens on: connections to it are refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Runs every case in one child JVM, held to permission bits; returns each case's code, stdout and stderr. */
    private List<String[]> runAll(List<Case> cases) throws IOException, InterruptedException {
        Path list = dir.resolve("cases.txt");
        Files.write(list, cases.stream().map(c -> String.join("\t", c.args())).toList(), StandardCharsets.UTF_8);
        Path results = Files.createDirectories(dir.resolve("results"));
        Path work = Files.createDirectories(dir.resolve("work"));
        List<String> command = new ArrayList<>(AsFileOwner.commandPrefix(dir));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-Dorg.sqlite.tmpdir=" + Files.createDirectories(dir.resolve(".sqlite-tmp")),
                "-cp", SendFixture.testClassPath(), SweepChild.class.getName(), list.toString(), results.toString(),
                String.valueOf(Deadlines.wholeSeconds(20))));
        Path log = dir.resolve("child.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
        builder.environment().putAll(SendFixture.env());
        builder.environment().put("TIDINGS_SMTP_PASSWORD", "not-a-real-password");
        builder.environment().put("TIDINGS_IMAP_PASSWORD", "not-a-real-password");
        Process child = builder.start();
        child.getOutputStream().close();
        try {
            Deadlines.awaitExit(child, Duration.ofSeconds(120), log);
        } finally {
            child.destroyForcibly();
        }
        List<String[]> outcomes = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Path code = results.resolve(i + ".code");
            assertTrue(Files.exists(code), "the sweep's child stopped at case " + i + " " + cases.get(i) + ":\n" + Files.readString(log));
            outcomes.add(new String[] {Files.readString(code), Files.readString(results.resolve(i + ".out")), Files.readString(results.resolve(i + ".err"))});
        }
        return outcomes;
    }

    private static final Set<String> DOCUMENTED = Set.of("0", "1", "2", "3", "4");

    private static List<String> check(List<Case> cases, List<String[]> outcomes) {
        List<String> faults = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String code = outcomes.get(i)[0];
            String all = outcomes.get(i)[1] + outcomes.get(i)[2];
            String where = "tidings " + String.join(" ", c.args()) + " [" + c.command() + ": " + c.what() + "] exit " + code + ": ";
            if (all.contains("Exception") || all.contains("\tat ") || all.contains("Caused by")) {
                faults.add(where + "a stack trace or exception:\n" + all.indent(4));
            } else if (!DOCUMENTED.contains(code) && !(code.equals("serving") && Set.of("preview", "serve").contains(c.command()) && c.bad() != null)) {
                faults.add(where + "not a documented exit code:\n" + all.indent(4));
            } else if (DOCUMENTED.contains(code) && !code.equals("0") && c.named() != null && !all.contains(c.named())
                    && !(code.equals("4") && all.contains("cannot reach imap://user@127.0.0.1:"))) {
                // (the exception: the file was taken, any bytes are a password, and the run went on to the IMAP port nothing listens on)
                faults.add(where + "the message does not name " + c.named() + ":\n" + all.indent(4));
            }
        }
        return faults;
    }

    private static CommandLine all() {
        return TidingsCli.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(), Terminal.none());
    }

    /** The commands that run: every subcommand without subcommands of its own, at any depth. */
    private static List<CommandSpec> leaves(CommandLine top) {
        List<CommandSpec> leaves = new ArrayList<>();
        for (CommandLine sub : top.getSubcommands().values()) {
            if (sub.getSubcommands().isEmpty()) {
                leaves.add(sub.getCommandSpec());
            } else {
                leaves.addAll(leaves(sub));
            }
        }
        return leaves;
    }

    /** Gives the test's files back their permissions, so that JUnit can delete them. */
    private static void restorePermissions(Path root) throws IOException {
        try (var files = Files.walk(root.resolve("bad"), 1)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(Files.isDirectory(file) ? "rwx------" : "rw-------"));
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing made
        }
    }
}
