package dev.tidings.render;

import dev.tidings.digest.Author;
import dev.tidings.digest.Callout;
import dev.tidings.digest.Digest;
import dev.tidings.digest.Event;
import dev.tidings.digest.Greeting;
import dev.tidings.digest.Image;
import dev.tidings.digest.Issue;
import dev.tidings.digest.Item;
import dev.tidings.digest.Link;
import dev.tidings.digest.Newsletter;
import dev.tidings.digest.Section;
import dev.tidings.render.markdown.LinkTagger;
import dev.tidings.render.markdown.MarkdownHtml;
import dev.tidings.render.markdown.MarkdownText;
import dev.tidings.render.markdown.TextWrapper;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateHTMLOutputModel;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The data model templates see (documented in the README): {@code newsletter}, {@code issue},
 * {@code subscriber} and {@code links}. The issue part is built once per flavour: in the HTML
 * flavour Markdown fields are ready markup, in the text flavour readable plain text, under the
 * same names, so that {@code ${item.summary}} works in both templates.
 *
 * <p>Optional text fields are empty strings when absent (test with {@code ?has_content}); optional
 * objects (author, image, a call-out's link) are missing (test with {@code ??}). Anything else
 * undefined is an error, so a typo in a template fails loudly instead of rendering blank.
 */
final class EmailModel {
    private final Map<String, Object> htmlNewsletter;
    private final Map<String, Object> htmlIssue;
    private final Map<String, Object> textNewsletter;
    private final Map<String, Object> textIssue;
    /** Null when the newsletter has none. */
    private final Greeting greeting;
    private final ThemeStrings strings;

    /**
     * @param tagger    adds UTM parameters to the content's links ({@link LinkTagger}), or leaves them
     * @param calendars the issue's .ics files ({@link IssueCalendar}), by call-out index
     * @param calendarsAt where those files are published (a URL ending in "/", or "" for beside the
     *                  page), or null when they are only attached to the email
     * @param strings   the theme's words in the issue's language
     */
    EmailModel(Digest digest, MarkdownHtml markdownHtml, MarkdownText markdownText, UnaryOperator<String> tagger,
               Map<Integer, CalendarFile> calendars, String calendarsAt, ThemeStrings strings) {
        Function<String, Object> html = md -> markup(markdownHtml.toHtml(md));
        Function<String, Object> inlineHtml = md -> markup(markdownHtml.toInlineHtml(md));
        Function<String, Object> text = markdownText::toText;
        Content content = new Content(tagger, calendars, calendarsAt, new EventTimes(strings.tag()));
        this.strings = strings;
        htmlNewsletter = newsletter(digest.newsletter(), html);
        htmlIssue = issue(digest.issue(), html, inlineHtml, content);
        textNewsletter = newsletter(digest.newsletter(), text);
        textIssue = issue(digest.issue(), text, text, content);
        Greeting written = digest.newsletter().greeting();
        greeting = written == null ? null : written.withDefaults(strings.get("greeting"), strings.get("greeting_without_name"));
    }

    /** What the issue's links and call-outs are made with, the same in both flavours. */
    private record Content(UnaryOperator<String> tagger, Map<Integer, CalendarFile> calendars, String calendarsAt,
                           EventTimes times) {
    }

    /** The theme's words ({@code t}), the filler of their placeholders, and the {@code lang} and {@code dir} of the page. */
    void putLanguage(Map<String, Object> root) {
        strings.putLanguage(root);
    }

    Map<String, Object> forHtml(Personalization personal, Map<String, Object> sharedLinks) {
        return root(htmlNewsletter, htmlIssue, personal, sharedLinks);
    }

    Map<String, Object> forText(Personalization personal, Map<String, Object> sharedLinks) {
        return root(textNewsletter, textIssue, personal, sharedLinks);
    }

    /**
     * The archive's page of the issue: no subscriber (every field empty), no unsubscribe link, and
     * {@code view} "web" so that a template can leave out what only makes sense in an inbox.
     */
    Map<String, Object> forWeb(Map<String, Object> webLinks) {
        Map<String, Object> root = new HashMap<>(8);
        root.put("view", "web");
        root.put("newsletter", htmlNewsletter);
        root.put("issue", htmlIssue);
        root.put("subscriber", Map.of("email", "", "name", "", "first_name", "", "greeting", "", "fields", Map.of()));
        root.put("links", webLinks);
        putLanguage(root);
        return root;
    }

    /** The newsletter part of the HTML flavour, for the archive's index. */
    Map<String, Object> htmlNewsletter() {
        return htmlNewsletter;
    }

    /** The issue part of the HTML flavour, for the archive's index. */
    Map<String, Object> htmlIssue() {
        return htmlIssue;
    }

    private Map<String, Object> root(Map<String, Object> newsletter, Map<String, Object> issue,
                                            Personalization personal, Map<String, Object> sharedLinks) {
        Map<String, Object> root = new HashMap<>(8);
        root.put("view", "email");
        root.put("newsletter", newsletter);
        root.put("issue", issue);
        root.put("subscriber", subscriber(personal));
        Map<String, Object> links = new HashMap<>(sharedLinks);
        links.put("unsubscribe", personal.unsubscribe());
        links.put("unsubscribe_url", personal.unsubscribeUrl());
        root.put("links", links);
        putLanguage(root);
        return root;
    }

    /**
     * The recipient. Its greeting is made from its names here, so that a recipient of the stencil's
     * marked shape ({@link Personalization#withMarkers}) gets markers in it, filled like the names.
     */
    private Map<String, Object> subscriber(Personalization personal) {
        Map<String, Object> subscriber = new HashMap<>(8);
        subscriber.put("email", personal.email());
        subscriber.put("name", personal.name());
        subscriber.put("first_name", personal.firstName());
        subscriber.put("greeting", greeting == null ? "" : greeting.fill(personal.name(), personal.firstName()));
        subscriber.put("fields", personal.fields());
        return subscriber;
    }

    private static Map<String, Object> newsletter(Newsletter n, Function<String, Object> markdown) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", n.name());
        map.put("from", n.from());
        map.put("reply_to", orEmpty(n.replyTo()));
        map.put("website", orEmpty(n.website()));
        map.put("postal_address", n.postalAddress());
        map.put("footer", optionalMarkdown(n.footer(), markdown));
        return Map.copyOf(map);
    }

    private static Map<String, Object> issue(Issue issue, Function<String, Object> markdown, Function<String, Object> inline,
                                             Content content) {
        UnaryOperator<String> tagger = content.tagger();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", issue.id());
        map.put("title", issue.title());
        map.put("title_columns", TextWrapper.columns(issue.title())); // the text version underlines the title this wide
        map.put("subject", issue.subject());
        map.put("preheader", orEmpty(issue.preheader()));
        map.put("date", issue.date().toString());
        map.put("date_long", content.times().dateLong(issue.date()));
        putIfPresent(map, "author", issue.author() == null ? null : author(issue.author(), markdown));
        map.put("standfirst", optionalMarkdown(issue.standfirst(), inline));
        map.put("intro", optionalMarkdown(issue.intro(), markdown));
        putIfPresent(map, "image", image(issue.image()));
        map.put("items", issue.items().stream().map(item -> item(item, markdown, tagger)).toList());
        map.put("closing", optionalMarkdown(issue.closing(), markdown));
        map.put("sections", issue.sections().stream().map(section -> section(section, tagger)).toList());
        List<Map<String, Object>> callouts = new java.util.ArrayList<>();
        for (int i = 0; i < issue.callouts().size(); i++) {
            callouts.add(callout(issue.callouts().get(i), markdown, content, content.calendars().get(i)));
        }
        map.put("callouts", List.copyOf(callouts));
        return Map.copyOf(map);
    }

    private static Map<String, Object> author(Author author, Function<String, Object> markdown) {
        return Map.of("name", author.name(), "url", orEmpty(author.url()), "bio", optionalMarkdown(author.bio(), markdown));
    }

    private static Map<String, Object> item(Item item, Function<String, Object> markdown, UnaryOperator<String> tagger) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("number", item.number());
        map.put("title", item.title());
        map.put("url", tagger.apply(item.url()));
        map.put("author", orEmpty(item.author()));
        map.put("source", orEmpty(item.source()));
        map.put("summary", optionalMarkdown(item.summary(), markdown));
        map.put("quotes", item.quotes());
        map.put("comment", optionalMarkdown(item.comment(), markdown));
        putIfPresent(map, "image", image(item.image()));
        return Map.copyOf(map);
    }

    private static Map<String, Object> section(Section section, UnaryOperator<String> tagger) {
        List<Map<String, Object>> links = section.links().stream()
                .map((Link link) -> Map.<String, Object>of("title", link.title(), "url", tagger.apply(link.url()))).toList();
        return Map.of("heading", section.heading(), "links", links);
    }

    private static Map<String, Object> callout(Callout callout, Function<String, Object> markdown, Content content,
                                               CalendarFile calendar) {
        UnaryOperator<String> tagger = content.tagger();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("heading", callout.heading());
        map.put("body", optionalMarkdown(callout.body(), markdown));
        if (callout.link() != null) {
            map.put("link", Map.of("text", callout.link().text(), "url", tagger.apply(callout.link().url())));
        }
        if (callout.event() != null) {
            map.put("event", event(callout.event(), content, calendar));
        }
        return Map.copyOf(map);
    }

    private static Map<String, Object> event(Event event, Content content, CalendarFile calendar) {
        UnaryOperator<String> tagger = content.tagger();
        String calendarsAt = content.calendarsAt();
        return Map.of("when", content.times().when(event), "start", event.start().toString(), "end", event.end().toString(),
                "location", orEmpty(event.location()), "url", event.url() == null ? "" : tagger.apply(event.url()),
                "calendar_file", calendar.fileName(),
                "calendar_url", calendarsAt == null ? "" : calendarsAt + calendar.fileName());
    }

    private static Map<String, Object> image(Image image) {
        return image == null ? null : Map.of("url", image.url(), "alt", orEmpty(image.alt()));
    }

    private static Object optionalMarkdown(String source, Function<String, Object> markdown) {
        return source == null ? "" : markdown.apply(source);
    }

    private static TemplateHTMLOutputModel markup(String html) {
        try {
            return HTMLOutputFormat.INSTANCE.fromMarkup(html);
        } catch (freemarker.template.TemplateModelException e) {
            throw new IllegalStateException("FreeMarker refused ready HTML", e);
        }
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
