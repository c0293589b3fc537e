package dev.tidings.render;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import freemarker.core.Environment;
import freemarker.core.TemplateProcessingTracer;
import freemarker.core._CoreAPI;
import freemarker.template.Template;
import freemarker.template.TemplateException;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One run of a theme's template, stopped where a runaway template would otherwise hang the
 * command or exhaust the process: an endless {@code <#list>}, a macro that calls itself. FreeMarker
 * has neither a time nor an output limit, and a user's template is untrusted (see {@link TemplateSet}).
 * Each stop is reported as a {@link TemplateProblem} at the template, line and column where it
 * happened, like any template error, so {@code render}, {@code send} and the preview show it on
 * one line. The limits are far beyond any real template, which renders in milliseconds:
 *
 * <ul>
 *   <li>{@value #MAX_SECONDS} seconds of rendering. The sample renders in well under a millisecond
 *       warm; the first rendering of a process (classes loading, nothing compiled) took 0.3 s of
 *       processor and 1.2 s of wall time on two cores with twenty processes waiting for them. The
 *       clock is the wall clock (reading the thread's processor time costs microseconds): a process
 *       stopped mid-render (Ctrl-Z) for longer than this fails that message, which nothing records,
 *       so running again renders it again.</li>
 *   <li>{@value #MAX_OUTPUT_CHARS} characters written (8 MiB), and as many again captured
 *       ({@code <#assign x>...</#assign>} and {@code <#attempt>} write into a buffer of their own,
 *       which an endless loop filled past a 512 MiB heap before the clock ran out). The sample's
 *       HTML is 20 KB, Gmail clips an email at 102 KB, and the largest digest {@code validate}
 *       accepts is 2 MiB of YAML.</li>
 *   <li>{@value #MAX_DEPTH} directives and macro calls inside one another. The default theme goes
 *       7 deep; Java's stack (1 MiB a thread) overflowed at about 1,800 in a function that calls
 *       itself, and a thread that overflows its stack can leave a class half-initialised for the
 *       rest of the process. An overflow that comes first anyway (a recursive call inside a hundred
 *       nested brackets) is reported the same way, at the last element entered.</li>
 * </ul>
 *
 * <p>How a loop is stopped: FreeMarker calls a {@link TemplateProcessingTracer} as it enters each
 * element, which is where the depth is counted and, every {@value #CLOCK_EVERY} elements, the clock
 * read: a few nanoseconds an element, about 1.6 µs more per recipient on the ~45 µs of the benchmark
 * issue (HTML and text, 331 elements; processor time, alternating runs in one JVM), which separate
 * runs of before and after could not tell apart on a busy machine. A loop
 * whose body is empty enters no element, so each template first gets FreeMarker's own interruption
 * checks ({@code _CoreAPI.addThreadInterruptedChecks}, the public entry FreeMarker keeps for its
 * online template tester; there is no Configuration setting for it in 2.3.34): an element at the
 * start of every loop body and macro, which also ends the run if the thread is interrupted. The
 * limit is thrown as an unchecked exception, which {@code <#attempt>} does not catch; where
 * FreeMarker wraps it (inside a function call) and an {@code <#attempt>} swallows it, the run still
 * fails: a stopped run stays stopped.
 *
 * <p>Not covered: work done inside one element. A built-in that loops ({@code (1..2000000000)?filter(...)})
 * enters no element until it is done, and one that builds a huge string at once
 * ({@code "x"?left_pad(2000000000)}) runs out of memory; FreeMarker offers no hook for either. The
 * first runs to the end of its range; the second is reported at its element like a stack
 * overflow, since the memory it asked for was its own.
 */
final class TemplateRun implements TemplateProcessingTracer {
    static final int MAX_SECONDS = 10;
    static final int MAX_OUTPUT_CHARS = 8 * 1024 * 1024;
    static final int MAX_DEPTH = 400;
    private static final int CLOCK_EVERY = 256;
    private static final int INITIAL_CAPACITY = 16 * 1024;
    private static final String TOO_MUCH = " after writing " + MAX_OUTPUT_CHARS / (1024 * 1024)
            + " MiB (a loop that never ends?); a real email is tens of KB";

    private final String displayDir;
    private final Checked checked;
    private final CharsWriter out = new CharsWriter(INITIAL_CAPACITY, MAX_OUTPUT_CHARS);
    private final long deadline;
    /** The templates this run has seen checked, so that the registry is asked once per template, not per element. */
    private final Template[] seen = new Template[4];
    private int depth;
    private int entered;
    /** Characters written into captures ({@code <#assign x>...</#assign>}, {@code <#attempt>}), which bypass {@link #out}. */
    private long captured;
    private TracedElement last;
    private TracedElement stoppedAt;
    private String stopped;

    private TemplateRun(String displayDir, Checked checked) {
        this.displayDir = displayDir;
        this.checked = checked;
        this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_SECONDS);
    }

    /** Runs {@code template} on {@code model}: what it wrote, or a {@link TemplateProblem}. */
    static CharsWriter process(String displayDir, Checked checked, Template template, Map<String, Object> model) {
        TemplateRun run = new TemplateRun(displayDir, checked);
        try {
            Environment environment = template.createProcessingEnvironment(model, run.out);
            environment.setTemplateProcessingTracer(run);
            environment.process();
        } catch (TemplateException e) {
            throw run.stopped() ? run.problem(template) : new TemplateProblem(displayDir, e);
        } catch (IOException e) {
            throw run.stopped() ? run.problem(template)
                    : TidingsException.invalidInput(displayDir + "/" + template.getName() + ": " + e.getMessage());
        } catch (StackOverflowError e) {
            run.record(": Java's stack overflowed (a macro or function that calls itself without end?)", run.last);
            throw run.problem(template);
        } catch (OutOfMemoryError e) {
            // A single built-in asked for more than the heap ("x"?left_pad(2000000000), a string doubled in
            // a loop): the allocation failed in this template's own evaluation, and what it built is
            // garbage once unwound. Nothing is retried: the template is reported at its line and the
            // command stops, as for any template error, instead of a JVM stack trace.
            run.record(": it ran out of memory (a string or a list grown without end?)", run.last);
            throw run.problem(template);
        } catch (RuntimeException e) {
            throw run.stopped() ? run.problem(template) : interrupted(e);
        }
        if (run.stopped()) {
            throw run.problem(template); // stopped inside a function call, and an <#attempt> swallowed it
        }
        return run.out;
    }

    @Override
    public void enterElement(Environment environment, TracedElement element) {
        last = element;
        if (++depth > MAX_DEPTH) {
            stop(" at " + MAX_DEPTH + " directives and macro calls inside one another"
                    + " (a macro or function that calls itself without end?)", element);
        }
        if ((++entered & (CLOCK_EVERY - 1)) == 0 && (stopped != null || System.nanoTime() - deadline > 0)) {
            stop(" after " + MAX_SECONDS + " seconds (a loop that never ends?)", element);
        }
        Writer writing = environment.getOut();
        if (writing != out && !(writing instanceof Capture)) {
            // A capture has just begun: FreeMarker wrote into a StringWriter of its own from here.
            environment.setOut(new Capture(writing));
        }
        Template template = element.getTemplate();
        if (template != seen[0] && template != seen[1] && template != seen[2] && template != seen[3]) {
            checked.ensure(template);
            System.arraycopy(seen, 0, seen, 1, seen.length - 1);
            seen[0] = template;
        }
    }

    @Override
    public void exitElement(Environment environment, TracedElement element) {
        depth--;
    }

    /** Stops the run here; a later element entered stops it again, whatever caught the first. */
    private void stop(String why, TracedElement at) {
        record(why, at);
        throw new Stopped();
    }

    /** Why and where the run stopped: the first reason is the one reported. */
    private void record(String why, TracedElement at) {
        if (stopped == null) {
            stopped = why;
            stoppedAt = at;
        }
    }

    private boolean stopped() {
        return stopped != null || out.full();
    }

    /** Where the run stopped; a write past the limit was made by the last element entered. */
    private TemplateProblem problem(Template template) {
        String why = "template error: rendering stopped" + (stopped != null ? stopped : TOO_MUCH);
        TracedElement at = stopped != null ? stoppedAt : last;
        if (at == null) {
            return new TemplateProblem(displayDir, template.getSourceName(), null, null, why);
        }
        return new TemplateProblem(displayDir, at.getTemplate().getSourceName(), at.getBeginLine(), at.getBeginColumn(), why);
    }

    /** FreeMarker's interruption check fired for an interrupt that is not ours: the thread is being stopped. */
    private static RuntimeException interrupted(RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) {
            return new TidingsException(ExitStatus.TEMPORARY_FAILURE, "rendering was interrupted", e);
        }
        return e;
    }

    /**
     * FreeMarker's own writer for a capture ({@code <#assign x>...</#assign>}, {@code <#attempt>},
     * {@code <#compress>}), counting what goes into it: an endless loop there would fill the heap
     * without ever reaching {@link #out}. What a capture later writes out is counted again there.
     */
    private final class Capture extends Writer {
        private final Writer writer;

        Capture(Writer writer) {
            this.writer = writer;
        }

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            count(length);
            writer.write(chars, offset, length);
        }

        @Override
        public void write(String text, int offset, int length) throws IOException {
            count(length);
            writer.write(text, offset, length);
        }

        @Override
        public void write(int c) throws IOException {
            count(1);
            writer.write(c);
        }

        private void count(int length) throws CharsWriter.Full {
            captured += length;
            if (captured > MAX_OUTPUT_CHARS) {
                record(TOO_MUCH, last);
                throw new CharsWriter.Full(MAX_OUTPUT_CHARS);
            }
        }

        @Override
        public void flush() throws IOException {
            writer.flush();
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }

    /** Thrown from the tracer; no stack trace, which the report never shows. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /**
     * The templates that have FreeMarker's interruption checks, one registry per theme. A template
     * gets them when a run first enters it (the theme's files once, each {@code ?interpret} result
     * as it runs), under a lock, before any element of it runs: adding them changes the template,
     * which other threads may be about to run. Weak, so that the templates {@code ?interpret}
     * makes for each recipient do not pile up.
     */
    static final class Checked {
        private final Map<Template, Boolean> templates = new WeakHashMap<>();

        synchronized void ensure(Template template) {
            if (templates.get(template) == null) {
                _CoreAPI.addThreadInterruptedChecks(template);
                templates.put(template, Boolean.TRUE);
            }
        }
    }
}
