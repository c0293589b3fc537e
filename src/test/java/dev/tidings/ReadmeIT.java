package dev.tidings;

import dev.tidings.ReadmeTranscript.Command;
import dev.tidings.cli.SendFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
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
 * The README's transcripts that send mail or start a server ({@link ReadmeTest} runs the rest):
 * each command in a child JVM whose working directory is a scratch copy of samples/, as a reader
 * who cloned the repository would type it. A server ({@code sandbox}, {@code preview}) listens on
 * free ports instead of the README's fixed ones, which another program may hold: the lines it
 * prints are compared with its ports written as the README's, and the commands after it in the
 * README section reach it at its real ports. Servers are stopped at the end of their section, as
 * Ctrl-C would.
 */
class ReadmeIT {
    /** What a transcript's {@code TIDINGS_SECRET=...} stands for: a secret of the strength a real send asks for. */
    static final String SECRET = "readme-transcript-secret-of-32-characters-or-more";
    private static final Pattern LOOPBACK_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");
    /** The options that make each server take free ports. */
    private static final Map<String, List<String>> FREE_PORTS = Map.of("preview", List.of("--port", "0"),
            "sandbox", List.of("--smtp-port", "0", "--http-port", "0"));

    static boolean isEndToEnd(Command command) {
        String name = command.args().get(0);
        return FREE_PORTS.containsKey(name) || name.equals("send") && !command.args().contains("--dry-run");
    }

    /** The command's environment assignments, with {@code ...} (the reader's own value) filled in where a test can. */
    static Map<String, String> environment(Command command) {
        Map<String, String> env = new HashMap<>(command.env());
        env.replaceAll((name, value) -> value.equals("...") && name.equals("TIDINGS_SECRET") ? SECRET : value);
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
            copy(Path.of("samples"), dir.resolve("samples"));
            checked += runSection(section, dir);
        }
        assertTrue(checked >= 4, "commands checked: " + checked);
    }

    private static int runSection(List<Command> commands, Path dir) throws Exception {
        Map<String, String> actualToShown = new HashMap<>();
        List<Process> servers = new ArrayList<>();
        try {
            for (Command command : commands) {
                String where = "README.md:" + command.line() + ": tidings " + command.text();
                List<String> args = new ArrayList<>(command.args().stream().map(arg -> ports(arg, reverse(actualToShown))).toList());
                if (FREE_PORTS.containsKey(args.get(0))) {
                    args.addAll(FREE_PORTS.get(args.get(0)));
                    Process server = child(command, args, dir).redirectError(dir.resolve("server.err").toFile()).start();
                    servers.add(server);
                    String shown = command.out();
                    String printed = firstLines(server, shown.lines().count(), dir.resolve("server.err"));
                    matchPorts(printed, shown, actualToShown);
                    assertEquals(shown, ports(printed, actualToShown), where);
                } else {
                    Path out = dir.resolve("out.txt");
                    Path err = dir.resolve("err.txt");
                    Process run = child(command, args, dir).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                    run.getOutputStream().close();
                    Deadlines.awaitExit(run, Duration.ofSeconds(60), err);
                    assertEquals(command.out(), ports(ReadmeTranscript.asOnATerminal(Files.readString(out, StandardCharsets.UTF_8)), actualToShown),
                            where + "\n" + Files.readString(err, StandardCharsets.UTF_8));
                    if (command.exitCode() != null) {
                        assertEquals(command.exitCode(), run.exitValue(), where);
                    }
                }
            }
            return commands.size();
        } finally {
            for (Process server : servers) {
                server.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the servers' shutdown hooks stop them
                server.waitFor(Deadlines.seconds(30).toMillis(), TimeUnit.MILLISECONDS);
                server.destroyForcibly();
            }
        }
    }

    private static ProcessBuilder child(Command command, List<String> args, Path dir) {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", SendFixture.testClassPath(), "dev.tidings.Main"));
        line.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(line).directory(dir.toFile());
        builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
        builder.environment().putAll(environment(command));
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
