package dev.tidings.cli;

import dev.tidings.render.RenderFixtures;
import dev.tidings.render.TemplateSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.tidings.cli.RenderCommandTest.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * User templates through {@code tidings render}: they replace the default theme wholesale, their
 * mistakes are reported as DIR/FILE:LINE:COLUMN without a stack trace, and they are untrusted:
 * no classes, no Java API, no files outside the theme, nothing but the documented data model.
 */
class RenderTemplateTest {
    private static final Map<String, String> SECRET = Map.of("TIDINGS_SECRET", RenderFixtures.TEST_SECRET);
    /**
     * For the templates that never end: rendering stops them after 10 seconds; before it did, they
     * ran until the heap was gone or for ever. Generous, for a busy machine; a regression fails here
     * instead of hanging the build.
     */
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String HTML = """
            <!DOCTYPE html>
            <html><head><meta name="color-scheme" content="light dark"><style>p { color: #333333; }</style></head>
            <body>
            <p>CUSTOM THEME ${issue.title} for ${subscriber.first_name}</p>
            <#list issue.items as item><p><a href="${item.url}">${item.title}</a></p></#list>
            <p><a href="${links.unsubscribe}">Unsubscribe</a></p>
            <p>${newsletter.postal_address}</p>
            </body></html>
            """;

    @TempDir
    Path dir;

    @Test
    void aTemplateDirectoryReplacesTheDefaultThemeWholesale() throws IOException {
        Path theme = RenderFixtures.theme(dir, "theme", HTML, "CUSTOM TEXT\n" + RenderFixtures.plainTextTemplate());
        CliRun run = render("--template", theme.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertEquals("", run.err(), "the custom theme passes the pre-flight checks");
        String html = Files.readString(dir.resolve("out/social-learning-2.html"));
        assertTrue(html.contains("<p style=\"color: #333333\">CUSTOM THEME Key social learning resources part 2 for Zoë</p>"), html);
        assertFalse(html.contains("masthead"), "nothing of the default theme");
        assertTrue(Files.readString(dir.resolve("out/social-learning-2.txt")).startsWith("CUSTOM TEXT\n"));
    }

    @Test
    void theDigestsTemplateKeyIsRelativeToTheDigest() throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        RenderFixtures.theme(project, "theme", HTML, RenderFixtures.plainTextTemplate());
        Path digest = RenderFixtures.sampleWith(project, "digest.yaml", "newsletter:\n", "template: theme\nnewsletter:\n");
        CliRun run = CliRun.withEnv(SECRET, "render", digest.toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(Files.readString(dir.resolve("out/social-learning-2.html")).contains("CUSTOM THEME"));

        // --template wins over the digest's template:.
        Path other = RenderFixtures.theme(dir, "other", HTML.replace("CUSTOM THEME", "OTHER THEME"), RenderFixtures.plainTextTemplate());
        CliRun override = CliRun.withEnv(SECRET, "render", digest.toString(), "--template", other.toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, override.exitCode(), override.all());
        assertTrue(Files.readString(dir.resolve("out/social-learning-2.html")).contains("OTHER THEME"));
    }

    @Test
    void aMissingTemplateDirectoryIsNamed() {
        Path missing = dir.resolve("no-such-theme");
        CliRun run = render("--template", missing.toString());
        assertFailure(run, "tidings: " + missing + ": template directory not found (it must hold email.html.ftlh and email.txt.ftl)");
    }

    @Test
    void aMissingTemplateFileIsNamed() {
        Path theme = RenderFixtures.theme(dir, "half", HTML, null);
        CliRun run = render("--template", theme.toString());
        assertFailure(run, "tidings: " + theme + "/email.txt.ftl: template not found (a theme needs email.html.ftlh and email.txt.ftl)");
    }

    @Test
    void aSyntaxErrorNamesTheTemplateLineAndColumn() {
        Path theme = RenderFixtures.theme(dir, "broken", "<html>\n<body>\n<p>${issue.title</p>\n</body></html>\n",
                RenderFixtures.plainTextTemplate());
        CliRun run = render("--template", theme.toString());
        assertFailure(run, null);
        assertTrue(run.err().matches("tidings: " + theme + "/email\\.html\\.ftlh:3:\\d+: template syntax error: .+\n"), run.err());
    }

    @Test
    void anUnclosedDirectiveNamesTheTemplateToo() {
        Path theme = RenderFixtures.theme(dir, "unclosed", HTML, "<#if issue.title?has_content>\n${issue.title}\n");
        CliRun run = render("--template", theme.toString());
        assertFailure(run, null);
        assertTrue(run.err().startsWith("tidings: " + theme + "/email.txt.ftl:"), run.err());
        assertTrue(run.err().contains("template syntax error: "), run.err());
    }

    @Test
    void anUndefinedVariableFailsNamingTheTemplateLineAndColumn() {
        Path theme = RenderFixtures.theme(dir, "typo", HTML.replace("${issue.title} for", "${issue.titel} for"),
                RenderFixtures.plainTextTemplate());
        CliRun run = render("--template", theme.toString());
        assertFailure(run, null);
        assertTrue(run.err().matches("tidings: " + theme + "/email\\.html\\.ftlh:4:\\d+: template error: .*issue\\.titel.*\n"), run.err());
    }

    @Test
    void newCannotInstantiateClassesSoNoCommandRuns() {
        Path witness = dir.resolve("executed");
        Path theme = RenderFixtures.theme(dir, "execute",
                HTML.replace("CUSTOM THEME", "${\"freemarker.template.utility.Execute\"?new()(\"touch " + witness + "\")}"),
                RenderFixtures.plainTextTemplate());
        CliRun run = render("--template", theme.toString());
        assertFailure(run, null);
        assertTrue(run.err().startsWith("tidings: " + theme + "/email.html.ftlh:4:"), run.err());
        assertFalse(Files.exists(witness), "the command must not have run");

        Path objectConstructor = RenderFixtures.theme(dir, "constructor",
                HTML.replace("CUSTOM THEME", "${\"freemarker.template.utility.ObjectConstructor\"?new()(\"java.io.File\", \"/etc/passwd\")}"),
                RenderFixtures.plainTextTemplate());
        assertFailure(render("--template", objectConstructor.toString()), null);
    }

    @Test
    void theApiBuiltInIsOff() {
        Path theme = RenderFixtures.theme(dir, "api",
                HTML.replace("CUSTOM THEME", "${issue.items?api.getClass().getName()}"), RenderFixtures.plainTextTemplate());
        CliRun run = render("--template", theme.toString());
        assertFailure(run, null);
        assertTrue(run.err().startsWith("tidings: " + theme + "/email.html.ftlh:4:"), run.err());
        assertTrue(run.err().contains("api"), run.err());
    }

    @Test
    void templatesCannotIncludeFilesOutsideTheirDirectory() throws IOException {
        Files.writeString(dir.resolve("secret.ftl"), "TOP SECRET");
        Path project = Files.createDirectories(dir.resolve("a/b"));
        for (String include : new String[] {"../../etc/passwd", "/../secret.ftl", "../secret.ftl", "../../../secret.ftl",
                "/etc/passwd", "file:///etc/passwd", "partials/../../secret.ftl"}) {
            Path theme = RenderFixtures.theme(project, "include-" + Math.abs(include.hashCode()),
                    HTML.replace("CUSTOM THEME", "<#include \"" + include + "\">"), RenderFixtures.plainTextTemplate());
            CliRun run = render("--template", theme.toString());
            assertFailure(run, null);
            assertTrue(run.err().startsWith("tidings: " + theme + "/email.html.ftlh:4:"), include + ": " + run.err());
            assertFalse(run.all().contains("TOP SECRET") || run.all().contains("root:"), include);
        }
        // Including from inside the theme works, which is what the refusals must not break.
        Path theme = RenderFixtures.theme(project, "inside", HTML.replace("CUSTOM THEME", "<#include \"partials/hello.ftlh\">"),
                RenderFixtures.plainTextTemplate());
        Files.createDirectories(theme.resolve("partials"));
        Files.writeString(theme.resolve("partials/hello.ftlh"), "HELLO FROM A PARTIAL");
        CliRun run = render("--template", theme.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(Files.readString(dir.resolve("out/social-learning-2.html")).contains("HELLO FROM A PARTIAL"));
    }

    @Test
    void aSymlinkOutOfTheThemeIsRefused() throws IOException {
        Files.writeString(dir.resolve("secret.ftl"), "TOP SECRET");
        Path theme = RenderFixtures.theme(dir, "linked", HTML.replace("CUSTOM THEME", "<#include \"leak.ftl\">"),
                RenderFixtures.plainTextTemplate());
        Files.createSymbolicLink(theme.resolve("leak.ftl"), dir.resolve("secret.ftl"));
        CliRun run = render("--template", theme.toString());
        assertFailure(run, null);
        assertTrue(run.err().startsWith("tidings: " + theme + "/email.html.ftlh:4:"), run.err());
        assertTrue(run.err().contains("leak.ftl is outside the template directory"), run.err());
        assertFalse(run.all().contains("TOP SECRET"));

        // The same for a theme whose main template is itself a link out of the directory.
        Path shared = RenderFixtures.theme(dir, "shared", HTML, RenderFixtures.plainTextTemplate());
        Path linkedTheme = Files.createDirectories(dir.resolve("linked-main"));
        Files.createSymbolicLink(linkedTheme.resolve("email.html.ftlh"), shared.resolve("email.html.ftlh"));
        Files.copy(shared.resolve("email.txt.ftl"), linkedTheme.resolve("email.txt.ftl"));
        CliRun main = render("--template", linkedTheme.toString());
        assertFailure(main, null);
        assertTrue(main.err().startsWith("tidings: " + linkedTheme + "/email.html.ftlh: "), main.err());
    }

    @Test
    void theDataModelIsOnlyTheDocumentedNineSoNothingElseIsReachable() throws IOException {
        Path theme = RenderFixtures.theme(dir, "model", HTML.replace("CUSTOM THEME",
                        "KEYS[<#list .data_model?keys?sort as key>${key} </#list>]"
                                + " SECRET[${TIDINGS_SECRET!\"absent\"}|${.vars[\"TIDINGS_SECRET\"]!\"absent\"}]"),
                RenderFixtures.plainTextTemplate());
        CliRun run = render("--template", theme.toString());
        assertEquals(0, run.exitCode(), run.all());
        String html = Files.readString(dir.resolve("out/social-learning-2.html"));
        assertTrue(html.contains("KEYS[dir fill issue lang links newsletter subscriber t view ]"), html);
        assertTrue(html.contains("SECRET[absent|absent]"), html);
        assertFalse(html.contains(RenderFixtures.TEST_SECRET));
    }

    @Test
    void javaMethodsOfTheModelAreNotExposed() {
        for (String probe : new String[] {"${issue.getClass()}", "${issue.title.getClass()}", "${issue.items.size()}",
                "${newsletter.class}"}) {
            Path theme = RenderFixtures.theme(dir, "methods-" + Math.abs(probe.hashCode()), HTML.replace("CUSTOM THEME", probe),
                    RenderFixtures.plainTextTemplate());
            CliRun run = render("--template", theme.toString());
            assertFailure(run, null);
            assertTrue(run.err().startsWith("tidings: " + theme + "/email.html.ftlh:4:"), probe + ": " + run.err());
        }
    }

    @Test
    void aMacroThatCallsItselfWithoutEndIsStoppedAtItsLine() {
        Path theme = RenderFixtures.theme(dir, "recursive", HTML.replace("CUSTOM THEME",
                "<#macro down n>${n} <@down n + 1/></#macro><@down 0/>"), RenderFixtures.plainTextTemplate());
        CliRun run = assertTimeoutPreemptively(BOUND, () -> render("--template", theme.toString()));
        assertFailure(run, "tidings: " + theme + "/email.html.ftlh:4:4: template error: rendering stopped at 400 directives"
                + " and macro calls inside one another (a macro or function that calls itself without end?)");
    }

    /** A recursive call inside a hundred brackets overflows Java's stack before it is 400 deep: the line is still named. */
    @Test
    void aStackOverflowIsReportedAtTheTemplatesLine() {
        Path theme = RenderFixtures.theme(dir, "overflow", HTML.replace("CUSTOM THEME",
                        "<#function down n><#return " + "(-".repeat(100) + "down(n + 1)" + ")".repeat(100) + "></#function>${down(0)}"),
                RenderFixtures.plainTextTemplate());
        CliRun run = assertTimeoutPreemptively(BOUND, () -> render("--template", theme.toString()));
        assertFailure(run, null);
        assertTrue(run.err().matches("tidings: " + Pattern.quote(theme + "/email.html.ftlh") + ":4:\\d+: template error: rendering stopped:"
                + " Java's stack overflowed \\(a macro or function that calls itself without end\\?\\)\n"), run.err());
    }

    /**
     * One built-in that asks for more memory than there is (a 2^31-character string: the JVM refuses
     * it at once, whatever the heap) is reported at its line like a stack overflow. It printed a JVM
     * stack trace before.
     */
    @Test
    void aBuiltInThatRunsOutOfMemoryIsReportedAtItsLine() {
        Path theme = RenderFixtures.theme(dir, "memory", HTML.replace("CUSTOM THEME", "${\"x\"?left_pad(2147483647)}"),
                RenderFixtures.plainTextTemplate());
        CliRun run = assertTimeoutPreemptively(BOUND, () -> render("--template", theme.toString()));
        assertFailure(run, null);
        assertTrue(run.err().matches("tidings: " + Pattern.quote(theme + "/email.html.ftlh") + ":4:\\d+: template error: rendering stopped:"
                + " it ran out of memory \\(a string or a list grown without end\\?\\)\n"), run.err());
    }

    @Test
    void catchingTheStopInAnAttemptDoesNotLetTheTemplateGoOn() {
        Path theme = RenderFixtures.theme(dir, "attempt", HTML.replace("CUSTOM THEME",
                "<#function down n><#attempt><#return down(n + 1)><#recover><#return 0></#attempt></#function>${down(0)}"),
                RenderFixtures.plainTextTemplate());
        CliRun run = assertTimeoutPreemptively(BOUND, () -> render("--template", theme.toString()));
        assertFailure(run, null);
        assertTrue(run.err().matches("tidings: " + Pattern.quote(theme + "/email.html.ftlh") + ":4:\\d+: template error:"
                + " rendering stopped at 400 directives .*\n"), run.err());
    }

    @Test
    void anEndlessLoopThatWritesIsStoppedAtItsOutputLimit() {
        Path theme = RenderFixtures.theme(dir, "writes", HTML.replace("CUSTOM THEME", "<#list 1.. as i>${i}</#list>"),
                RenderFixtures.plainTextTemplate());
        CliRun run = assertTimeoutPreemptively(BOUND, () -> render("--template", theme.toString()));
        assertFailure(run, "tidings: " + theme + "/email.html.ftlh:4:20: template error: rendering stopped after writing 8 MiB"
                + " (a loop that never ends?); a real email is tens of KB");
    }

    /** What a template captures in a variable or an attempt never reaches the email's writer until the end; it is counted too. */
    @Test
    void anEndlessLoopIntoACaptureIsStoppedAtTheOutputLimitToo() {
        for (String capture : new String[] {"<#assign x><#list 1.. as i>${i}</#list></#assign>",
                "<#attempt><#list 1.. as i>${i}</#list><#recover>recovered</#attempt>"}) {
            Path theme = RenderFixtures.theme(dir, "capture-" + Math.abs(capture.hashCode()), HTML.replace("CUSTOM THEME", capture),
                    RenderFixtures.plainTextTemplate());
            CliRun run = assertTimeoutPreemptively(BOUND, () -> render("--template", theme.toString()));
            int column = 4 + capture.indexOf("${i}");
            assertFailure(run, "tidings: " + theme + "/email.html.ftlh:4:" + column + ": template error: rendering stopped after writing"
                    + " 8 MiB (a loop that never ends?); a real email is tens of KB");
        }
    }

    @Test
    void anEndlessLoopThatWritesNothingIsStoppedAtItsTimeLimit() {
        Path theme = RenderFixtures.theme(dir, "silent", HTML.replace("CUSTOM THEME", "<#list 1.. as i></#list>"),
                RenderFixtures.plainTextTemplate());
        CliRun run = assertTimeoutPreemptively(BOUND, () -> render("--template", theme.toString()));
        assertFailure(run, "tidings: " + theme + "/email.html.ftlh:4:4: template error: rendering stopped after 10 seconds"
                + " (a loop that never ends?)");
    }

    /** Code that a template makes with ?interpret is not one of the theme's files, and gets the same limits. */
    @Test
    void anEndlessLoopInInterpretedCodeIsStoppedToo() {
        Path theme = RenderFixtures.theme(dir, "interpret", HTML.replace("CUSTOM THEME",
                "<@\"<#list 1.. as i></#list>\"?interpret />"), RenderFixtures.plainTextTemplate());
        CliRun run = assertTimeoutPreemptively(BOUND, () -> render("--template", theme.toString()));
        assertFailure(run, "tidings: " + theme + "/email.html.ftlh->anonymous_interpreted:1:1: template error:"
                + " rendering stopped after 10 seconds (a loop that never ends?)");
    }

    /** FreeMarker's parser recurses once per bracket; its stack overflow is reported like a syntax error. */
    @Test
    void aTemplateNestedTooDeeplyToParseIsNamed() {
        Path theme = RenderFixtures.theme(dir, "deep", HTML.replace("CUSTOM THEME", "${" + "(-".repeat(10_000) + "1" + ")".repeat(10_000) + "}"),
                RenderFixtures.plainTextTemplate());
        CliRun run = assertTimeoutPreemptively(BOUND, () -> render("--template", theme.toString()));
        assertFailure(run, "tidings: " + theme + "/email.html.ftlh: template syntax error: nested too deeply to read"
                + " (a thousand brackets or directives inside one another?)");
    }

    @Test
    void theDefaultThemeIsTheOneShippedInTheJar() {
        assertEquals("templates/default", TemplateSet.defaultTheme().displayDir());
    }

    private CliRun render(String... options) {
        String[] args = new String[options.length + 7];
        args[0] = "render";
        args[1] = RenderFixtures.SAMPLE.toString();
        args[2] = "--subscriber";
        args[3] = "zoe.martin@example.org";
        args[4] = "--subscribers";
        args[5] = RenderFixtures.SUBSCRIBERS.toString();
        System.arraycopy(options, 0, args, 6, options.length);
        args[args.length - 1] = "-o";
        String[] withOutput = Arrays.copyOf(args, args.length + 1);
        withOutput[withOutput.length - 1] = dir.resolve("out").toString();
        return CliRun.withEnv(SECRET, withOutput);
    }

    /** Exit 1, one line on stderr (exactly {@code line} when given), no stack trace, nothing written. */
    private void assertFailure(CliRun run, String line) {
        assertEquals(1, run.exitCode(), run.all());
        assertEquals("", run.out(), run.all());
        assertEquals(1, run.err().lines().count(), run.err());
        if (line != null) {
            assertEquals(line + "\n", run.err());
        }
        assertNoStackTrace(run);
        assertFalse(Files.exists(dir.resolve("out/social-learning-2.html")), "nothing is written when the template fails");
    }
}
