package dev.tidings.preview;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Content-Security-Policy (CSP Level 3) of each kind of answer. Mail is the hostile part:
 * a web page can plant a message in the sandbox (browsers let a page POST SMTP commands to port
 * 2525) and a theme can carry a script, and either, run as our origin, read the subscriber list
 * or the whole inbox and sent it away.
 */
final class Csp {
    /**
     * JSON, text, .eml and error answers: nothing in them runs or loads, no page frames them, and
     * one opened directly is an opaque origin ({@code sandbox}).
     */
    static final String DATA = "default-src 'none'; frame-ancestors 'none'; sandbox";

    /**
     * Mail HTML (a caught message, the rendered email), framed by our pages or opened by its URL.
     * {@code sandbox} without {@code allow-scripts} stops every script and event handler even when
     * the URL is opened directly, where the sandboxed frame of our pages does not reach; without
     * {@code allow-same-origin} the document is an opaque origin, so a script that ran anyway could
     * not read our other routes. {@code script-src 'none'} says the first again for any browser
     * that ignores {@code sandbox} in a header. Popups stay allowed, and escape the sandbox, so the
     * email's links open as ordinary pages. Images, styles and fonts load as a mail client loads
     * them: that is what is being looked at.
     */
    static final String MAIL = "sandbox allow-popups allow-popups-to-escape-sandbox; script-src 'none'; object-src 'none';"
            + " form-action 'none'; frame-ancestors 'self'";

    private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);
    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    private Csp() {
    }

    /**
     * For one of our own pages: only the inline {@code <script>} and {@code <style>} elements of
     * {@code template} run or apply (allowed by their SHA-256, so nothing injected into the page
     * could), it fetches and frames our own routes only, and no other site may frame it.
     */
    static String page(String template) {
        return "default-src 'none'; script-src " + hashes(SCRIPT, template) + "; style-src " + hashes(STYLE, template)
                + "; connect-src 'self'; frame-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private static String hashes(Pattern element, String template) {
        List<String> sources = new ArrayList<>();
        Matcher matcher = element.matcher(template);
        while (matcher.find()) {
            sources.add("'sha256-" + Base64.getEncoder().encodeToString(sha256(matcher.group(1))) + "'");
        }
        return sources.isEmpty() ? "'none'" : String.join(" ", sources);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
