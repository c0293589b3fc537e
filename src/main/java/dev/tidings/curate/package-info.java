/**
 * Curation, {@code tidings add}: a link, or the entries of a bookmarks feed, drafted into an item
 * from what the page declares about itself (JSON-LD, OpenGraph, Twitter cards, {@code citation_*},
 * the title), and appended to the digest by editing its YAML text in place, every other byte kept.
 * Pages are fetched through {@code links} (its politeness and limits). Depends on {@code digest},
 * {@code digest.load} and {@code links}.
 */
package dev.tidings.curate;
