package dev.tidings.startup;

import dev.tidings.Deadlines;
import dev.tidings.cli.SendFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build's copy of SQLite's native library is the jar's, byte for byte, and a real send (ledger
 * and all, in a child JVM) loads it from there: with extraction made impossible (sqlite-jdbc's
 * temporary directory is a file), the send still succeeds; without the copy it cannot open its ledger.
 */
class SqliteNativeExportIT {
    @TempDir
    Path dir;

    @Test
    void exportsTheJarsLibraryAndASendLoadsItWithoutExtracting() throws Exception {
        Path nativeDir = dir.resolve("native");
        SqliteNativeExport.main(new String[] {nativeDir.toString()});
        String name = LibraryLoaderUtil.getNativeLibName();
        try (InputStream jarCopy = SQLiteJDBCLoader.class.getResourceAsStream(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name)) {
            assertArrayEquals(jarCopy.readAllBytes(), Files.readAllBytes(nativeDir.resolve(name)));
        }
        try (var files = Files.list(nativeDir)) {
            assertEquals(List.of(nativeDir.resolve(name)), files.toList(), "no partial file left");
        }

        SendFixture project = new SendFixture(dir);
        Path noExtraction = project.file("not-a-directory", "sqlite-jdbc cannot extract into a file");
        String[] send = project.sendArgs(project.generatedList("list.csv", 3), "--smtp", "sandbox", "--yes");

        Run withCopy = run(project, List.of("-Dorg.sqlite.lib.path=" + nativeDir, "-Dorg.sqlite.tmpdir=" + noExtraction), send);
        assertEquals(0, withCopy.exitCode, withCopy.output);
        assertTrue(withCopy.output.contains("3 sent, 0 failed"), "the ledger recorded the send: " + withCopy.output);

        Run withoutCopy = run(project, List.of("-Dorg.sqlite.tmpdir=" + noExtraction), send);
        assertNotEquals(0, withoutCopy.exitCode, "the library had to come from somewhere: " + withoutCopy.output);
        assertTrue(withoutCopy.output.contains("cannot open the send ledger"), withoutCopy.output);
    }

    private record Run(int exitCode, String output) {
    }

    private Run run(SendFixture project, List<String> jvmOptions, String... args) throws Exception {
        Path log = Files.createTempFile(dir, "child", ".log");
        Process child = project.childJvm(jvmOptions, SendFixture.env(), args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Deadlines.awaitExit(child, Duration.ofSeconds(120), log);
        return new Run(child.exitValue(), Files.readString(log));
    }
}
