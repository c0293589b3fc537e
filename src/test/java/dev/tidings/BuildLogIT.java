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
 * -Dstyle.color=never; .mvn/jvm.config passes -Djansi.noreset=true, which alone stops them. This
 * runs Maven as the Makefile does (its MVN line), with output to a pipe, and looks for ESC.
 */
class BuildLogIT {
    @Test
    void mavenAsTheMakefileRunsItWritesNoEscapeCodesToALog() throws Exception {
        List<String> command = new ArrayList<>(List.of(makefileMaven().split(" ")));
        command.addAll(List.of("-o", "validate"));
        assertNoEscape(command);
    }

    @Test
    void theVersionLineOfCiRunHasNoEscapeCodes() throws Exception {
        String ci = Files.readString(Path.of(".ci/run"));
        Matcher version = Pattern.compile("^(mvn [^|]*-version)", Pattern.MULTILINE).matcher(ci);
        assertTrue(version.find(), ".ci/run prints Maven's version");
        assertNoEscape(List.of(version.group(1).strip().split(" ")));
    }

    /** The Makefile's {@code MVN ?= ...}: how every target runs Maven. */
    private static String makefileMaven() throws IOException {
        Matcher mvn = Pattern.compile("^MVN\\s*\\?=\\s*(.+)$", Pattern.MULTILINE).matcher(Files.readString(Path.of("Makefile")));
        assertTrue(mvn.find(), "the Makefile sets MVN");
        return mvn.group(1).strip();
    }

    private static void assertNoEscape(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] log = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(Deadlines.seconds(60).toSeconds(), TimeUnit.SECONDS), command + " ended");
        String text = new String(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), command + ": " + text);
        assertFalse(text.contains("\u001b"), command + " wrote a terminal code: " + text.replace("\u001b", "ESC"));
    }
}
