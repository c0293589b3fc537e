package dev.tidings.cli;

import dev.tidings.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the real command line in-process, capturing what it prints. */
public record CliRun(int exitCode, String out, String err) {
    /** The UTC stamp {@code send} puts before each line when not on a terminal (issue 18; cron logs). */
    private static final java.util.regex.Pattern LOG_STAMP = java.util.regex.Pattern.compile("(?m)^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z ");

    /** The output as a terminal shows it: without send's time stamps. */
    public static String unstamped(String printed) {
        return LOG_STAMP.matcher(printed).replaceAll("");
    }


    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * Runs with exactly this environment instead of the process's (which is not passed on at all),
     * so that a test decides whether TIDINGS_SECRET and the like are set.
     */
    public static CliRun withEnv(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TidingsCli.run(new PrintWriter(out, true), new PrintWriter(err, true), environment, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Everything printed, for assertions that must hold whichever stream a line went to. */
    public String all() {
        return out + err;
    }
}
