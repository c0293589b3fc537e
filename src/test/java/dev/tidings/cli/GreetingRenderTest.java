package dev.tidings.cli;

import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;
import dev.tidings.render.RenderFixtures;
import dev.tidings.render.RenderedEmail;
import dev.tidings.render.TemplateSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code newsletter.greeting} through {@code tidings render}: the default (kept from the theme's
 * old fixed greeting, see RenderCommandTest and the goldens), off, custom, and without a name, in
 * the HTML and the text; and the same greeting from the per-recipient fast path as from a full render.
 */
class GreetingRenderTest {
    private static final Map<String, String> SECRET = Map.of("TIDINGS_SECRET", RenderFixtures.TEST_SECRET);
    private static final String REPLY_TO = "  reply_to: editor@trainingzone.example\n";
    private static final String BYLINE_HTML = "<p class=\"byline\" style=\"margin: 0 0 14px 0; font-size: 14px; color: #57606a\">By Jane Hart</p>\n";

    @TempDir
    Path dir;

    @Test
    void falseLeavesTheGreetingOut() throws IOException {
        render("greeting: false", "zoe.martin@example.org");
        String html = html();
        assertFalse(html.contains("class=\"greeting\""), html);
        assertTrue(html.contains(BYLINE_HTML + "<div class=\"prose\""), html);
        assertTrue(text().contains("\n\nBy Jane Hart\n\nDuring social learning month"), text());
    }

    @Test
    void aCustomGreetingFillsBothPlaceholdersAndIsEscapedInHtml() throws IOException {
        render("greeting: \"Dear {name} & friends ({first_name}),\"", "zoe.martin@example.org");
        assertTrue(html().contains(">Dear Zoë Martin &amp; friends (Zoë),</p>"), html());
        assertTrue(text().contains("\n\nBy Jane Hart\n\nDear Zoë Martin & friends (Zoë),\n\nDuring"), text());
    }

    @Test
    void aSubscriberWithoutANameGetsTheGreetingWithoutName() throws IOException {
        render("greeting: \"Dear {first_name},\"\n  greeting_without_name: Dear reader,", "noah.smith@example.com");
        assertTrue(html().contains(">Dear reader,</p>"), html());
        assertTrue(text().contains("\n\nDear reader,\n\n"), text());
    }

    @Test
    void withoutGreetingWithoutNameASubscriberWithoutANameIsGreetedWithHello() throws IOException {
        render("greeting: \"Good morning, {name}!\"", "noah.smith@example.com");
        assertTrue(html().contains(">Hello,</p>"), html());
        assertTrue(text().contains("\n\nHello,\n\n"), text());
    }

    @Test
    void theFastPathGreetsEveryRecipientAsAFullRenderDoes() {
        Path digest = RenderFixtures.sampleWith(dir, "greeted.yaml", REPLY_TO, REPLY_TO + "  greeting: \"Dear {name},\"\n");
        PreparedIssue issue = RenderFixtures.prepare(RenderFixtures.load(digest), TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET);
        List<Recipient> recipients = RenderFixtures.sampleRecipients();
        for (Recipient recipient : recipients) {
            RenderedEmail fast = issue.render(recipient);
            RenderedEmail full = issue.renderOne(recipient);
            assertEquals(full.html(), fast.html(), recipient.email());
            assertEquals(full.text(), fast.text(), recipient.email());
            String greeting = recipient.name() == null || recipient.name().isEmpty() ? "Hello," : "Dear " + recipient.name() + ",";
            assertTrue(fast.text().contains("\n" + greeting + "\n"), recipient.email() + ": " + fast.text());
        }
    }

    @Test
    void validateNamesAnUnknownPlaceholderAtTheGreetingsLine() throws IOException {
        Path digest = RenderFixtures.sampleWith(dir, "greeted.yaml", REPLY_TO, REPLY_TO + "  greeting: \"Hi {firstname},\"\n");
        int line = Files.readAllLines(digest).indexOf("  greeting: \"Hi {firstname},\"") + 1;
        CliRun run = CliRun.of("validate", digest.toString());
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.all().contains(digest + ":" + line + ":13: newsletter.greeting: unknown placeholder {firstname};"
                + " a greeting may use {first_name} and {name}"), run.all());
    }

    private void render(String greetingLines, String subscriber) {
        Path digest = RenderFixtures.sampleWith(dir, "greeted.yaml", REPLY_TO, REPLY_TO + "  " + greetingLines + "\n");
        CliRun run = CliRun.withEnv(SECRET, "render", digest.toString(), "--subscriber", subscriber,
                "--subscribers", RenderFixtures.SUBSCRIBERS.toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, run.exitCode(), run.all());
    }

    private String html() throws IOException {
        return Files.readString(dir.resolve("out/social-learning-2.html"));
    }

    private String text() throws IOException {
        return Files.readString(dir.resolve("out/social-learning-2.txt"));
    }
}
