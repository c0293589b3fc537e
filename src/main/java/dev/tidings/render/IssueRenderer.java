package dev.tidings.render;

import dev.tidings.digest.Digest;

/**
 * Turns a valid digest into emails. {@link #prepare} does the per-issue work once (templates,
 * Markdown, the model); the returned {@link PreparedIssue} then renders each recipient cheaply.
 */
public final class IssueRenderer {
    /** Plain text is wrapped at 72 columns, the convention that leaves room for quoting in replies. */
    public static final int TEXT_WIDTH = 72;

    private final MarkdownHtml markdownHtml = new MarkdownHtml();
    private final MarkdownText markdownText = new MarkdownText();
    private final CssInliner inliner = new CssInliner();

    public PreparedIssue prepare(Digest digest, TemplateSet templates, UnsubscribeLinks unsubscribe) {
        EmailModel model = new EmailModel(digest, markdownHtml, markdownText);
        return new PreparedIssue(digest, templates, model, unsubscribe, inliner);
    }
}
