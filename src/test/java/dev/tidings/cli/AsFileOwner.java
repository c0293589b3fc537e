package dev.tidings.cli;

import dev.tidings.Deadlines;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the real command line held to the files' permission bits, for the tests about unreadable
 * files and read-only directories. As an ordinary user that is simply the command in process. Root
 * is not held to them: it reads and writes through them by two capabilities, CAP_DAC_OVERRIDE and
 * CAP_DAC_READ_SEARCH (capabilities(7)); CI runs as root. So as root the command runs in a child JVM
 * started by setpriv(1) (util-linux) with those two taken out of its bounding set: still root and
 * still the files' owner, but checked against their mode bits as any owner is, the case of a user
 * who made their own file unreadable. (Running as nobody instead would need the JDK, the class path
 * under ~/.m2 and the test files all reachable by nobody.)
 */
final class AsFileOwner {
    private static final List<String> SETPRIV = List.of("setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--");

    private AsFileOwner() {
    }

    /**
     * {@code tidings ARGS} with exactly this environment (plus PATH in a child), from the test's
     * working directory; {@code scratch} is a directory of the test for the child's output.
     */
    static CliRun run(Map<String, String> env, Path scratch, String... args) {
        if (!permissionsAreIgnored(scratch)) {
            return CliRun.withEnv(env, args);
        }
        requireSetpriv(scratch);
        try {
            Path out = Files.createTempFile(scratch, "child", ".out");
            Path err = Files.createTempFile(scratch, "child", ".err");
            List<String> command = new ArrayList<>(SETPRIV);
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", // a short run: start-up is most of it
                    // sqlite-jdbc unpacks its native library here rather than in /tmp (see SendFixture.childJvm)
                    "-Dorg.sqlite.tmpdir=" + Files.createDirectories(scratch.resolve(".sqlite-tmp")),
                    "-cp", SendFixture.testClassPath(), "dev.tidings.Main"));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
            builder.environment().putAll(env);
            Process child = builder.start();
            child.getOutputStream().close();
            Deadlines.awaitExit(child, Duration.ofSeconds(60), err);
            return new CliRun(child.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * What to start a child process with so that it is held to permission bits: setpriv without the
     * two capabilities as root, nothing otherwise (for a test that runs many commands in one child).
     */
    static List<String> commandPrefix(Path scratch) {
        if (!permissionsAreIgnored(scratch)) {
            return List.of();
        }
        requireSetpriv(scratch);
        return SETPRIV;
    }

    /** Whether this process reads a file whose mode is 000: root with its usual capabilities does. */
    private static boolean permissionsAreIgnored(Path scratch) {
        try {
            Path probe = Files.createTempFile(scratch, "probe", ".tmp");
            try {
                Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("---------"));
                return Files.isReadable(probe);
            } finally {
                Files.delete(probe);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * setpriv must work here: it needs CAP_SETPCAP, which root has except in some containers.
     * Under CI=true these tests must run, so its absence fails instead of skipping.
     */
    private static void requireSetpriv(Path scratch) {
        String problem;
        try {
            List<String> probe = new ArrayList<>(SETPRIV);
            probe.add("true");
            Path log = scratch.resolve("setpriv.log");
            Process process = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Deadlines.awaitExit(process, Duration.ofSeconds(10), log);
            problem = process.exitValue() == 0 ? null : "setpriv failed: " + Files.readString(log).strip();
        } catch (IOException e) {
            problem = "setpriv (util-linux) is not installed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (problem != null && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true and running as root, but " + problem + "; .ci/run must install util-linux");
        }
        Assumptions.assumeTrue(problem == null, "running as root, and " + problem + ": permissions cannot be tested");
    }
}
