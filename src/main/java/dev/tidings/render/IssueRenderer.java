package dev.tidings.render;

import dev.tidings.digest.Digest;
import dev.tidings.render.css.CssInliner;
import dev.tidings.render.markdown.LinkTagger;
import dev.tidings.render.markdown.MarkdownHtml;
import dev.tidings.render.markdown.MarkdownText;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Turns a valid digest into emails. {@link #prepare} does the per-issue work once (templates,
 * Markdown, the model); the returned {@link PreparedIssue} then renders each recipient cheaply.
 */
public final class IssueRenderer {
    /** Plain text is wrapped at 72 columns, the convention that leaves room for quoting in replies. */
    public static final int TEXT_WIDTH = 72;

    private final CssInliner inliner = new CssInliner();

    public PreparedIssue prepare(Digest digest, TemplateSet templates, UnsubscribeLinks unsubscribe) {
        UnaryOperator<String> tagger = LinkTagger.forDigest(digest);
        Map<Integer, CalendarFile> calendars = IssueCalendar.files(digest);
        // The archive publishes each .ics beside the issue's page; without one they are only attached.
        String calendarsAt = digest.newsletter().webVersionOf(digest.issue().id());
        EmailModel model = new EmailModel(digest, new MarkdownHtml(tagger), new MarkdownText(tagger), tagger, calendars, calendarsAt,
                templates.strings(digest));
        return new PreparedIssue(digest, templates, model, unsubscribe, inliner, List.copyOf(calendars.values()));
    }
}
