/**
 * Rendering one issue: the template model ({@link dev.tidings.render.EmailModel}), the FreeMarker
 * templates and their limits ({@link dev.tidings.render.TemplateSet}, {@link dev.tidings.render.TemplateRun}),
 * the issue prepared once and filled in per recipient ({@link dev.tidings.render.PreparedIssue} to
 * {@link dev.tidings.render.RenderedEmail}), unsubscribe links and tokens, calendar files, the
 * preflight checks of the result, the web page of an issue, and the output files of {@code render}.
 *
 * <p>Its speed work and its parsers live in rooms of their own: {@code render.css} (the inliner),
 * {@code render.markdown} (Markdown to HTML and to text, link tagging, text wrapping),
 * {@code render.stencil} (the per-recipient fast path). Depends on {@code digest} and
 * {@code subscribers}; never on mail: building and sending come after rendering.
 */
package dev.tidings.render;
