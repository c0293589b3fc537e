package dev.tidings.digest.load;

import dev.tidings.digest.Digest;
import dev.tidings.digest.Newsletter;
import dev.tidings.digest.Problem;
import dev.tidings.digest.SpamAssassinRules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What spam filters score in the fields an editor wrote, each a warning that names the
 * SpamAssassin rule (or, where no rule scores it, the reason) and the fix, at the field's place.
 * What only shows once rendered (image-only mail, an address put in a link by a template) is
 * render's preflight; DKIM alignment is checked where DKIM is configured.
 *
 * <p>Asked for by {@code validate} and {@code render}, the pre-flight commands, not by the loader:
 * {@code send}, {@code serve} and the rest act on a digest the editor has already checked.
 */
public final class DeliverabilityRules {
    /**
     * A From that says replies are not read: noreply@, no-reply@, donotreply@, do-not-reply@,
     * alerts-noreply@... (the word as SpamAssassin's __REPLYTO_NOREPLY spells it, {@code no-?reply@}).
     */
    private static final Pattern NO_REPLY = Pattern.compile(
            "(?i)(?:^|[^a-z0-9])(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|no[-_.]?response)@");
    /** What {@code {email}} becomes for the check: any address shows whether the rule's pattern matches. */
    private static final String SOME_ADDRESS = "reader@example.org";

    private final SourceMap map;
    private final List<Problem> problems = new ArrayList<>();

    private DeliverabilityRules(SourceMap map) {
        this.map = map;
    }

    /** The warnings of a digest without errors, in file order; none for a digest with errors (fix those first). */
    public static List<Problem> of(LoadedDigest loaded) {
        if (loaded.digest() == null || loaded.hasErrors()) {
            return List.of();
        }
        boolean subjectWritten = loaded.sourceMap().has("issue.subject");
        List<Problem> problems = new DeliverabilityRules(loaded.sourceMap()).check(loaded.valid(), subjectWritten);
        problems.sort(Problem.IN_FILE_ORDER);
        return problems;
    }

    private List<Problem> check(Digest digest, boolean subjectWritten) {
        Newsletter newsletter = digest.newsletter();
        noReplyFrom(newsletter);
        addressInUnsubscribeUrl(newsletter);
        subjectAllCaps(digest.issue().subject(), subjectWritten ? "issue.subject" : "issue.title");
        DigestLinks.of(digest, map).stream()
                .filter(use -> SpamAssassinRules.shortener(use.url()))
                .forEach(use -> problems.add(Problem.warning(use.at(), use.field(), SpamAssassinRules.URL_SHORTENER
                        + ": " + use.url() + " is a URL shortener (SpamAssassin's list, 25_url_shortener.cf), which hides"
                        + " where the " + use.kind().noun() + " leads and adds points in short messages (SHORT_SHORTNER);"
                        + " link to the destination itself")));
        return problems;
    }

    private void noReplyFrom(Newsletter newsletter) {
        if (newsletter.from() != null && newsletter.replyTo() == null && NO_REPLY.matcher(newsletter.from()).find()) {
            problems.add(Problem.warning(map.valueOf("newsletter.from"), "newsletter.from", "a no-reply From without"
                    + " newsletter.reply_to (no SpamAssassin rule; the reason: readers' replies, which tell mailbox providers"
                    + " the mail is wanted, reach nobody); set newsletter.reply_to to a mailbox someone reads"));
        }
    }

    /** The reader's address in clear: {@code email={email}} scores GB_CUSTOM_HTM_URI, and anyone shown the link learns it. */
    private void addressInUnsubscribeUrl(Newsletter newsletter) {
        String url = newsletter.unsubscribe() == null ? null : newsletter.unsubscribe().url();
        int at = url == null ? -1 : url.indexOf("{email}");
        if (at < 0) {
            return;
        }
        String path = "newsletter.unsubscribe.url";
        boolean scored = SpamAssassinRules.customHtmUri(url.replace("{email}", SOME_ADDRESS), SOME_ADDRESS);
        problems.add(Problem.warning(map.within(path, 0, at), path, (scored
                ? SpamAssassinRules.CUSTOM_HTM_URI + ": the link carries the reader's address in clear ({email}), which"
                + " SpamAssassin scores 1.0"
                : "the link carries the reader's address in clear ({email}; no SpamAssassin rule in this form, but whoever"
                + " is shown the link learns it)")
                + "; use {subscriber} (the address sealed with TIDINGS_SECRET), or remove unsubscribe.url and set"
                + " newsletter.public_url, whose unsubscribe link tidings serve answers"));
    }

    private void subjectAllCaps(String subject, String path) {
        if (SpamAssassinRules.subjectAllCaps(subject)) {
            problems.add(Problem.warning(map.valueOf(path), path, SpamAssassinRules.SUBJ_ALL_CAPS + ": the subject is"
                    + " all capitals, which SpamAssassin scores 0.5; write it in sentence or title case"));
        }
    }
}
