package dev.tidings.render;

import dev.tidings.digest.Digest;
import dev.tidings.render.stencil.HtmlStencil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stencil fast path ({@link HtmlStencil}) must give exactly the bytes that inlining each
 * recipient's HTML in full gives: for every subscriber of the sample list, for hostile values, and
 * for templates that put personal values where CSS inlining depends on them.
 */
class PreparedIssueTest {
    private static Digest sample;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadSample() {
        sample = RenderFixtures.load(RenderFixtures.SAMPLE);
    }

    @Test
    void everySampleSubscriberGetsTheFullInliningBytesFromTheStencil() {
        PreparedIssue issue = RenderFixtures.prepare(sample, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET);
        List<Recipient> recipients = RenderFixtures.sampleRecipients();
        assertEquals(25, recipients.size(), "every row of samples/subscribers.csv");
        for (Recipient recipient : recipients) {
            String full = issue.renderOne(recipient).html();
            // Plain sample values must take the fast path, or this test would prove nothing about it.
            assertTrue(RenderFixtures.htmlFromStencil(issue, recipient), () -> "the stencil should apply to " + recipient);
            RenderFixtures.assertSameDocument(full, issue.render(recipient).html(), () -> "stencil HTML for " + recipient);
            assertTrue(RenderFixtures.textFromStencil(issue, recipient), () -> "the text stencil should apply to " + recipient);
            assertEquals(issue.renderOne(recipient).text(), issue.render(recipient).text(), () -> "text for " + recipient);
        }
    }

    @Test
    void theSealedUnsubscribeReferenceOfPublicUrlComesOutOfTheStencilAsOutOfTheFullRender() {
        Digest served = RenderFixtures.load(RenderFixtures.sampleWith(dir, "served.yaml",
                RenderFixtures.SAMPLE_UNSUBSCRIBE_LINE,
                "",
                "  unsubscribe:\n", "  public_url: https://news.trainingzone.example\n  unsubscribe:\n"));
        PreparedIssue issue = RenderFixtures.prepare(served, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET);
        SubscriberReference references = SubscriberReference.withSecret(RenderFixtures.TEST_SECRET);
        for (Recipient recipient : RenderFixtures.sampleRecipients()) {
            String url = "https://news.trainingzone.example/unsubscribe?u=" + references.seal(recipient.email());
            RenderedEmail full = issue.renderOne(recipient);
            assertTrue(full.html().contains("href=\"" + url + "\"") && full.text().contains(url), () -> "the footer links to " + url);
            assertTrue(full.listUnsubscribe().contains("<" + url + ">"), full::listUnsubscribe);
            assertTrue(RenderFixtures.htmlFromStencil(issue, recipient), () -> "the stencil should apply to " + recipient);
            RenderFixtures.assertSameDocument(full.html(), issue.render(recipient).html(), () -> "stencil HTML for " + recipient);
            assertEquals(full.text(), issue.render(recipient).text(), () -> "text for " + recipient);
        }
    }

    @Test
    void stencilLinesJoinToTheHtmlAndLinesWithoutPersonalValuesAreSharedInstances() {
        PreparedIssue issue = RenderFixtures.prepare(sample, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET);
        List<Recipient> recipients = RenderFixtures.sampleRecipients();
        RenderedEmail first = issue.render(recipients.get(0));
        RenderedEmail second = issue.render(recipients.get(1));
        assertEquals(first.html(), String.join("\n", first.htmlLines()));
        assertEquals(second.html(), String.join("\n", second.htmlLines()));
        assertEquals(first.htmlLines().size(), second.htmlLines().size());
        int shared = 0;
        int differing = 0;
        for (int i = 0; i < first.htmlLines().size(); i++) {
            String a = first.htmlLines().get(i);
            String b = second.htmlLines().get(i);
            assertFalse(a.contains("\n") || a.contains("\r"), a);
            if (a == b) {
                shared++;
            } else {
                differing++;
            }
        }
        assertTrue(differing >= 1 && shared > 10 * differing, shared + " shared lines, " + differing + " personal ones");
        assertFalse(RenderFixtures.sharesLines(issue.renderOne(recipients.get(0)).htmlLines(), issue.renderOne(recipients.get(1)).htmlLines()),
                "a single rendering is inlined in full, not filled from a stencil");
    }

    @Test
    void theSampleRecipientTakesTheFastPathToo() {
        PreparedIssue issue = RenderFixtures.prepare(sample, TemplateSet.defaultTheme(), null);
        Recipient reader = Recipient.sample();
        assertTrue(RenderFixtures.htmlFromStencil(issue, reader), reader::toString);
        RenderFixtures.assertSameDocument(issue.renderOne(reader).html(), issue.render(reader).html(), reader::toString);
    }

    @Test
    void hostileValuesGiveTheFullInliningBytesInTheDefaultTheme() {
        assertSameAsFullInlining(RenderFixtures.prepare(sample, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET));
    }

    @Test
    void hostileValuesGiveTheFullInliningBytesWhereverATemplatePrintsThem() {
        Path theme = RenderFixtures.theme(dir, "everywhere", """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="color-scheme" content="light dark">
                <title>${subscriber.name} · ${issue.title}</title>
                <style>
                p { margin: 0 0 12px 0; color: #333333; }
                .hello { font-weight: bold; }
                a { color: #0b5cad; }
                a:hover { text-decoration: none !important; }
                </style>
                </head>
                <body>
                <!-- for ${subscriber.email} -->
                <p class="hello" title="${subscriber.name}" data-email='${subscriber.email}'>Hi ${subscriber.first_name}, ${subscriber.name} &lt;${subscriber.email}&gt;</p>
                <#list subscriber.fields as key, value><p data-field="${key}" data-value="${value}">${key}: ${value}</p>
                </#list>
                <table><tr><td>${subscriber.name}</td></tr></table>
                <pre>${subscriber.name}</pre>
                <textarea>${subscriber.name}</textarea>
                <p><a href="${links.unsubscribe}">Unsubscribe</a> <a href="${links.unsubscribe_url}">${links.unsubscribe_url}</a></p>
                <p>${newsletter.postal_address}</p>
                </body>
                </html>
                """, RenderFixtures.plainTextTemplate());
        assertSameAsFullInlining(RenderFixtures.prepare(sample, TemplateSet.fromDirectory(theme), RenderFixtures.TEST_SECRET));
    }

    @Test
    void aFieldInsideAStyleAttributeRendersAsFullInliningWould() {
        Path theme = RenderFixtures.theme(dir, "styled", """
                <!DOCTYPE html>
                <html><head><meta name="color-scheme" content="light dark">
                <style>p { font-size: 16px; } .accent { font-weight: bold; }</style></head>
                <body>
                <p class="accent" style="color:${subscriber.fields.color}">Hi ${subscriber.first_name}</p>
                <p><a href="${links.unsubscribe}">Unsubscribe</a></p>
                <p>${newsletter.postal_address}</p>
                </body></html>
                """, RenderFixtures.plainTextTemplate());
        PreparedIssue issue = RenderFixtures.prepare(sample, TemplateSet.fromDirectory(theme), RenderFixtures.TEST_SECRET);
        // The CSS parser re-serialises declarations (#FF0000 becomes rgb(255, 0, 0)) and the cascade
        // reads "; font-size: 40px" as a declaration of its own: a value there changes what inlining writes.
        for (String color : List.of("red", "#FF0000", "#0b5cad", "red; font-size: 40px", "blue !important",
                "expression(alert(1))", "url(javascript:alert(1))", "\"><script>alert(1)</script>", "\uE000\uE100\uE001", " ")) {
            Recipient recipient = new Recipient("zoe.martin@example.org", "Zoë Martin", Map.of("color", color));
            String full = issue.renderOne(recipient).html();
            RenderFixtures.assertSameDocument(full, issue.render(recipient).html(), () -> "color: " + color);
        }
        Recipient plain = new Recipient("zoe.martin@example.org", "Zoë Martin", Map.of("color", "red"));
        assertFalse(RenderFixtures.htmlFromStencil(issue, plain), "a value in CSS cannot be filled into a stencil");
        assertTrue(issue.render(plain).html().contains("<p class=\"accent\" style=\"font-size: 16px; font-weight: bold; color: red\">"),
                issue.render(plain).html());
    }

    @Test
    void aFieldThatStylesheetSelectorsMatchOnRendersAsFullInliningWould() {
        Path theme = RenderFixtures.theme(dir, "tiers", """
                <!DOCTYPE html>
                <html><head><meta name="color-scheme" content="light dark">
                <style>
                .tier-gold { font-weight: bold; }
                #member-vip { font-style: italic; }
                a[href^="https://trainingzone.example/unsubscribe?email=zoe"] { text-decoration: none; }
                td[title="Zoë"] { padding: 4px; }
                </style></head>
                <body>
                <p class="tier-${subscriber.fields.tier}" id="member-${subscriber.fields.tier}">Hi ${subscriber.first_name}</p>
                <table><tr><td title=${subscriber.name}>${subscriber.name}</td></tr></table>
                <p><a href="${links.unsubscribe}">Unsubscribe</a></p>
                <p>${newsletter.postal_address}</p>
                </body></html>
                """, RenderFixtures.plainTextTemplate());
        // The selector matches the unsubscribe link by the address in it: the {email} form, not the sealed one.
        Digest inClear = RenderFixtures.load(RenderFixtures.sampleWithEmailAndToken(dir, "in-clear.yaml"));
        PreparedIssue issue = RenderFixtures.prepare(inClear, TemplateSet.fromDirectory(theme), RenderFixtures.TEST_SECRET);
        List<Recipient> recipients = List.of(
                new Recipient("zoe.martin@example.org", "Zoë Martin", Map.of("tier", "gold")),
                new Recipient("zoe.martin@example.org", "Zoë", Map.of("tier", "vip")),
                new Recipient("jane.bozarth@example.org", "Jane Bozarth", Map.of("tier", "silver")));
        for (Recipient recipient : recipients) {
            RenderFixtures.assertSameDocument(issue.renderOne(recipient).html(), issue.render(recipient).html(), recipient::toString);
        }
        String gold = issue.render(recipients.get(0)).html();
        assertTrue(gold.contains("<p class=\"tier-gold\" id=\"member-gold\" style=\"font-weight: bold\">"), gold);
        assertTrue(gold.contains("style=\"text-decoration: none\">Unsubscribe"), gold);
        // Unquoted, "Zoë Martin" is two attributes, as it would be in a browser.
        assertTrue(gold.contains("<td title=\"Zoë\" martin style=\"padding: 4px\">"), gold);
        assertFalse(issue.render(recipients.get(2)).html().contains("style=\"text-decoration: none\">Unsubscribe"));
    }

    @Test
    void aTemplateThatTransformsAValueStillMatchesFullInlining() {
        Path theme = RenderFixtures.theme(dir, "transforms", """
                <!DOCTYPE html>
                <html><head><meta name="color-scheme" content="light dark"><style>p { color: #333333; }</style></head>
                <body>
                <p>${subscriber.name?upper_case} (${subscriber.name?length}) ${subscriber.email?keep_before("@")}</p>
                <#if subscriber.name?starts_with("Z")><p>Z!</p></#if>
                <p><a href="${links.unsubscribe}">Unsubscribe</a></p>
                <p>${newsletter.postal_address}</p>
                </body></html>
                """, RenderFixtures.plainTextTemplate());
        PreparedIssue issue = RenderFixtures.prepare(sample, TemplateSet.fromDirectory(theme), RenderFixtures.TEST_SECRET);
        for (Recipient recipient : RenderFixtures.sampleRecipients()) {
            RenderFixtures.assertSameDocument(issue.renderOne(recipient).html(), issue.render(recipient).html(), recipient::toString);
        }
    }

    private static void assertSameAsFullInlining(PreparedIssue issue) {
        List<Recipient> recipients = hostileRecipients();
        // Twice over, so that every recipient also meets a stencil another recipient's shape built.
        for (int round = 0; round < 2; round++) {
            for (Recipient recipient : recipients) {
                // render() takes the stencil wherever it applies, so this compares it with full inlining.
                String full = issue.renderOne(recipient).html();
                RenderFixtures.assertSameDocument(full, issue.render(recipient).html(), () -> "rendered HTML for " + recipient);
                assertEquals(issue.renderOne(recipient).text(), issue.render(recipient).text(), () -> "text for " + recipient);
            }
        }
        assertFalse(recipients.isEmpty());
    }

    @Test
    void aTextTemplateThatTransformsAValueFallsBackToWrappingInFull() {
        Path theme = RenderFixtures.theme(dir, "shouting", """
                <!DOCTYPE html>
                <html><head><title>${issue.title}</title></head>
                <body><p>Hi ${subscriber.name}</p><p><a href="${links.unsubscribe}">Unsubscribe</a></p></body></html>
                """, """
                Hi ${subscriber.name?upper_case}, and <#if subscriber.name?starts_with("Z")>Z-people</#if> welcome.
                ${issue.title} ${issue.title} ${issue.title} ${issue.title} ${issue.title} ${issue.title} ${issue.title}
                Unsubscribe: ${links.unsubscribe}
                """);
        PreparedIssue issue = RenderFixtures.prepare(sample, TemplateSet.fromDirectory(theme), RenderFixtures.TEST_SECRET);
        for (Recipient recipient : RenderFixtures.sampleRecipients()) {
            RenderedEmail email = issue.render(recipient);
            assertEquals(issue.renderOne(recipient).text(), email.text(), recipient::toString);
            assertTrue(email.text().contains(recipient.name() == null ? "" : recipient.name().toUpperCase(java.util.Locale.ROOT)));
        }
        assertFalse(RenderFixtures.textFromStencil(issue, new Recipient("zoe@example.org", "Zoë", Map.of())),
                "a name the template changes cannot come from the stencil");
        assertTrue(RenderFixtures.textFromStencil(issue, new Recipient("x@example.org", "", Map.of())),
                "an empty name reads the same either way: the stencil applies");
    }

    static List<Recipient> hostileRecipients() {
        List<String> names = new ArrayList<>(List.of(
                "<script>alert(1)</script>",
                "Tom &amp; Jerry & Co",
                "Liam O'Brien",
                "\"Quoted\" 'Single' `Back`",
                "Zoë Martin",
                "田中 明",
                "Ольга Иванова",
                "مريم الحسن",
                "😀 Smile",
                "👩‍👩‍👧 Family",
                "",
                " ",
                "\uE000",
                "\uE000\uE100\uE001 Marker",
                "\uE001\uE000\uE104",
                "Ana\u00a0Lima",
                "Tab\there",
                "a\u0000b",
                "Line\r\nBreak",
                "</p></td></tr></table><p>",
                "&lt;not a tag&gt; &#39; &nbsp;",
                "x=\"y\" onmouseover=alert(1)",
                "-->",
                "Schmidt, Hannah"));
        List<Recipient> recipients = new ArrayList<>();
        recipients.add(new Recipient("zoe.martin@example.org", null, Map.of()));
        for (String name : names) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("company", name);
            fields.put("role", "<b>" + name + "</b>");
            fields.put("first_name", name.strip().isEmpty() ? "" : name);
            recipients.add(new Recipient("zoe.martin@example.org", name, Map.of()));
            recipients.add(new Recipient("zoe.martin@example.org", name, fields));
        }
        recipients.add(new Recipient("o'brien+tag@example.org", "Liam O'Brien", Map.of()));
        recipients.add(new Recipient("zoë+tag@example.org", "Zoë", Map.of("company", "Northwind & Co")));
        recipients.add(new Recipient("\"odd local\"@example.org", "Odd", Map.of()));
        recipients.add(new Recipient("a&b@example.org", "A&B", Map.of("company", "\uE000\uE100\uE001")));
        return recipients;
    }
}
