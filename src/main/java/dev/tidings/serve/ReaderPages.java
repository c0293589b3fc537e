package dev.tidings.serve;

import dev.tidings.digest.Newsletter;
import dev.tidings.render.TemplateSet;
import dev.tidings.render.ThemeStrings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages a reader sees, rendered with the theme's {@code serve/page.html.ftlh} (auto-escaped),
 * and the Content-Security-Policy each is served under: nothing loads from anywhere, forms post
 * only to us, no site may frame a page (clickjacking the confirm or unsubscribe button), and the
 * only script that runs is {@link #SUBMIT}, allowed by its SHA-256. Every word a reader sees is
 * the theme's, in {@code newsletter.language} (issue 21): the keys {@code serve_*} of its bundles.
 */
final class ReaderPages {
    static final String PAGE = "serve/page.html.ftlh";
    static final String MAIL_HTML = "serve/confirm-mail.html.ftlh";
    static final String MAIL_TEXT = "serve/confirm-mail.txt.ftl";

    /**
     * Submits the page's one form as soon as it is shown. On the confirmation page a person
     * confirms with the click in the mail alone (listmonk's readers, asked for a second click,
     * thought they were subscribed when they were not); a link scanner runs no script, so its GET
     * changes nothing. Not used on the unsubscribe page: there the RFC 8058 POST is the one click,
     * and a person who opened the page from the footer confirms with the button.
     */
    static final String SUBMIT = "document.getElementById('action').submit();";
    private static final String SUBMIT_HASH = "'sha256-" + sha256(SUBMIT) + "'";
    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    private final TemplateSet theme;
    private final Map<String, Object> newsletter;
    private final String publicRoot;
    private final ThemeStrings words;

    ReaderPages(TemplateSet theme, Newsletter newsletter, String publicRoot) {
        this.theme = theme;
        this.words = theme.strings(newsletter);
        this.publicRoot = publicRoot;
        Map<String, Object> map = new HashMap<>();
        map.put("name", newsletter.name());
        map.put("website", newsletter.website() == null ? "" : newsletter.website());
        map.put("description", newsletter.description() == null ? "" : newsletter.description());
        map.put("postal_address", newsletter.postalAddress());
        map.put("public_url", publicRoot);
        this.newsletter = Map.copyOf(map);
    }

    /** A rendered page and its policy. */
    record Page(int status, String html, String csp) {
    }

    /** One page: a title, paragraphs, optionally a form of hidden fields and a button. */
    static final class Builder {
        private final Map<String, Object> page = new LinkedHashMap<>();
        private final List<String> paragraphs = new ArrayList<>();

        Builder(String title) {
            page.put("title", title);
            page.put("paragraphs", paragraphs);
            page.put("signup", false);
            page.put("form", "");
            page.put("script", "");
            page.put("subscribe_url", "");
        }

        Builder say(String paragraph) {
            paragraphs.add(paragraph);
            return this;
        }

        Builder form(String action, String button, Map<String, String> fields) {
            List<Map<String, String>> list = new ArrayList<>();
            fields.forEach((name, value) -> list.add(Map.of("name", name, "value", value)));
            page.put("form", Map.of("action", action, "button", button, "fields", list));
            return this;
        }

        Builder signup(String action, String button) {
            page.put("signup", true);
            return form(action, button, Map.of());
        }

        Builder submitAtOnce() {
            page.put("script", SUBMIT);
            return this;
        }

        Builder subscribeLink(String url) {
            page.put("subscribe_url", url);
            return this;
        }
    }

    /** A message of the theme in the newsletter's language. */
    String say(String key) {
        return words.get(key);
    }

    /** A message with its one placeholder filled ({@code {email}} in "{email} will receive no more issues."). */
    String say(String key, String placeholder, String value) {
        return words.say(key, Map.of(placeholder, value));
    }

    /** The signup form, under the title and with the button "Subscribe" in the newsletter's language. */
    Builder signupForm() {
        return new Builder(say("subscribe")).signup("subscribe", say("subscribe"));
    }

    Page render(int status, Builder builder) {
        String html = theme.renderOptional(PAGE, model(Map.of("newsletter", newsletter, "page", builder.page)));
        boolean script = !builder.page.get("script").toString().isEmpty();
        return new Page(status, html, csp(html, script));
    }

    /** The subject, HTML and text of the confirmation mail. */
    ConfirmationMailer.Mail confirmationMail(String to, String confirmUrl, long days) {
        Map<String, Object> model = model(Map.of("newsletter", newsletter, "subscriber", Map.of("email", to),
                "link", Map.of("confirm", confirmUrl, "expires_days", days)));
        // Any script: ConfirmationMailer gives the charset, so Jakarta Mail encodes the Subject (RFC 2047).
        return new ConfirmationMailer.Mail(to, say("serve_mail_subject", "newsletter", newsletter.get("name").toString()),
                theme.renderOptional(MAIL_HTML, model), theme.renderOptional(MAIL_TEXT, model));
    }

    /** The template's own names and the language's: {@code t}, {@code fill}, {@code lang}, {@code dir}. */
    private Map<String, Object> model(Map<String, Object> names) {
        Map<String, Object> model = new HashMap<>(names);
        words.putLanguage(model);
        return model;
    }

    String url(String route) {
        return publicRoot + route;
    }

    /**
     * The theme's {@code <style>} elements are allowed by their hashes, taken from the page as
     * rendered (the theme is the editor's own); a script only by the hash of {@link #SUBMIT}.
     */
    static String csp(String html, boolean script) {
        List<String> styles = new ArrayList<>();
        Matcher matcher = STYLE.matcher(html);
        while (matcher.find()) {
            styles.add("'sha256-" + sha256(matcher.group(1)) + "'");
        }
        return "default-src 'none'; script-src " + (script ? SUBMIT_HASH : "'none'")
                + "; style-src " + (styles.isEmpty() ? "'none'" : String.join(" ", styles))
                + "; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
