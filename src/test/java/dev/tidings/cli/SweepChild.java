package dev.tidings.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The child JVM of {@link NoStackTraceIT}: runs each command line of a file in turn, through
 * {@link TidingsCli} as Main does, and writes what each printed and its exit code. One JVM for the
 * whole sweep (a JVM a case would take minutes); System.out and System.err are captured too, per
 * case, since a stack trace printed by another thread (GreenMail's, the JVM's handler of uncaught
 * exceptions) goes there and not to the command's writers. A command that serves (preview) is
 * recorded as "serving" when it prints its address, and left running until the JVM ends.
 */
public final class SweepChild {
    private SweepChild() {
    }

    public static void main(String[] args) throws Exception {
        List<String> cases = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        Path results = Path.of(args[1]);
        long deadlineSeconds = Long.parseLong(args[2]);
        for (int i = 0; i < cases.size(); i++) {
            ByteArrayOutputStream stray = new ByteArrayOutputStream();
            PrintStream strayStream = new PrintStream(stray, true, StandardCharsets.UTF_8);
            System.setOut(strayStream);
            System.setErr(strayStream);
            Outcome outcome = run(cases.get(i).split("\t"), deadlineSeconds);
            strayStream.flush();
            Files.writeString(results.resolve(i + ".code"), outcome.code());
            Files.writeString(results.resolve(i + ".out"), outcome.out().toString());
            Files.writeString(results.resolve(i + ".err"), outcome.err() + stray.toString(StandardCharsets.UTF_8));
        }
        System.exit(0); // also ends what a serving case left running
    }

    private record Outcome(String code, StringWriter out, String err) {
    }

    private static Outcome run(String[] args, long deadlineSeconds) throws InterruptedException {
        CompletableFuture<String> done = new CompletableFuture<>();
        ServingSignal out = new ServingSignal(done);
        StringWriter err = new StringWriter();
        Thread command = new Thread(() -> {
            try {
                done.complete(String.valueOf(TidingsCli.run(new PrintWriter(out, true), new PrintWriter(err, true), System.getenv(), args)));
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "sweep-case");
        command.setDaemon(true);
        command.start();
        try {
            return new Outcome(done.get(deadlineSeconds, TimeUnit.SECONDS), out, err.toString());
        } catch (ExecutionException e) {
            StringWriter trace = new StringWriter();
            e.getCause().printStackTrace(new PrintWriter(trace));
            return new Outcome("thrown", out, err + trace.toString());
        } catch (TimeoutException e) {
            return new Outcome("timeout", out, err.toString());
        }
    }

    /** The command's stdout, which completes the case as "serving" once a server says where it is. */
    private static final class ServingSignal extends StringWriter {
        private final CompletableFuture<String> done;

        ServingSignal(CompletableFuture<String> done) {
            this.done = done;
        }

        @Override
        public void flush() {
            if (toString().contains("http://127.0.0.1:")) {
                done.complete("serving");
            }
        }
    }
}
