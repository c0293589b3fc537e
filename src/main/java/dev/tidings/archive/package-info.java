/**
 * The web archive: a static site of all issues (a page per issue, an index, Atom and JSON feeds)
 * built from digests, and written so that a re-run rewrites only what changed.
 *
 * <p>A package of its own rather than part of {@code render}: it works on many digests at once and
 * writes a directory tree, while {@code render} turns one issue into pages. It depends on
 * {@code render} for the pages and on {@code digest} for the model; nothing depends on it but {@code cli}.
 */
package dev.tidings.archive;
