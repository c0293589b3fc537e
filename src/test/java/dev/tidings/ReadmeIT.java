package dev.tidings;

import dev.tidings.ReadmeTranscript.Command;
import dev.tidings.ReadmeTranscript.Edit;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tidings.cli.SendFixture;
import dev.tidings.mail.smtp.RelayGreenMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's transcripts that send mail or start a server, and its sessions ({@link ReadmeTest}
 * runs the rest): each command in a child JVM, as a reader who cloned the repository would type
 * it, in a scratch copy of samples/, or for a session (the quick start) in an empty scratch
 * directory, following its {@code cd}, {@code . FILE} and {@code export}s and making the edits
 * its markers name. A server (a block marked {@value ReadmeTranscript#SERVER_MARKER}) listens on
 * free ports instead of the README's fixed ones, which another program may hold: the lines it
 * prints are compared with its ports written as the README's, and the commands after it in the
 * README section reach it at its real ports. Servers are stopped at the end of their section, as
 * Ctrl-C would. The README's relay, {@value #README_RELAY}, is GreenMail on a free loopback port,
 * greeting as an ordinary relay and taking the user's login.
 */
class ReadmeIT {
    /** What a transcript's {@code TIDINGS_SECRET=...} stands for: a secret of the strength a real send asks for. */
    static final String SECRET = "readme-transcript-secret-of-32-characters-or-more";
    /** What a transcript's {@code TIDINGS_SMTP_PASSWORD=...} stands for: the password of {@link #README_RELAY}'s user. */
    static final String RELAY_PASSWORD = "readme-transcript-relay-password";
    static final String README_RELAY = "smtp://newsletter@smtp.example.org:587";
    private static final Map<String, String> FILLED_IN = Map.of("TIDINGS_SECRET", SECRET, "TIDINGS_SMTP_PASSWORD", RELAY_PASSWORD);
    private static final Pattern LOOPBACK_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");
    /** The options that make each server take free ports. */
    private static final Map<String, List<String>> FREE_PORTS = Map.of("preview", List.of("--port", "0"),
            "sandbox", List.of("--smtp-port", "0", "--http-port", "0"));

    static boolean isEndToEnd(Command command) {
        if (command.session() || command.server()) {
            return true;
        }
        String name = command.args().get(0);
        return FREE_PORTS.containsKey(name) || name.equals("send") && !command.args().contains("--dry-run");
    }

    /** The command's environment assignments, with {@code ...} (the reader's own value) filled in where a test can. */
    static Map<String, String> environment(Command command) {
        return filledIn(command.env());
    }

    private static Map<String, String> filledIn(Map<String, String> assignments) {
        Map<String, String> env = new HashMap<>(assignments);
        env.replaceAll((name, value) -> value.equals("...") && FILLED_IN.containsKey(name) ? FILLED_IN.get(name) : value);
        return env;
    }

    @Test
    void theTranscriptsThatSendOrServeAreWhatTidingsPrints(@TempDir Path scratch) throws Exception {
        // A section's blocks are one session: a server started in one block is what the next one sends to.
        Map<String, List<Command>> sections = new LinkedHashMap<>();
        for (Command command : ReadmeTranscript.read().commands()) {
            if (ReadmeTest.notRun(command) == null && isEndToEnd(command)) {
                sections.computeIfAbsent(command.heading(), heading -> new ArrayList<>()).add(command);
            }
        }
        int checked = 0;
        int n = 0;
        for (List<Command> section : sections.values()) {
            Path dir = Files.createDirectories(scratch.resolve("section-" + n++));
            if (!section.get(0).session()) {
                copy(Path.of("samples"), dir.resolve("samples"));
            }
            try (Session session = new Session(dir)) {
                for (Command command : section) {
                    session.run(command);
                    checked++;
                }
            }
        }
        assertTrue(checked >= 12, "commands checked: " + checked);
    }

    /** One reader's shell: its directory, its environment, the servers it started, the edit it has made. */
    private static final class Session implements AutoCloseable {
        private final Path scratch;
        private final Map<String, String> actualToShown = new HashMap<>();
        private final List<Process> servers = new ArrayList<>();
        private final Map<String, String> exported = new HashMap<>();
        private Path cwd;
        private GreenMail relay;
        /** The block edited before it ran, the file and its text before the edit, to put it right after the block. */
        private int editedBlock = -1;
        private Path editedFile;
        private String beforeEdit;

        Session(Path scratch) {
            this.scratch = scratch;
            this.cwd = scratch;
        }

        void run(Command command) throws Exception {
            String where = "README.md:" + command.line() + ": " + command.program() + " " + command.text();
            if (editedFile != null && editedBlock != command.block()) {
                Files.writeString(editedFile, beforeEdit, StandardCharsets.UTF_8); // the reader puts it right, as the README says
                editedFile = null;
            }
            if (command.edit() != null) {
                edit(command.edit(), where);
                editedBlock = command.block();
            }
            switch (command.program()) {
                case "cd" -> {
                    cwd = cwd.resolve(command.args().get(0)).normalize();
                    assertTrue(Files.isDirectory(cwd), where + ": no such directory");
                }
                case "." -> exported.putAll(filledIn(exports(cwd.resolve(command.args().get(0)), where)));
                case "export" -> exported.putAll(filledIn(exports(command.args(), where)));
                default -> tidings(command, where);
            }
        }

        private void tidings(Command command, String where) throws Exception {
            Map<String, String> env = new HashMap<>(exported);
            env.putAll(environment(command));
            List<String> args = new ArrayList<>(command.args().stream().map(arg -> ports(relay(arg), reverse(actualToShown))).toList());
            if (command.server()) {
                assertTrue(FREE_PORTS.containsKey(args.get(0)), where + ": a block marked as starting a server starts none tidings knows");
                args.addAll(FREE_PORTS.get(args.get(0)));
                Path log = scratch.resolve("server-" + servers.size() + ".err");
                Process server = child(env, args, cwd).redirectError(log.toFile()).start();
                servers.add(server);
                String shown = command.out();
                String printed = firstLines(server, shown.lines().count(), log);
                matchPorts(printed, shown, actualToShown);
                assertEquals(shown, ports(printed, actualToShown), where);
                return;
            }
            Path out = scratch.resolve("out.txt");
            Path err = scratch.resolve("err.txt");
            Process run = child(env, args, cwd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            run.getOutputStream().close();
            Deadlines.awaitExit(run, Duration.ofSeconds(60), err);
            assertEquals(command.out(), ports(ReadmeTranscript.asOnATerminal(Files.readString(out, StandardCharsets.UTF_8)), actualToShown),
                    where + "\n" + Files.readString(err, StandardCharsets.UTF_8));
            if (command.exitCode() != null) {
                assertEquals(command.exitCode(), run.exitValue(), where);
            }
        }

        /** The README's relay, started when first named, in place of its address. */
        private String relay(String arg) {
            if (!arg.equals(README_RELAY)) {
                return arg;
            }
            if (relay == null) {
                String user = URI.create(README_RELAY).getUserInfo();
                relay = new RelayGreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort().setVerbose(false))
                        .withConfiguration(GreenMailConfiguration.aConfig().withUser(user, RELAY_PASSWORD));
                relay.start();
            }
            return "smtp://" + URI.create(README_RELAY).getUserInfo() + "@127.0.0.1:" + relay.getSmtp().getPort();
        }

        private void edit(Edit edit, String where) throws IOException {
            editedFile = cwd.resolve(edit.file());
            beforeEdit = Files.readString(editedFile, StandardCharsets.UTF_8);
            assertTrue(beforeEdit.contains(edit.text()), where + ": the edit before it finds no '" + edit.text() + "' in " + editedFile);
            Files.writeString(editedFile, beforeEdit.replace(edit.text(), edit.replacement()), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws InterruptedException {
            for (Process server : servers) {
                server.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the servers' shutdown hooks stop them
                server.waitFor(Deadlines.seconds(30).toMillis(), TimeUnit.MILLISECONDS);
                server.destroyForcibly();
            }
            if (relay != null) {
                relay.stop();
            }
        }
    }

    /** The {@code NAME=VALUE} of {@code export} lines (what {@code . FILE} takes from a file such as secrets.env). */
    private static Map<String, String> exports(Path file, String where) throws IOException {
        List<String> assignments = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            List<String> words = ReadmeTranscript.words(line);
            if (!words.isEmpty()) {
                assertEquals("export", words.get(0), where + ": " + file + " holds more than exports: " + line);
                assignments.addAll(words.subList(1, words.size()));
            }
        }
        return exports(assignments, where);
    }

    private static Map<String, String> exports(List<String> assignments, String where) {
        Map<String, String> env = new HashMap<>();
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            assertTrue(equals > 0, where + ": not NAME=VALUE: " + assignment);
            env.put(assignment.substring(0, equals), assignment.substring(equals + 1));
        }
        return env;
    }

    private static ProcessBuilder child(Map<String, String> env, List<String> args, Path dir) {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", SendFixture.testClassPath(), "dev.tidings.Main"));
        line.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(line).directory(dir.toFile());
        builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
        builder.environment().putAll(env);
        return builder;
    }

    /** The first {@code count} lines a server prints, waiting for each (a server prints its address once it listens). */
    private static String firstLines(Process server, long count, Path err) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the server was stopped
            }
        }, "readme-server-output");
        reader.setDaemon(true);
        reader.start();
        StringBuilder printed = new StringBuilder();
        for (long i = 0; i < count; i++) {
            String line = lines.poll(Deadlines.seconds(30).toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(line, () -> "the server printed only " + printed + "\n" + read(err));
            printed.append(line).append('\n');
        }
        return printed.toString();
    }

    /** Pairs the ports a server printed with those the README shows at the same places. */
    private static void matchPorts(String printed, String shown, Map<String, String> actualToShown) {
        Matcher actual = LOOPBACK_PORT.matcher(printed);
        Matcher readme = LOOPBACK_PORT.matcher(shown);
        while (actual.find() && readme.find()) {
            actualToShown.put(actual.group(1), readme.group(1));
        }
    }

    private static String ports(String text, Map<String, String> from) {
        String result = text;
        for (Map.Entry<String, String> port : from.entrySet()) {
            result = result.replace("127.0.0.1:" + port.getKey(), "127.0.0.1:" + port.getValue());
        }
        return result;
    }

    private static Map<String, String> reverse(Map<String, String> map) {
        Map<String, String> reversed = new HashMap<>();
        map.forEach((key, value) -> reversed.put(value, key));
        return reversed;
    }

    /** The sample files, without what a `make run` may have left beside them (.tidings/). */
    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().startsWith(".")).toList()) {
                Files.copy(file, to.resolve(file.getFileName().toString()));
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
