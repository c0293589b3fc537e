/**
 * The link checker of {@code validate --check-links}: every link of the digest fetched politely
 * (per-host limits, HEAD then GET, redirects followed and named), each verdict at the line of the
 * link. Depends on {@code digest} and {@code digest.load}.
 */
package dev.tidings.links;
