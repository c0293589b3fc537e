package dev.tidings.cli;

import dev.tidings.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher that {@code make} and {@code make install} write from src/main/sh/tidings, run by
 * the shell with a stand-in {@code java} first on the PATH that records the arguments it is given:
 * the archive, the jar and the native library from the launcher's directory, one compiler thread
 * for the short commands and the JVM's default for the long ones, the user's options after the
 * launcher's (so that they win), and the command's arguments passed on unchanged.
 */
class LauncherScriptTest {
    @TempDir
    Path dir;

    @Test
    void runsTheJarWithItsArchiveAndNativeLibrary() throws Exception {
        List<String> java = launch(null, "validate", "issue.yaml");
        String lib = dir.resolve("lib").toString();
        assertTrue(java.contains("-XX:SharedArchiveFile=" + lib + "/tidings.jsa"), java.toString());
        assertTrue(java.contains("-Dorg.sqlite.lib.path=" + lib + "/native"), java.toString());
        assertTrue(java.contains("-XX:TieredStopAtLevel=1"), java.toString());
        assertEquals(List.of("-jar", lib + "/tidings.jar", "validate", "issue.yaml"), java.subList(java.size() - 4, java.size()));
    }

    @Test
    void shortCommandsGetOneCompilerThreadAndLongOnesTheDefault() throws Exception {
        for (String command : List.of("validate", "render", "status", "schema", "--version")) {
            assertTrue(launch(null, command).contains("-XX:CICompilerCount=1"), command);
        }
        for (String command : List.of("send", "preview", "sandbox")) {
            assertFalse(launch(null, command).toString().contains("CICompilerCount"), command);
        }
        assertTrue(launch(null).contains("-XX:CICompilerCount=1"), "no arguments at all");
    }

    @Test
    void serveRunsForWeeksAndGetsTheServerCompiler() throws Exception {
        List<String> java = launch(null, "serve", "newsletter.yaml");
        assertFalse(java.toString().contains("TieredStopAtLevel"), java.toString());
        assertFalse(java.toString().contains("CICompilerCount"), java.toString());
    }

    @Test
    void theUsersCompilerOptionsReplaceTheLaunchers() throws Exception {
        // One compiler thread with the server compiler back on would stop the JVM from starting.
        List<String> java = launch("-XX:TieredStopAtLevel=4 -Xmx64m", "validate", "issue.yaml");
        assertFalse(java.toString().contains("CICompilerCount"), java.toString());
        int launchers = java.indexOf("-XX:TieredStopAtLevel=1");
        int users = java.indexOf("-XX:TieredStopAtLevel=4");
        assertTrue(launchers >= 0 && users > launchers && java.contains("-Xmx64m"), "the user's options come last, and win: " + java);
    }

    @Test
    void argumentsReachTheCommandUnchanged() throws Exception {
        List<String> java = launch(null, "validate", "my issue.yaml", "--subscribers", "", "*");
        assertEquals(List.of("validate", "my issue.yaml", "--subscribers", "", "*"), java.subList(java.size() - 5, java.size()));
    }

    /** The arguments the launcher gives java, one per element. */
    private List<String> launch(String javaOptions, String... arguments) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path recorded = dir.resolve("java-arguments");
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$RECORDED\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path launcher = dir.resolve("tidings");
        Files.writeString(launcher, Files.readString(Path.of("src/main/sh/tidings")).replace("@LIB@", dir.resolve("lib").toString()));

        List<String> command = new ArrayList<>(List.of("sh", launcher.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("RECORDED", recorded.toString());
        builder.environment().remove("TIDINGS_JAVA_OPTS");
        if (javaOptions != null) {
            builder.environment().put("TIDINGS_JAVA_OPTS", javaOptions);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        Deadlines.awaitExit(process, Duration.ofSeconds(30), null);
        assertEquals(0, process.exitValue(), output);
        return Files.readAllLines(recorded);
    }
}
