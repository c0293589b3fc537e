/**
 * Markdown fields of the digest to HTML ({@link dev.tidings.render.markdown.MarkdownHtml}) and to
 * plain text ({@link dev.tidings.render.markdown.MarkdownText}), their links tagged with UTM
 * parameters ({@link dev.tidings.render.markdown.LinkTagger}), and the plain text wrapped at 72
 * columns ({@link dev.tidings.render.markdown.TextWrapper}). Depends on {@code digest} only.
 */
package dev.tidings.render.markdown;
