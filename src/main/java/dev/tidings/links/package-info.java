/**
 * Fetching the web politely. The link checker of {@code validate --check-links}: every link of the
 * digest asked (per-host limits, HEAD then GET, redirects followed and named), each verdict at the
 * line of the link. The page fetcher of {@code tidings add} ({@link dev.tidings.links.PageFetcher}): one page read
 * whole, within a size and a time limit. Both ask through {@code PoliteClient} and follow redirects
 * with {@code RedirectChain}. Depends on {@code digest} and {@code digest.load}.
 */
package dev.tidings.links;
