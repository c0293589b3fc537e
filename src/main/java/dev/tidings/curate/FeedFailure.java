package dev.tidings.curate;

/**
 * Why a feed could not be read, in the editor's words ("not a feed (it is an HTML page: ...)",
 * "malformed XML at line 12: ..."): a verdict about the whole feed, never a stack trace. An entry
 * the reader cannot use is not a failure: it is skipped and named in {@link FeedRead#skipped()}.
 */
public final class FeedFailure extends Exception {
    public FeedFailure(String reason) {
        super(reason);
    }
}
