package dev.tidings.render;

import dev.tidings.digest.Digest;
import dev.tidings.render.css.CssInliner;
import dev.tidings.render.markdown.MarkdownHtml;
import dev.tidings.render.markdown.MarkdownText;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    /**
     * The issue's page, CSS inlined like the email, so that it looks the same.
     *
     * @param home the archive's public URL, absolute and ending in "/", for the page's canonical URL
     *             and the tags that previews of a shared link read (OpenGraph, Twitter cards); null
     *             leaves out the tags that must be absolute
     */
    public WebPage page(Digest digest, TemplateSet templates, String home) {
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
        Map<String, Object> root = new HashMap<>(model.forWeb(Map.copyOf(links)));
        root.put("share", SharedLink.ofIssue(digest, templates.strings(digest).tag(), home));
        String html = inliner.inline(templates.renderHtml(root));
        return new WebPage(html, List.copyOf(IssueCalendar.files(digest).values()));
    }

    /**
     * The index of issues, in the order given (newest first), with the newsletter of the first.
     * Each entry is the issue as templates know it ({@code issue.*}), plus {@code url}, relative;
     * {@code issues} lists them all, {@code years} by year, newest first ({@code year.year},
     * {@code year.issues}).
     *
     * @param home   as for {@link #page}
     * @param search whether to add the static search ({@code search.index}, {@code search.script}: {@link SearchIndex})
     */
    public String index(List<Digest> newestFirst, TemplateSet templates, String home, boolean search) {
        List<Map<String, Object>> issues = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (Digest digest : newestFirst) {
            Map<String, Object> issue = new HashMap<>(model(digest, templates).htmlIssue());
            String url = digest.issue().id() + "/index.html"; // named, for the disk too (see page())
            issue.put("url", url);
            urls.add(url);
            issues.add(Map.copyOf(issue));
        }
        Digest newest = newestFirst.get(0);
        Map<String, Object> root = new HashMap<>();
        root.put("view", "web");
        EmailModel newestModel = model(newest, templates);
        root.put("newsletter", newestModel.htmlNewsletter());
        newestModel.putLanguage(root);
        root.put("issues", List.copyOf(issues));
        root.put("years", byYear(newestFirst, issues));
        root.put("links", Map.of("website", orEmpty(newest.newsletter().website()), "feed_atom", ATOM_FEED, "feed_json", JSON_FEED,
                "subscribe", signupForm(newest)));
        root.put("share", SharedLink.ofIndex(newest, templates.strings(newest).tag(), home));
        if (search) {
            root.put("search", Map.of("index", SearchIndex.json(newestFirst, urls), "script", SearchIndex.SCRIPT));
        }
        return templates.renderIndex(root);
    }

    /** The issues (newest first) grouped by the year of their date, newest year first. */
    private static List<Map<String, Object>> byYear(List<Digest> newestFirst, List<Map<String, Object>> issues) {
        Map<Integer, List<Map<String, Object>>> years = new TreeMap<>(Comparator.reverseOrder());
        for (int i = 0; i < newestFirst.size(); i++) {
            years.computeIfAbsent(newestFirst.get(i).issue().date().getYear(), year -> new ArrayList<>()).add(issues.get(i));
        }
        return years.entrySet().stream()
                .map(year -> Map.<String, Object>of("year", Integer.toString(year.getKey()), "issues", List.copyOf(year.getValue())))
                .toList();
    }

    /**
     * Where the subscribe box posts: {@code newsletter.subscribe_url}, else serve's /subscribe under
     * {@code public_url}; empty when neither is set, and the theme shows no box.
     */
    private static String signupForm(Digest digest) {
        return orEmpty(digest.newsletter().signupAction());
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
