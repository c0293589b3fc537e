package dev.tidings.cli;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import dev.tidings.curate.Curation;
import dev.tidings.curate.CurationReport;
import dev.tidings.curate.DigestItems;
import dev.tidings.curate.DraftItem;
import dev.tidings.curate.FeedFailure;
import dev.tidings.curate.Outcome;
import dev.tidings.curate.SinceDate;
import dev.tidings.curate.UrlForm;
import dev.tidings.digest.load.NextIssue;
import dev.tidings.links.FetchFailure;
import dev.tidings.links.LinkCheckSettings;
import dev.tidings.links.PageFetcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * {@code tidings add URL... --to DIGEST}: each link drafted into an item from what its page
 * declares, appended to the digest's items in place (issue 22). The work is {@link Curation}.
 */
@Command(name = "add",
        mixinStandardHelpOptions = true,
        addMethodSubcommands = false, // see TidingsCommand
        description = {
                "Draft an item from each link: its page is fetched and its title, author, site, description and image are"
                        + " read from what it declares (JSON-LD, OpenGraph, Twitter cards, citation_* tags, <title>). Each item"
                        + " is appended to the issue's items by editing the digest's text in place (every other byte kept),"
                        + " marked draft: true until you rewrite its summary.",
                "A link already in the issue is refused with its line. A page that cannot be fetched is reported and"
                        + " the other links are still added; the exit code is then 1."
        })
final class AddCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "URL", description = "The pages to add (http or https).")
    List<String> links = List.of();

    @Option(names = "--to", required = true, paramLabel = "DIGEST.yaml", description = "The issue to add them to.")
    Path digest;

    @Option(names = "--from-feed", paramLabel = "URL",
            description = "Also add the entries of this RSS, Atom or JSON feed (your bookmarks' feed) newer than --since.")
    String feed;

    @Option(names = "--since", paramLabel = "DATE|last-issue",
            description = "With --from-feed: entries after this date (YYYY-MM-DD) or date-time; default last-issue, the date of"
                    + " the issue before this one in its folder.")
    String since;

    @Option(names = "--dry-run", description = "Print the YAML each item would add; change nothing.")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "20",
            description = "How long one page may take to fetch, redirects and body included (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        checkOptions();
        DigestItems items = DigestItems.open(digest);
        // The feed's address and date are checked before any link is added: a bad --since must not come after a write.
        URI feedUri = feed == null ? null : feedUri();
        Instant from = feed == null ? null : SinceDate.resolve(since, digest, ZoneId.systemDefault());
        OptionalInt placeholder = items.lineOf(NextIssue.PLACEHOLDER_URL);
        PageFetcher fetcher = new PageFetcher(settings());
        Curation curation = new Curation(fetcher, 4);
        CurationReport report = links.isEmpty() ? null : curation.addLinks(items, links, dryRun);
        PrintWriter out = spec.commandLine().getOut();
        if (report != null) {
            print(report, items, out);
        }
        if (feed != null) {
            // After the links: DigestItems was rewritten by them, so the feed's entries are checked against those too.
            boolean linksWritten = report != null && !dryRun && report.added() > 0;
            DigestItems reopened = linksWritten ? DigestItems.open(digest) : items;
            CurationReport fromFeed = feed(curation, reopened, feedUri, from, linksWritten);
            print(fromFeed, reopened, out);
            report = report == null ? fromFeed : merge(report, fromFeed);
        }
        if (placeholder.isPresent() && report.added() > 0) {
            // New items go after it; validate only warns, so the editor is told here, where the items went in.
            out.println("note: " + digest + ":" + placeholder.getAsInt() + " is still the placeholder item tidings new wrote;"
                    + " delete it (or replace it) before sending");
        }
        out.println(summary(report));
        out.flush();
        return report.failures().isEmpty() ? 0 : 1;
    }

    private URI feedUri() {
        try {
            return new URI(feed.strip());
        } catch (URISyntaxException e) {
            throw TidingsException.usage("--from-feed " + feed + ": not a URL (" + e.getReason() + ")");
        }
    }

    private CurationReport feed(Curation curation, DigestItems items, URI uri, Instant from, boolean linksWritten)
            throws InterruptedException {
        try {
            return curation.addFeed(items, uri, from, dryRun);
        } catch (FetchFailure e) {
            String message = "the feed " + feed + " could not be fetched: " + e.getMessage()
                    + (linksWritten ? "; the links above were added, none of the feed's entries" : "; nothing was added");
            // A feed that does not answer now may answer in an hour: exit 4 tells a cron job it is safe to re-run.
            throw e.temporary() ? new TidingsException(ExitStatus.TEMPORARY_FAILURE, message + ", try again later")
                    : TidingsException.invalidInput(message);
        } catch (FeedFailure e) {
            throw TidingsException.invalidInput(feed + ": " + e.getMessage());
        }
    }

    private void checkOptions() {
        if (links.isEmpty() && feed == null) {
            throw TidingsException.usage("give the URLs to add, or --from-feed URL");
        }
        if (feed != null && UrlForm.hasUserInfo(feed)) {
            // The client would not send it (a 401 follows), and the failure would print the password.
            throw TidingsException.usage("--from-feed " + UrlForm.withoutUserInfo(feed, "…@") + ": has a user name or password"
                    + " before its host, which tidings neither sends nor prints; give the feed's own private address instead");
        }
        if (since != null && feed == null) {
            throw TidingsException.usage("--since only applies with --from-feed");
        }
        if (!(timeoutSeconds > 0 && timeoutSeconds <= 600)) {
            throw TidingsException.usage("--timeout is seconds, more than 0 and at most 600");
        }
    }

    private LinkCheckSettings settings() {
        Duration timeout = Duration.ofMillis(Math.max(1, Math.round(timeoutSeconds * 1000)));
        Duration connect = timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10);
        return new LinkCheckSettings(connect, timeout, 4, 2, "tidings/" + VersionProvider.version() + " (newsletter curation)");
    }

    private void print(CurationReport report, DigestItems items, PrintWriter out) {
        for (Outcome outcome : report.outcomes()) {
            switch (outcome.kind()) {
                case ADDED -> {
                    out.println((dryRun ? "would add " : "added ") + outcome.link());
                    out.println("  " + describe(outcome.item()));
                    outcome.notes().forEach(note -> out.println("  " + note));
                    if (dryRun) {
                        out.print(items.yamlOf(outcome.item()));
                    }
                }
                case ALREADY_IN_ISSUE -> out.println((outcome.fromFeed() ? "skipped " : "refused ") + outcome.link() + ": " + outcome.reason());
                case TWICE -> out.println("skipped " + outcome.link() + ": " + outcome.reason());
                case FAILED -> out.println("failed  " + outcome.link() + ": " + outcome.reason());
            }
        }
        report.feedNotes().forEach(note -> out.println("feed: " + note));
    }

    private static String describe(DraftItem item) {
        StringBuilder line = new StringBuilder("\"").append(item.title()).append('"');
        if (item.author() != null) {
            line.append(" by ").append(item.author());
        }
        if (item.source() != null) {
            line.append(", ").append(item.source());
        }
        return line.toString();
    }

    private String summary(CurationReport report) {
        long added = report.added();
        StringBuilder line = new StringBuilder();
        if (dryRun) {
            line.append("dry run: ").append(added).append(added == 1 ? " item" : " items").append(" would be added to ").append(digest)
                    .append("; nothing was changed");
        } else if (added > 0) {
            line.append("added ").append(added).append(added == 1 ? " item" : " items").append(" to ").append(digest)
                    .append(" (each marked draft: true: rewrite its summary, then delete that line)");
        } else {
            line.append(digest).append(" is unchanged");
        }
        int failed = report.failures().size();
        if (failed > 0) {
            line.append("; ").append(failed).append(failed == 1 ? " link" : " links").append(" not added: ")
                    .append(String.join(", ", report.failures().stream().map(Outcome::link).toList()));
        }
        return line.toString();
    }

    private static CurationReport merge(CurationReport a, CurationReport b) {
        List<Outcome> all = new java.util.ArrayList<>(a.outcomes());
        all.addAll(b.outcomes());
        List<String> notes = new java.util.ArrayList<>(a.feedNotes());
        notes.addAll(b.feedNotes());
        return new CurationReport(all, notes, a.dryRun());
    }
}
