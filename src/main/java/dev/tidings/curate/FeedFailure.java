package dev.tidings.curate;

import dev.tidings.links.FetchFailure;

/**
 * Why a feed could not be read, in the editor's words ("not a feed (it is an HTML page: ...)",
 * "malformed XML at line 12: ..."): a verdict about the whole feed, never a stack trace. An entry
 * the reader cannot use is not a failure: it is skipped and named in {@link FeedRead#skipped()}.
 * Jackson quotes the token it could not read ("Unrecognized token 'tru&lt;ESC&gt;'"), so control
 * characters are shown as {@code \x1B}, as a page's failure has them, not sent to the terminal.
 */
public final class FeedFailure extends Exception {
    public FeedFailure(String reason) {
        super(FetchFailure.visible(reason));
    }
}
