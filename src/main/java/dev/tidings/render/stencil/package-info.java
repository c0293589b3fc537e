/**
 * The per-recipient fast path: an issue's HTML and text rendered once with markers where personal
 * values go, then filled in per recipient ({@link dev.tidings.render.stencil.HtmlStencil},
 * {@link dev.tidings.render.stencil.TextStencil}) instead of running the templates again. Speed
 * work in a room of its own: {@code render.PreparedIssue} uses it only where it gives the same bytes
 * as the templates (the golden and property tests compare both paths).
 */
package dev.tidings.render.stencil;
