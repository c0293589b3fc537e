package dev.tidings;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A build log written to a file has no terminal codes in it (issue 18, finding 11). Debian's Maven
 * 3.8.7 with Jansi 2.4 writes ESC[0m resets to stdout and stderr even in batch mode (-B) and with
 * -Dstyle.color=never; the JVM flag -Djansi.noreset=true alone stops them, and the Makefile and
 * .ci/run export it in MAVEN_OPTS. This runs Maven as each does (the Makefile's MVN and MAVEN_OPTS
 * lines, .ci/run's MAVEN_OPTS and version lines), with output to a pipe, and looks for ESC.
 */
class BuildLogIT {
    @Test
    void mavenAsTheMakefileRunsItWritesNoEscapeCodesToALog() throws Exception {
        List<String> command = new ArrayList<>(List.of(makefileMaven().split(" ")));
        command.addAll(List.of("-o", "validate"));
        assertNoEscape(command, line("Makefile", "^export MAVEN_OPTS \\+= (.+)$"));
    }

    @Test
    void theVersionLineOfCiRunHasNoEscapeCodes() throws Exception {
        String ci = Files.readString(Path.of(".ci/run"));
        Matcher version = Pattern.compile("^(mvn [^|]*-version)", Pattern.MULTILINE).matcher(ci);
        assertTrue(version.find(), ".ci/run prints Maven's version");
        assertNoEscape(List.of(version.group(1).strip().split(" ")), line(".ci/run", "^export MAVEN_OPTS=\"\\$\\{MAVEN_OPTS:-\\} (.+)\"$"));
    }

    /** The Makefile's {@code MVN ?= ...}: how every target runs Maven. */
    private static String makefileMaven() throws IOException {
        Matcher mvn = Pattern.compile("^MVN\\s*\\?=\\s*(.+)$", Pattern.MULTILINE).matcher(Files.readString(Path.of("Makefile")));
        assertTrue(mvn.find(), "the Makefile sets MVN");
        return mvn.group(1).strip();
    }

    /** The first group of the line of {@code file} that {@code regex} matches: the flags that file gives Maven's JVM. */
    private static String line(String file, String regex) throws IOException {
        Matcher line = Pattern.compile(regex, Pattern.MULTILINE).matcher(Files.readString(Path.of(file)));
        assertTrue(line.find(), file + " exports MAVEN_OPTS");
        return line.group(1).strip();
    }

    private static void assertNoEscape(List<String> command, String mavenOpts) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MAVEN_OPTS", mavenOpts);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] log = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(Deadlines.seconds(60).toSeconds(), TimeUnit.SECONDS), command + " ended");
        String text = new String(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), command + ": " + text);
        assertFalse(text.contains("\u001b"), command + " wrote a terminal code: " + text.replace("\u001b", "ESC"));
    }
}
