package dev.tidings.preview;

import dev.tidings.render.Preflight;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The email's HTML as shown in the preview frame, with three changes that exist only in the
 * preview: links open outside the frame, dark mode can be forced, and a marker shows where Gmail
 * would clip a message over 102 KB.
 */
final class PreviewHtml {
    private static final Pattern DARK_QUERY = Pattern.compile("@media\\s*\\(\\s*prefers-color-scheme\\s*:\\s*dark\\s*\\)");
    private static final String CLIP_MARKER = "<div style=\"border-top:3px dashed #d93025;color:#d93025;font:bold 13px sans-serif;"
            + "padding:4px;background:#fff\">Gmail clips the message here (102 KB); the rest shows only after \"View entire message\"</div>";

    private PreviewHtml() {
    }

    static String forFrame(String html, boolean dark) {
        String shown = html.replaceFirst("(?i)<head>", "<head><base target=\"_blank\">");
        if (dark) {
            // A client in dark mode applies the theme's dark rules: make them unconditional.
            shown = DARK_QUERY.matcher(shown).replaceAll("@media all");
        }
        return withClipMarker(shown, html);
    }

    private static final Pattern OPENING_TAG = Pattern.compile("<[A-Za-z]");

    /** Inserts the marker before the first element that starts past the clipping point of the real HTML. */
    static String withClipMarker(String shown, String original) {
        byte[] bytes = original.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= Preflight.GMAIL_CLIP_BYTES) {
            return shown;
        }
        int charOffset = new String(bytes, 0, Preflight.GMAIL_CLIP_BYTES, StandardCharsets.UTF_8).length();
        int shift = shown.length() - original.length();
        var opening = OPENING_TAG.matcher(shown);
        if (!opening.find(Math.min(shown.length(), Math.max(0, charOffset + Math.max(0, shift))))) {
            return shown + CLIP_MARKER;
        }
        int tag = opening.start();
        return shown.substring(0, tag) + CLIP_MARKER + shown.substring(tag);
    }
}
