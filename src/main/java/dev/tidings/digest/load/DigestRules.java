package dev.tidings.digest.load;

import dev.tidings.digest.Callout;
import dev.tidings.digest.Digest;
import dev.tidings.digest.Event;
import dev.tidings.digest.FieldChecks;
import dev.tidings.digest.Greeting;
import dev.tidings.digest.Image;
import dev.tidings.digest.Issue;
import dev.tidings.digest.Item;
import dev.tidings.digest.Link;
import dev.tidings.digest.Newsletter;
import dev.tidings.digest.Problem;
import dev.tidings.digest.Section;
import dev.tidings.digest.Unsubscribe;
import dev.tidings.digest.Utm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The semantic half of validation: what a JSON Schema cannot say. Null fields are skipped, since
 * the schema has already reported a missing or mistyped required field.
 *
 * <p>One class of some 320 lines on purpose: each rule is a few lines writing to the same source
 * map and problem list, in the digest's own order (newsletter, issue, items, call-outs), which is
 * where a reader looks for a field's rule; split in two, each half would need that shared state
 * passed in and the reader would have to know which half holds a field.
 */
final class DigestRules {
    /** RFC 5322 recommends lines of at most 78 characters; longer subjects get cut in inbox lists. */
    static final int SUBJECT_WARNING_LENGTH = 78;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final Pattern ISSUE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final SourceMap map;
    private final MarkdownLinkCheck markdown = new MarkdownLinkCheck();
    private final List<Problem> problems = new ArrayList<>();

    DigestRules(SourceMap map) {
        this.map = map;
    }

    /** The call-outs as written, for the event times that did not parse into the records. */
    private JsonNode rawCallouts = MissingNode.getInstance();

    /**
     * Every semantic problem of a bound digest.
     *
     * @param issueNode the issue as written, for what the records cannot tell: the raw date, and whether
     *                  the subject is written or is the title by default
     */
    List<Problem> check(Digest digest, JsonNode issueNode) {
        rawCallouts = issueNode.path("callouts");
        newsletter(digest.newsletter());
        // Without an issue mapping the schema has said all there is; rules on an empty issue only add noise.
        if (issueNode.isObject()) {
            issue(digest.issue(), DigestBinder.text(issueNode, "date"), DigestBinder.text(issueNode, "subject") != null);
        }
        return problems;
    }

    private void newsletter(Newsletter n) {
        headerText("newsletter.name", n.name());
        address("newsletter.from", n.from(), true);
        address("newsletter.reply_to", n.replyTo(), false);
        String bounce = BounceAddressRule.problem(n.bounceAddress());
        if (bounce != null) {
            error("newsletter.bounce_address", bounce);
        }
        url("newsletter.website", n.website(), false);
        publicUrl(n.publicUrl());
        subscribeUrl(n.subscribeUrl());
        unsubscribe(n);
        markdown("newsletter.footer", n.footer());
        url("newsletter.archive_url", n.archiveUrl(), false);
        utm(n.utm());
        greeting("newsletter.greeting", n.greeting() == null ? null : n.greeting().text(), true);
        greeting("newsletter.greeting_without_name", n.greeting() == null ? null : n.greeting().withoutName(), false);
    }

    private void greeting(String path, String text, boolean namesAllowed) {
        String problem = text == null ? null : Greeting.placeholderProblem(text, namesAllowed);
        if (problem != null) {
            error(path, problem);
        }
    }

    private void utm(Utm utm) {
        if (utm == null) {
            return;
        }
        String[][] fields = {{"source", utm.source()}, {"medium", utm.medium()}, {"campaign", utm.campaign()},
                {"term", utm.term()}, {"content", utm.content()}};
        for (String[] field : fields) {
            String path = "newsletter.utm." + field[0];
            headerText(path, field[1]);
            if (field[1] != null) {
                Matcher placeholders = PLACEHOLDER.matcher(field[1]);
                while (placeholders.find()) {
                    if (!placeholders.group(1).equals("issue.id")) {
                        error(path, "unknown placeholder {" + placeholders.group(1) + "}; a UTM value may use {issue.id}");
                    }
                }
            }
        }
    }

    /**
     * Where {@code tidings serve} is reached through its TLS proxy: https (its pages take addresses,
     * and RFC 8058 one-click needs https), no query or fragment, since routes are appended to it.
     */
    private void publicUrl(String url) {
        if (url == null) {
            return;
        }
        String problem = FieldChecks.webUrlProblem(url, true);
        if (problem == null && (url.contains("?") || url.contains("#") || url.contains("{"))) {
            problem = "must be the address tidings serve is reached at, without ?query, #fragment or {placeholder}"
                    + " (its routes /subscribe and /unsubscribe are appended to it)";
        }
        if (problem != null) {
            error("newsletter.public_url", problem);
        }
    }

    /**
     * The action of the archive's subscribe box. https: the form carries a reader's address; plain
     * http only to this machine (a rehearsal with {@code tidings serve} on loopback), which no
     * reader of a published archive reaches. No fragment: it is not sent with a form.
     */
    private void subscribeUrl(String url) {
        if (url == null) {
            return;
        }
        String problem = FieldChecks.webUrlProblem(url, !onLoopback(url));
        if (problem == null && url.contains("#")) {
            problem = "must be the URL the archive's subscribe box posts to (tidings serve's /subscribe), without a #fragment";
        }
        if (problem != null) {
            error("newsletter.subscribe_url", problem + (problem.contains("https") ? " (http only on localhost)" : ""));
        }
    }

    /** http://localhost, 127.x.x.x or [::1], named literally: no lookup decides whether a digest is valid. */
    private static boolean onLoopback(String url) {
        return LOOPBACK_HTTP.matcher(url).lookingAt();
    }

    private static final Pattern LOOPBACK_HTTP =
            Pattern.compile("(?i)http://(localhost|127(\\.[0-9]{1,3}){3}|\\[::1\\])(:[0-9]{1,5})?(/|$)");

    private void unsubscribeUrl(String url) {
        if (url == null) {
            return;
        }
        String path = "newsletter.unsubscribe.url";
        Matcher placeholders = PLACEHOLDER.matcher(url);
        while (placeholders.find()) {
            String name = placeholders.group(1);
            if (!name.equals("email") && !name.equals("token") && !name.equals("subscriber")) {
                error(path, "unknown placeholder {" + name + "}; the URL may use {email}, {token} and {subscriber}");
                return;
            }
        }
        String problem = FieldChecks.webUrlProblem(placeholders.replaceAll("x"), true);
        if (problem != null) {
            error(path, problem + " (RFC 8058 one-click unsubscribe needs https)");
        }
    }

    /** The List-Unsubscribe URIs: each valid, then (one mistake, one report) each short enough. */
    private void unsubscribe(Newsletter newsletter) {
        Unsubscribe unsubscribe = newsletter.unsubscribe();
        boolean fromPublicUrl = newsletter.publicUrl() != null
                && (newsletter.publicRoot() + Newsletter.SERVE_UNSUBSCRIBE).equals(unsubscribe.url());
        int before = problems.size();
        address("newsletter.unsubscribe.mailto", unsubscribe.mailto(), false);
        if (problems.size() == before) {
            mailtoLength(unsubscribe.longestMailtoOctets());
        }
        before = problems.size();
        if (!fromPublicUrl) {
            unsubscribeUrl(unsubscribe.url()); // public_url is checked on its own, and named in its own problems
        }
        if (problems.size() == before) {
            urlLength(fromPublicUrl ? "newsletter.public_url" : "newsletter.unsubscribe.url",
                    unsubscribe.url() != null && unsubscribe.url().contains("{subscriber}"), unsubscribe.longestUrlOctets());
        }
    }

    /**
     * Each URI of List-Unsubscribe must fit on one header line as sent, with the longest address
     * and the token in its placeholders: a line holds 998 octets (RFC 5322 2.1.1), and a URI cannot
     * be folded inside its brackets (RFC 2369 section 2). Refused here, before anything is sent,
     * rather than sent broken to whoever has a long address.
     */
    private void urlLength(String path, boolean sealed, long octets) {
        if (octets > Unsubscribe.MAX_URI_OCTETS) {
            error(path, "is too long for the List-Unsubscribe header: as sent it can reach " + octets
                    + " octets (each {token} is " + Unsubscribe.TOKEN_LENGTH + " characters, "
                    + (path.equals("newsletter.public_url") || sealed ? "each {subscriber} (the sealed address) up to "
                    + Unsubscribe.MAX_SUBSCRIBER_LENGTH + ", " : "") + "each {email} up to "
                    + Unsubscribe.MAX_ENCODED_ADDRESS + ": a " + FieldChecks.MAX_ADDRESS_OCTETS + "-octet address percent-encoded),"
                    + " and a URI there must fit on one line: at most " + Unsubscribe.MAX_URI_OCTETS
                    + " octets (RFC 5322 2.1.1, RFC 2369); shorten it by " + (octets - Unsubscribe.MAX_URI_OCTETS) + " octets");
        }
    }

    /** As {@link #urlLength}: the mailto's subject carries the subscriber's address and token. */
    private void mailtoLength(long octets) {
        if (octets > Unsubscribe.MAX_URI_OCTETS) {
            error("newsletter.unsubscribe.mailto", "is too long for the List-Unsubscribe header: its mailto: URI, whose subject"
                    + " names the subscriber's address and token, can reach " + octets + " octets, and a URI there must fit on one"
                    + " line: at most " + Unsubscribe.MAX_URI_OCTETS + " octets (RFC 5322 2.1.1, RFC 2369); use an address shorter by "
                    + (octets - Unsubscribe.MAX_URI_OCTETS) + " octets");
        }
    }

    private void issue(Issue issue, String rawDate, boolean subjectWritten) {
        if (!ISSUE_ID.matcher(issue.id()).matches() && map.valueOf("issue.id").equals(map.valueOf("issue"))) {
            problems.add(Problem.error(map.keyOf("issue"), "issue.id", "the file name gives the id '" + issue.id()
                    + "', which is not usable; set issue.id to letters, digits, '.', '_' or '-'"));
        }
        archiveName(issue.id());
        headerText("issue.title", issue.title());
        if (subjectWritten) {
            // A defaulted subject is the title, already checked: one mistake, one report, at the title.
            headerText("issue.subject", issue.subject());
        }
        headerText("issue.preheader", issue.preheader());
        date(rawDate, issue);
        subjectLength(issue.subject(), subjectWritten);
        if (issue.preheader() == null) {
            problems.add(Problem.warning(map.keyOf("issue"), "issue.preheader",
                    "no preheader; inboxes will show the first words of the email instead"));
        }
        if (issue.author() != null) {
            url("issue.author.url", issue.author().url(), false);
            markdown("issue.author.bio", issue.author().bio());
        }
        markdown("issue.standfirst", issue.standfirst());
        markdown("issue.intro", issue.intro());
        image("issue.image", issue.image());
        items(issue.items());
        markdown("issue.closing", issue.closing());
        sections(issue.sections());
        callouts(issue.callouts(), rawCallouts);
    }

    /** An id the archive needs for a file of its own; said where the id comes from, the field or the file name. */
    private void archiveName(String id) {
        if (Issue.ARCHIVE_NAMES.contains(id.toLowerCase(Locale.ROOT))) {
            boolean written = !map.valueOf("issue.id").equals(map.valueOf("issue"));
            problems.add(Problem.error(written ? map.valueOf("issue.id") : map.keyOf("issue"), "issue.id", (written ? "'" + id + "'"
                    : "the file name gives the id '" + id + "', which") + " is the name of a file at the top of the web archive"
                    + " (" + String.join(", ", new TreeSet<>(Issue.ARCHIVE_NAMES)) + "), where each issue has a directory"
                    + " named by its id; choose another id" + (written ? "" : " with issue.id")));
        }
    }

    private void date(String rawDate, Issue issue) {
        if (rawDate != null && issue.date() == null && rawDate.matches("\\d{4}-\\d{2}-\\d{2}")) {
            error("issue.date", "is not a real date: " + rawDate);
        }
    }

    private void subjectLength(String subject, boolean subjectWritten) {
        if (subject != null && subject.length() > SUBJECT_WARNING_LENGTH) {
            String path = subjectWritten ? "issue.subject" : "issue.title";
            problems.add(Problem.warning(map.valueOf(path), path, "the subject is " + subject.length()
                    + " characters; inboxes cut it after about " + SUBJECT_WARNING_LENGTH));
        }
    }

    private void items(List<Item> items) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String path = "issue.items[" + i + "]";
            url(path + ".url", item.url(), false);
            if (NextIssue.PLACEHOLDER_URL.equals(item.url())) {
                problems.add(Problem.warning(map.valueOf(path + ".url"), path + ".url", "item " + item.number()
                        + " is still the placeholder that tidings new wrote: replace it with the issue's own items"));
            }
            if (item.url() != null) {
                Integer first = seen.putIfAbsent(item.url(), i);
                if (first != null) {
                    problems.add(Problem.warning(map.valueOf(path + ".url"), path + ".url",
                            "the same URL as issue.items[" + first + "] (item " + (first + 1) + ")"));
                }
            }
            if (item.summary() == null) {
                problems.add(Problem.warning(map.keyOf(path), path + ".summary",
                        "item " + item.number() + " has no summary"));
            }
            markdown(path + ".summary", item.summary());
            markdown(path + ".comment", item.comment());
            image(path + ".image", item.image());
        }
    }

    private void sections(List<Section> sections) {
        for (int s = 0; s < sections.size(); s++) {
            List<Link> links = sections.get(s).links();
            for (int l = 0; l < links.size(); l++) {
                url("issue.sections[" + s + "].links[" + l + "].url", links.get(l).url(), false);
            }
        }
    }

    private void callouts(List<Callout> callouts, JsonNode raw) {
        for (int c = 0; c < callouts.size(); c++) {
            String path = "issue.callouts[" + c + "]";
            markdown(path + ".body", callouts.get(c).body());
            if (callouts.get(c).link() != null) {
                url(path + ".link.url", callouts.get(c).link().url(), false);
            }
            event(path + ".event", callouts.get(c).event(), raw.path(c).path("event"));
        }
    }

    /** An event's times must carry their offset (an .ics is read in every time zone) and end after they start. */
    private void event(String path, Event event, JsonNode raw) {
        for (String field : new String[] {"start", "end"}) {
            String text = raw.path(field).isTextual() ? raw.path(field).asText() : null;
            if (text != null && DigestBinder.dateTime(text) == null) {
                error(path + "." + field, "must be a date and time with its offset, like 2026-12-22T17:00:00Z or 2026-12-22T18:00:00+01:00");
            }
        }
        if (event == null) {
            return;
        }
        if (!event.end().isAfter(event.start())) {
            error(path + ".end", "must be after the start (" + event.start() + ")");
        }
        url(path + ".url", event.url(), false);
        headerText(path + ".location", event.location());
    }

    private void image(String path, Image image) {
        if (image == null) {
            return;
        }
        url(path + ".url", image.url(), false);
        if (image.alt() != null && image.alt().isBlank()) {
            problems.add(Problem.warning(map.valueOf(path + ".alt"), path + ".alt",
                    "empty alt text; describe the image for readers whose client blocks images"));
        }
    }

    private void headerText(String path, String value) {
        if (value != null) {
            String problem = FieldChecks.headerTextProblem(value);
            if (problem != null) {
                error(path, problem);
            }
        }
    }

    private void address(String path, String value, boolean displayNameAllowed) {
        if (value != null) {
            String problem = FieldChecks.headerTextProblem(value);
            if (problem == null) {
                problem = FieldChecks.addressProblem(value, displayNameAllowed);
            }
            if (problem != null) {
                error(path, problem);
            }
        }
    }

    private void url(String path, String value, boolean httpsOnly) {
        if (value != null) {
            String problem = FieldChecks.webUrlProblem(value, httpsOnly);
            if (problem != null) {
                error(path, problem);
            }
        }
    }

    private void markdown(String path, String value) {
        if (value != null) {
            markdown.check(value, path, map, problems);
        }
    }

    private void error(String path, String message) {
        problems.add(Problem.error(map.valueOf(path), path, message));
    }
}
