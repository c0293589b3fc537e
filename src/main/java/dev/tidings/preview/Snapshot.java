package dev.tidings.preview;

import dev.tidings.digest.Problem;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;

import java.util.List;

/**
 * One rendering of the digest as it was on disk at a moment: either a prepared issue (with its
 * warnings), or the problems that make it unrenderable right now (an editor mid-edit).
 *
 * @param version     increases with every re-render; the page reloads when it changes
 * @param issue       null when the digest or its templates have errors
 * @param problems    errors and warnings, located; errors only when issue is null
 * @param recipients  subscribers the page can switch between (the first ones of the list)
 * @param htmlBytes   the size of the HTML for the sample recipient, for the 102 KB clipping gauge
 */
record Snapshot(long version, PreparedIssue issue, List<Problem> problems, List<Recipient> recipients, int htmlBytes) {
    Snapshot {
        problems = List.copyOf(problems);
        recipients = List.copyOf(recipients);
    }

    boolean ok() {
        return issue != null;
    }
}
