package dev.tidings.preview;

import dev.tidings.render.Preflight;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreviewHtmlTest {
    @Test
    void aSmallEmailGetsNoClipMarker() {
        String html = "<!DOCTYPE html><html><head></head><body><p>short</p></body></html>";
        assertFalse(PreviewHtml.forFrame(html, false).contains("Gmail clips"));
    }

    @Test
    void theMarkerGoesBeforeTheFirstTagPastGmailsLimit() {
        String paragraph = "<p>" + "x".repeat(996) + "</p>"; // 1003 bytes
        String html = "<!DOCTYPE html><html><head></head><body>" + paragraph.repeat(120) + "</body></html>";
        String shown = PreviewHtml.forFrame(html, false);
        int marker = shown.indexOf("Gmail clips the message here");
        assertTrue(marker > 0, "marker present");
        String before = shown.substring(0, shown.lastIndexOf("<div", marker));
        int originalBytesBefore = before.replace("<base target=\"_blank\">", "").getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(originalBytesBefore >= Preflight.GMAIL_CLIP_BYTES && originalBytesBefore < Preflight.GMAIL_CLIP_BYTES + paragraph.length(),
                "just past the limit: " + originalBytesBefore);
        assertTrue(before.endsWith("</p>"), "between elements, not inside one");
    }

    @Test
    void darkModeRewritesOnlyTheDarkQuery() {
        String html = "<html><head><style>@media (prefers-color-scheme: dark) { a { color: white } }"
                + "@media screen and (max-width: 620px) { a { color: red } }</style></head><body></body></html>";
        String dark = PreviewHtml.forFrame(html, true);
        assertTrue(dark.contains("@media all { a { color: white } }"), dark);
        assertTrue(dark.contains("@media screen and (max-width: 620px)"), dark);
        assertEquals(html.replace("<head>", "<head><base target=\"_blank\">"), PreviewHtml.forFrame(html, false));
    }
}
