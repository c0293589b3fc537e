package dev.tidings.cli;

import dev.tidings.cli.console.Terminal;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bug is one line and exit 70; TIDINGS_DEBUG, read from the environment the command line was
 * given (not the process's), adds the stack trace.
 */
class InternalErrorTest {
    /** A terminal that fails when asked whether it is one: a bug as far as the command line can tell. */
    private static final Terminal BROKEN = new Terminal() {
        @Override
        public boolean interactive() {
            throw new IllegalStateException("scripted terminal failure");
        }

        @Override
        public String ask(String prompt) {
            return null;
        }
    };

    private static CliRun dryRun(Map<String, String> env) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TidingsCli.run(new PrintWriter(out, true), new PrintWriter(err, true), env, BROKEN, "send",
                SendFixture.SAMPLE_DIGEST.toString(), "--subscribers", SendFixture.SAMPLE_LIST.toString(), "--dry-run");
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void oneLineWithoutTidingsDebug() {
        CliRun run = dryRun(SendFixture.env());
        assertEquals(70, run.exitCode(), run.all());
        assertTrue(run.err().contains("tidings: internal error: IllegalStateException: scripted terminal failure (please report it;"
                + " set TIDINGS_DEBUG=1 to see the stack trace)"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void theStackTraceWithTidingsDebugInTheGivenEnvironment() {
        CliRun run = dryRun(SendFixture.env("TIDINGS_DEBUG", "1"));
        assertEquals(70, run.exitCode(), run.all());
        assertTrue(run.err().contains("\tat dev.tidings.cli.InternalErrorTest"), "the trace: " + run.err());
    }
}
