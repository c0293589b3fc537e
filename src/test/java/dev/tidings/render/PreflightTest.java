package dev.tidings.render;

import dev.tidings.cli.CliRun;
import dev.tidings.digest.Digest;
import dev.tidings.digest.Problem;
import dev.tidings.digest.Severity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pre-flight checks of what subscribers would receive. Each case starts from a template that
 * passes every check and breaks exactly one thing, so each warning can only come from that change.
 */
class PreflightTest {
    private static final Recipient ZOE = new Recipient("zoe.martin@example.org", "Zoë Martin", Map.of());
    /**
     * Text enough that the HTML part passes 3200 characters: with less, an image makes it what
     * SpamAssassin calls image-only (HTML_IMAGE_ONLY_*).
     */
    private static final String PROSE = "<p>" + "Social learning is learning with and from others. ".repeat(45) + "</p>";
    /** Passes every check: color-scheme, every link also in the text, unsubscribe link and address in both, text enough. */
    private static final String HTML = """
            <!DOCTYPE html>
            <html><head><meta name="color-scheme" content="light dark"><style>p { color: #333333; }</style></head>
            <body>
            <img src="https://trainingzone.example/logo.png" alt="TrainingZone">
            PROSE
            <#list issue.items as item><p><a href="${item.url}">${item.title}</a></p></#list>
            <p><a href="${links.unsubscribe}">Unsubscribe</a></p>
            <p>${newsletter.postal_address}</p>
            </body></html>
            """.replace("PROSE", PROSE);
    private static final String SEALED_UNSUBSCRIBE = "https://trainingzone.example/unsubscribe?u=";

    @TempDir
    Path dir;

    private static Digest sample;

    @BeforeAll
    static void loadSample() {
        sample = RenderFixtures.load(RenderFixtures.SAMPLE);
    }

    @Test
    void theSampleInTheDefaultThemeHasNothingToReport() {
        PreparedIssue issue = RenderFixtures.prepare(sample, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET);
        for (Recipient recipient : RenderFixtures.sampleRecipients()) {
            assertEquals(List.of(), Preflight.check(sample, issue.render(recipient)), recipient::toString);
        }
        assertEquals(List.of(), Preflight.check(sample, issue.render(Recipient.sample())));
    }

    @Test
    void theBaselineTemplateOfTheseTestsHasNothingToReport() {
        assertEquals(List.of(), check(HTML, RenderFixtures.plainTextTemplate()));
    }

    @Test
    void noUnsubscribeLinkInTheHtml() {
        assertOneWarning(check(HTML.replace("<p><a href=\"${links.unsubscribe}\">Unsubscribe</a></p>", ""), RenderFixtures.plainTextTemplate()),
                "rendered HTML: no unsubscribe link (" + SEALED_UNSUBSCRIBE);
    }

    @Test
    void noUnsubscribeLinkInThePlaintext() {
        List<Problem> problems = check(HTML, RenderFixtures.plainTextTemplate().replace("Unsubscribe: <${links.unsubscribe}>\n", ""));
        // Also reported as one of the HTML links the plaintext lacks; the specific warning is the one that matters.
        assertTrue(problems.stream().anyMatch(p -> p.severity() == Severity.WARNING
                && p.message().startsWith("plaintext: no unsubscribe link (" + SEALED_UNSUBSCRIBE)),
                problems::toString);
        assertTrue(problems.stream().allMatch(p -> p.message().contains("unsubscribe")), problems::toString);
    }

    @Test
    void noPostalAddress() {
        assertOneWarning(check(HTML.replace("<p>${newsletter.postal_address}</p>", ""), RenderFixtures.plainTextTemplate()),
                "rendered HTML: the postal address is missing from the footer (CAN-SPAM)");
        assertOneWarning(check(HTML, RenderFixtures.plainTextTemplate().replace("${newsletter.postal_address}\n", "")),
                "plaintext: the postal address is missing from the footer (CAN-SPAM)");
    }

    @Test
    void noColorSchemeMeta() {
        assertOneWarning(check(HTML.replace("<meta name=\"color-scheme\" content=\"light dark\">", ""), RenderFixtures.plainTextTemplate()),
                "rendered HTML: no <meta name=\"color-scheme\">; clients may recolour it badly in dark mode");
    }

    @Test
    void anImageWithoutAltText() {
        assertOneWarning(check(HTML.replace(" alt=\"TrainingZone\"", ""), RenderFixtures.plainTextTemplate()),
                "rendered HTML: an image has no alt text (https://trainingzone.example/logo.png)");
    }

    @Test
    void anImageInAShortHtmlPartIsWhatSpamAssassinCallsImageOnly() {
        List<Problem> problems = check(HTML.replace(PROSE, ""), RenderFixtures.plainTextTemplate());
        assertOneWarning(problems, "HTML_IMAGE_ONLY_");
        assertTrue(problems.get(0).message().matches("HTML_IMAGE_ONLY_(04|08|12|16|20|24|28|32): rendered HTML: an image in an HTML"
                + " part of only \\d+ characters, which SpamAssassin scores \\d\\.\\d .*"), problems.get(0).message());
    }

    @Test
    void moreImageAreaThanTextIsALowTextToImageRatio() {
        // 2000 x 2000 pixels for some 2,000 characters of text: 0.0005 characters a pixel, at most 0.002 is HTML_IMAGE_RATIO_02.
        String html = HTML.replace(" alt=\"TrainingZone\"", " alt=\"TrainingZone\" width=\"2000\" height=\"2000\"");
        assertOneWarning(check(html, RenderFixtures.plainTextTemplate()), "HTML_IMAGE_RATIO_02: rendered HTML: ");
        // Without a height SpamAssassin counts no area at all, and neither do we.
        assertEquals(List.of(), check(HTML.replace(" alt=\"TrainingZone\"", " alt=\"TrainingZone\" width=\"2000\""),
                RenderFixtures.plainTextTemplate()));
    }

    @Test
    void aTemplateLinkWithTheReadersAddressInClearNamesTheRule() {
        String link = "https://trainingzone.example/preferences?email=${subscriber.email}";
        String html = HTML.replace("<p>${newsletter.postal_address}</p>", "<p>${newsletter.postal_address} <a href=\"" + link + "\">Preferences</a></p>");
        String text = RenderFixtures.plainTextTemplate() + "Preferences: " + link + "\n";
        assertOneWarning(check(html, text), "GB_CUSTOM_HTM_URI: rendered HTML: a link carries the reader's address in clear, which"
                + " SpamAssassin scores 1.0 (https://trainingzone.example/preferences?email=zoe.martin@example.org); take ${subscriber.email}");
        // Not in a form the rule knows: still the address in clear, without a rule to name.
        assertOneWarning(check(html.replace("?email=", "?who="), text.replace("?email=", "?who=")),
                "rendered HTML: a link carries the reader's address in clear (no SpamAssassin rule in this form");
    }

    @Test
    void aLinkMissingFromThePlaintext() {
        String html = HTML.replace("<p>${newsletter.postal_address}</p>",
                "<p>${newsletter.postal_address} <a href=\"https://trainingzone.example/privacy\">Privacy</a></p>");
        assertOneWarning(check(html, RenderFixtures.plainTextTemplate()),
                "the plaintext version lacks a link of the HTML version: https://trainingzone.example/privacy");
    }

    @Test
    void anUnsafeLinkInTheTemplateIsAnError() {
        String html = HTML.replace("<p>${newsletter.postal_address}</p>",
                "<p>${newsletter.postal_address} <a href=\"javascript:alert(1)\">Privacy</a></p>");
        List<Problem> problems = check(html, RenderFixtures.plainTextTemplate());
        assertEquals(1, problems.size(), problems::toString);
        assertEquals(Severity.ERROR, problems.get(0).severity());
        assertTrue(problems.get(0).message().contains("an unsafe javascript: link"), problems::toString);
    }

    @Test
    void anHtmlVersionOver102KbIsClippedByGmail() {
        // 40 items with a 2,600-character summary each: well within the digest's limits, over Gmail's.
        StringBuilder items = new StringBuilder("  items:\n");
        String summary = "Social learning is learning with and from others, at work and in the flow of work. ".repeat(30);
        for (int i = 1; i <= 40; i++) {
            items.append("    - title: Article ").append(i).append('\n')
                    .append("      url: https://www.example.org/articles/").append(i).append('\n')
                    .append("      summary: ").append(summary.strip()).append('\n');
        }
        String original = sampleItemsBlock();
        Path digestFile = RenderFixtures.sampleWith(dir, "huge.yaml", original, items.toString());
        Digest huge = RenderFixtures.load(digestFile);
        RenderedEmail email = RenderFixtures.prepare(huge, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET).render(ZOE);
        assertTrue(Preflight.htmlSize(email) > Preflight.GMAIL_CLIP_BYTES, "the test digest must be big enough");
        List<Problem> problems = Preflight.check(huge, email);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).message().matches("the HTML email is \\d+\\.\\d KB; Gmail clips messages over 102 KB, "
                + "hiding the footer and unsubscribe link"), problems.get(0).message());
        assertEquals(Severity.WARNING, problems.get(0).severity());
    }

    @Test
    void aPreheaderLongerThanInboxesShow() {
        String preheader = "Michael Rose, Jane Bozarth, Nic Laycock, Clark Quinn and Karl Moore on what social learning really is.";
        Path digestFile = RenderFixtures.sampleWith(dir, "preheader.yaml", preheader, preheader + " " + preheader);
        Digest digest = RenderFixtures.load(digestFile);
        RenderedEmail email = RenderFixtures.prepare(digest, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET).render(ZOE);
        List<Problem> problems = Preflight.check(digest, email);
        assertEquals(1, problems.size(), problems::toString);
        assertEquals("issue.preheader", problems.get(0).field());
        assertEquals("is " + (preheader.length() * 2 + 1) + " characters; inboxes show at most about 140", problems.get(0).message());
    }

    @Test
    void renderPrintsTheWarningsOnStderrAndStillWritesTheFiles() {
        Path theme = RenderFixtures.theme(dir, "no-alt", HTML.replace(" alt=\"TrainingZone\"", ""), RenderFixtures.plainTextTemplate());
        CliRun run = CliRun.withEnv(Map.of("TIDINGS_SECRET", RenderFixtures.TEST_SECRET), "render", RenderFixtures.SAMPLE.toString(),
                "--template", theme.toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(RenderFixtures.SAMPLE + ": warning: rendered HTML: an image has no alt text (https://trainingzone.example/logo.png)\n",
                run.err());
        assertEquals(3, run.out().lines().count(), run.out());
    }

    private List<Problem> check(String html, String text) {
        Path theme = RenderFixtures.theme(dir, "theme-" + Integer.toHexString((html + text).hashCode()), html, text);
        PreparedIssue issue = RenderFixtures.prepare(sample, TemplateSet.fromDirectory(theme), RenderFixtures.TEST_SECRET);
        return Preflight.check(sample, issue.render(ZOE));
    }

    private static void assertOneWarning(List<Problem> problems, String messageStart) {
        assertEquals(1, problems.size(), problems::toString);
        assertEquals(Severity.WARNING, problems.get(0).severity());
        assertTrue(problems.get(0).message().startsWith(messageStart), problems.get(0).message());
    }

    /** The sample's items: from "  items:" up to "  closing:". */
    private static String sampleItemsBlock() {
        try {
            String text = java.nio.file.Files.readString(RenderFixtures.SAMPLE);
            return text.substring(text.indexOf("  items:\n"), text.indexOf("  closing:"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
