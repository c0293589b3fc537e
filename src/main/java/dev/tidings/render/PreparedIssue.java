package dev.tidings.render;

import dev.tidings.digest.Digest;
import dev.tidings.render.css.CssInliner;
import dev.tidings.render.markdown.TextWrapper;
import dev.tidings.render.stencil.HtmlStencil;
import dev.tidings.render.stencil.TextStencil;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One issue ready to render for any recipient: templates compiled, Markdown converted, the
 * issue's part of the model built, and CSS inlined once per recipient shape (see
 * {@link HtmlStencil}). Thread-safe: sending renders from several threads.
 */
public final class PreparedIssue {
    /** The value of a shape whose stencil cannot be used: every recipient of it is inlined in full. */
    private static final HtmlStencil UNUSABLE = HtmlStencil.unusable();
    /** The same for the text: a shape whose text is wrapped in full for every recipient. */
    private static final TextStencil NO_TEXT_STENCIL = TextStencil.of("", 0, 1);

    private final Digest digest;
    private final TemplateSet templates;
    private final EmailModel model;
    private final UnsubscribeLinks unsubscribe;
    private final CssInliner inliner;
    private final Map<String, Object> sharedLinks;
    private final Map<String, HtmlStencil> stencils = new ConcurrentHashMap<>();
    private final Map<String, TextStencil> textStencils = new ConcurrentHashMap<>();
    /** The plain text's long lines and their wrapping: the same for most recipients (see {@link TextWrapper}). */
    private final Map<String, String> wrappedLines = new ConcurrentHashMap<>();
    private final List<CalendarFile> calendars;

    PreparedIssue(Digest digest, TemplateSet templates, EmailModel model, UnsubscribeLinks unsubscribe, CssInliner inliner,
                  List<CalendarFile> calendars) {
        this.digest = digest;
        this.calendars = calendars;
        this.templates = templates;
        this.model = model;
        this.unsubscribe = unsubscribe;
        this.inliner = inliner;
        String website = digest.newsletter().website();
        String webVersion = digest.newsletter().webVersionOf(digest.issue().id());
        String archive = digest.newsletter().archiveRoot();
        this.sharedLinks = Map.of(
                "unsubscribe_mailto", unsubscribe.sharedMailto() == null ? "" : unsubscribe.sharedMailto(),
                "web_version", webVersion == null ? "" : webVersion,
                "website", website == null ? "" : website,
                "archive", archive == null ? "" : archive,
                "feed_atom", archive == null ? "" : archive + WebRenderer.ATOM_FEED,
                "feed_json", archive == null ? "" : archive + WebRenderer.JSON_FEED);
    }

    public Digest digest() {
        return digest;
    }

    public UnsubscribeLinks unsubscribe() {
        return unsubscribe;
    }

    /** The issue's .ics files, one per call-out with an event: the same for every recipient. */
    public List<CalendarFile> calendars() {
        return calendars;
    }

    /** One email of many: the HTML comes from the recipient shape's stencil when it provably fits. */
    public RenderedEmail render(Recipient recipient) {
        return render(recipient, true);
    }

    /**
     * A single email (render, validate, a preview): inlined in full, since preparing a stencil
     * costs a second template run and a parse that only pay off over many recipients.
     */
    public RenderedEmail renderOne(Recipient recipient) {
        return render(recipient, false);
    }

    private RenderedEmail render(Recipient recipient, boolean viaStencil) {
        UnsubscribeLinks.ForRecipient links = unsubscribe.forRecipient(recipient.email());
        Personalization personal = personalization(recipient, links);
        CharsWriter rendered = templates.renderHtmlChars(model.forHtml(personal, sharedLinks));
        List<String> htmlLines = viaStencil ? fromStencil(personal, rendered) : null;
        String html = null;
        if (htmlLines == null) {
            html = inliner.inline(rendered.toString());
        } else if (personal.hasLineBreak()) {
            html = String.join("\n", htmlLines); // lines are promised free of CR and LF: this HTML goes whole
            htmlLines = null;
        }
        CharsWriter renderedText = templates.renderTextChars(model.forText(personal, sharedLinks));
        List<String> textLines = viaStencil && !personal.hasLineBreak() ? textFromStencil(personal, renderedText) : null;
        String text = textLines != null ? null : TextWrapper.wrap(renderedText.toString(), IssueRenderer.TEXT_WIDTH, wrappedLines);
        return new RenderedEmail(recipient, digest.issue().subject(), html, htmlLines, text, textLines,
                personal.unsubscribe(), links.listUnsubscribeHeader(), unsubscribe.oneClick(), calendars);
    }

    /** The inlined HTML's lines from the shape's stencil, or null when the stencil does not apply. */
    private List<String> fromStencil(Personalization personal, CharsWriter rendered) {
        HtmlStencil stencil = stencils.computeIfAbsent(personal.shape(), shape -> stencilFor(personal));
        return stencil == UNUSABLE ? null : stencil.fill(rendered.chars(), rendered.length(), personal.values());
    }

    /** The wrapped text's lines from the shape's text stencil, or null when it does not apply. */
    private List<String> textFromStencil(Personalization personal, CharsWriter rendered) {
        TextStencil stencil = textStencils.computeIfAbsent(personal.shape(), shape -> textStencilFor(personal));
        return stencil == NO_TEXT_STENCIL ? null : stencil.fill(rendered.chars(), rendered.length(), personal.values(), wrappedLines);
    }

    private TextStencil textStencilFor(Personalization personal) {
        String marked = templates.renderText(model.forText(personal.withMarkers(), sharedLinks));
        TextStencil stencil = TextStencil.of(marked, personal.values().size(), IssueRenderer.TEXT_WIDTH);
        return stencil == null ? NO_TEXT_STENCIL : stencil;
    }

    private HtmlStencil stencilFor(Personalization personal) {
        Personalization marked = personal.withMarkers();
        String markedHtml = templates.renderHtml(model.forHtml(marked, sharedLinks));
        HtmlStencil stencil = HtmlStencil.of(markedHtml, inliner.inline(markedHtml), personal.values().size());
        return stencil == null ? UNUSABLE : stencil;
    }

    private Personalization personalization(Recipient recipient) {
        return personalization(recipient, unsubscribe.forRecipient(recipient.email()));
    }

    private static Personalization personalization(Recipient recipient, UnsubscribeLinks.ForRecipient links) {
        return new Personalization(recipient.email(), recipient.name() == null ? "" : recipient.name(),
                recipient.firstName(), recipient.fields(), links.preferred(), links.url() == null ? "" : links.url());
    }
}
