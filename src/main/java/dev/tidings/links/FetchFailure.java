package dev.tidings.links;

/**
 * Why a page could not be fetched, in the editor's words ("timed out after 20 s", "answered
 * 403 Forbidden", "a redirect loop", "larger than 2 MB"): a verdict, never a stack trace.
 */
public final class FetchFailure extends Exception {
    public FetchFailure(String reason) {
        super(reason);
    }
}
