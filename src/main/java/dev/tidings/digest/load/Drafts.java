package dev.tidings.digest.load;

import dev.tidings.digest.Digest;
import dev.tidings.digest.Item;
import dev.tidings.digest.Problem;
import dev.tidings.digest.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * Items marked {@code draft: true}: {@code tidings add} drafted them from the page, whose own
 * description is their summary. Sent as they are, the page's words would go out under the
 * editor's name; so {@code validate} and {@code render} warn at each, and {@code send} refuses the
 * digest while one is left, except for a proof or a dry run (the editor looking at it), as does
 * {@code archive} (the archive is as public as the mail).
 */
public final class Drafts {
    private Drafts() {
    }

    /** One warning per draft item, at its {@code draft: true}. */
    public static List<Problem> warnings(Digest digest, SourceMap map) {
        List<Problem> problems = new ArrayList<>();
        if (digest == null || digest.issue() == null) {
            return problems;
        }
        for (Item item : digest.issue().items()) {
            if (item.draft()) {
                String path = "issue.items[" + (item.number() - 1) + "].draft";
                problems.add(Problem.warning(map.valueOf(path), path, "item " + item.number() + " is a draft by tidings add:"
                        + " its summary is the page's own description; rewrite it, then delete `draft: true`"));
            }
        }
        return problems;
    }

    /**
     * For send and archive, which put the issue in front of readers: the first draft as an error,
     * with how many there are and what was not done; null when there is none.
     */
    public static String refusal(LoadedDigest loaded, String consequence) {
        List<Problem> drafts = warnings(loaded.digest(), loaded.sourceMap());
        if (drafts.isEmpty()) {
            return null;
        }
        Problem first = drafts.get(0);
        String more = drafts.size() > 1 ? " (and " + (drafts.size() - 1) + " more draft" + (drafts.size() > 2 ? "s" : "") + ")" : "";
        return new Problem(Severity.ERROR, first.file(), first.line(), first.column(), first.field(),
                first.message()).format() + more + "; " + consequence;
    }
}
