package dev.tidings.render;

import dev.tidings.digest.Digest;
import dev.tidings.render.css.CssInliner;
import dev.tidings.render.markdown.MarkdownHtml;
import dev.tidings.render.markdown.MarkdownText;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The archive's pages: each issue as the email would show it, with {@code view} "web" and no
 * subscriber, and an index of issues. Links between pages are relative, so that the site works
 * wherever it is served from (and from the disk); the feeds, which leave the site, use absolute ones.
 *
 * <p>Site layout, stable by issue id: {@code ID/index.html} and its {@code ID/*.ics},
 * {@code index.html}, {@value #ATOM_FEED} and {@value #JSON_FEED}.
 */
public final class WebRenderer {
    public static final String ATOM_FEED = "feed.xml";
    public static final String JSON_FEED = "feed.json";

    private final CssInliner inliner = new CssInliner();

    /** The issue's page, CSS inlined like the email, so that it looks the same. */
    public WebPage page(Digest digest, TemplateSet templates) {
        EmailModel model = model(digest, templates);
        Map<String, Object> links = new HashMap<>(emptyPersonalLinks());
        links.put("website", orEmpty(digest.newsletter().website()));
        links.put("web_version", "");
        // index.html named, not "../": a site opened from the disk (file://) shows a folder listing
        // for a directory link, while every static host serves the named file as well.
        links.put("archive", "../index.html");
        links.put("feed_atom", "../" + ATOM_FEED);
        links.put("feed_json", "../" + JSON_FEED);
        links.put("subscribe", signupForm(digest));
        String html = inliner.inline(templates.renderHtml(model.forWeb(Map.copyOf(links))));
        return new WebPage(html, List.copyOf(IssueCalendar.files(digest).values()));
    }

    /**
     * The index of issues, in the order given (newest first), with the newsletter of the first.
     * Each entry is the issue as templates know it ({@code issue.*}), plus {@code url}, relative.
     */
    public String index(List<Digest> newestFirst, TemplateSet templates) {
        List<Map<String, Object>> issues = new ArrayList<>();
        for (Digest digest : newestFirst) {
            Map<String, Object> issue = new HashMap<>(model(digest, templates).htmlIssue());
            issue.put("url", digest.issue().id() + "/index.html"); // named, for the disk too (see page())
            issues.add(Map.copyOf(issue));
        }
        Digest newest = newestFirst.get(0);
        Map<String, Object> root = new HashMap<>();
        root.put("view", "web");
        EmailModel newestModel = model(newest, templates);
        root.put("newsletter", newestModel.htmlNewsletter());
        newestModel.putLanguage(root);
        root.put("issues", List.copyOf(issues));
        root.put("links", Map.of("website", orEmpty(newest.newsletter().website()), "feed_atom", ATOM_FEED, "feed_json", JSON_FEED,
                "subscribe", signupForm(newest)));
        return templates.renderIndex(root);
    }

    /** The signup form of tidings serve, when the newsletter says where it runs (public_url); else empty. */
    private static String signupForm(Digest digest) {
        return digest.newsletter().publicRoot() == null ? "" : digest.newsletter().publicRoot() + "subscribe";
    }

    /**
     * The model of the web flavour: .ics links relative to the page, which sits beside them, and
     * links as the editor wrote them: UTM parameters say "this visit came from the email", which a
     * visit from the archive did not.
     */
    private static EmailModel model(Digest digest, TemplateSet templates) {
        UnaryOperator<String> asWritten = UnaryOperator.identity();
        return new EmailModel(digest, new MarkdownHtml(asWritten), new MarkdownText(asWritten), asWritten,
                IssueCalendar.files(digest), "", templates.strings(digest));
    }

    private static Map<String, Object> emptyPersonalLinks() {
        return Map.of("unsubscribe", "", "unsubscribe_url", "", "unsubscribe_mailto", "");
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
