package dev.tidings.curate;

import dev.tidings.links.FetchFailure;
import dev.tidings.links.FetchedPage;
import dev.tidings.links.PageFetcher;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code tidings add}: links (given, or a feed's entries) drafted into items and appended to the
 * digest in one rewrite. Pages are drafted a few at a time (the fetcher's per-host permits keep
 * that polite); the outcomes come back in the order the links were given, and a link that fails
 * costs only its own item: the rest are still added.
 */
public final class Curation {
    /** What a link's user info is shown as: "https://…@example.org/x". */
    private static final String HIDDEN_USER_INFO = "…@";
    private static final String USER_INFO_REFUSED = "has a user name or password before its host: not fetched, since"
            + " tidings add neither sends one nor writes it into the digest, which goes to every subscriber; give the link without it";
    private final PageFetcher fetcher;
    private final PageDrafter drafter;
    private final int parallel;

    public Curation(PageFetcher fetcher, int parallel) {
        this.fetcher = fetcher;
        this.drafter = new PageDrafter(fetcher);
        this.parallel = Math.max(1, parallel);
    }

    /** The most entries of a feed one run drafts: an issue has a handful of items; a feed may hold a decade of bookmarks. */
    public static final int MAX_FEED_ENTRIES = 50;

    /** The links given on the command line; each one that is already in the issue, or fails, is a failure. */
    public CurationReport addLinks(DigestItems digest, List<String> links, boolean dryRun) throws InterruptedException {
        List<Candidate> candidates = new ArrayList<>();
        for (String link : links) {
            // A password in the link is never printed back (nor fetched, nor written): the link is named without it.
            candidates.add(new Candidate(UrlForm.withoutUserInfo(link, HIDDEN_USER_INFO), null));
        }
        return add(digest, candidates, dryRun, List.of());
    }

    /**
     * A feed's entries newer than {@code since}. An entry already in the issue is skipped, not a
     * failure (the same feed is read again next week); an entry whose page cannot be fetched gets an
     * item from the feed's own title, link and author.
     */
    public CurationReport addFeed(DigestItems digest, URI feed, Instant since, boolean dryRun)
            throws FetchFailure, FeedFailure, InterruptedException {
        FetchedPage page = fetcher.fetch(feed);
        FeedRead read = FeedReader.read(page);
        List<Candidate> candidates = new ArrayList<>();
        List<String> notes = new ArrayList<>(read.skipped());
        for (Bookmark bookmark : SinceDate.newerThan(read.bookmarks(), since)) {
            String link = bookmark.link().toString();
            if (UrlForm.hasUserInfo(link)) {
                notes.add(UrlForm.withoutUserInfo(link, HIDDEN_USER_INFO) + ": " + USER_INFO_REFUSED);
            } else {
                candidates.add(new Candidate(link, bookmark));
            }
        }
        candidates = atMostFiftyNew(digest, candidates, notes);
        // Undated entries are not taken (they would be offered again every week), but not hidden either.
        for (Bookmark bookmark : read.bookmarks()) {
            if (bookmark.published() == null) {
                notes.add(bookmark.link() + " has no date in the feed: not added (add it by its URL if it belongs in this issue)");
            }
        }
        return add(digest, candidates, dryRun, notes);
    }

    /**
     * A feed of thousands (a whole bookmark history, or entries dated in the future) would mean
     * thousands of fetches and an issue no one reads: the oldest {@value #MAX_FEED_ENTRIES} not yet in
     * the issue are taken, and the same command again takes the next ones (entries already in the
     * issue are kept, to be reported as skipped: they cost no fetch).
     */
    private static List<Candidate> atMostFiftyNew(DigestItems digest, List<Candidate> candidates, List<String> notes) {
        List<Candidate> kept = new ArrayList<>();
        int fresh = 0;
        for (Candidate candidate : candidates) {
            boolean in = digest.lineOf(candidate.link()).isPresent();
            if (in || ++fresh <= MAX_FEED_ENTRIES) {
                kept.add(candidate);
            }
        }
        if (fresh > MAX_FEED_ENTRIES) {
            notes.add((fresh - MAX_FEED_ENTRIES) + " more new entries not added (at most " + MAX_FEED_ENTRIES
                    + " a run, the oldest first): run the same command again for the next ones, or give a later --since");
        }
        return kept;
    }

    private CurationReport add(DigestItems digest, List<Candidate> candidates, boolean dryRun, List<String> feedNotes)
            throws InterruptedException {
        List<Drafted> drafted = draftAll(digest, candidates);
        List<Outcome> outcomes = new ArrayList<>();
        List<DraftItem> adding = new ArrayList<>();
        Map<String, String> inThisRun = new HashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate candidate = candidates.get(i);
            Outcome outcome = outcome(digest, candidate, drafted.get(i), inThisRun);
            outcomes.add(outcome);
            if (outcome.kind() == Outcome.Kind.ADDED) {
                adding.add(outcome.item());
            }
        }
        if (!dryRun && !adding.isEmpty()) {
            digest.append(adding);
        }
        return new CurationReport(outcomes, feedNotes, dryRun);
    }

    /** What becomes of one link, once its page was drafted (or was not: already in the issue). */
    private static Outcome outcome(DigestItems digest, Candidate candidate, Drafted drafted, Map<String, String> inThisRun) {
        if (drafted == null) {
            return Outcome.already(candidate.link(), digest.lineOf(candidate.link()).getAsInt(), candidate.bookmark() != null);
        }
        DraftItem item = drafted.item();
        List<String> notes = new ArrayList<>(drafted.notes());
        if (item == null) {
            if (candidate.bookmark() == null) {
                return Outcome.failed(candidate.link(), drafted.failure());
            }
            item = candidate.bookmark().fallbackItem();
            notes = List.of("page not fetched (" + drafted.failure() + "): drafted from the feed's own title, link and author");
        }
        // The page may name another address for itself (its canonical URL, or where it redirected):
        // asked again, so that a link given as a short or tracking URL still finds the item it duplicates.
        OptionalInt line = digest.lineOf(item.url());
        if (line.isPresent()) {
            return Outcome.already(candidate.link(), line.getAsInt(), candidate.bookmark() != null);
        }
        String earlier = inThisRun.putIfAbsent(UrlForm.comparable(item.url()), candidate.link());
        if (earlier != null) {
            return new Outcome(Outcome.Kind.TWICE, candidate.link(), item, List.of(), "the same page as " + earlier, 0,
                    candidate.bookmark() != null);
        }
        return new Outcome(Outcome.Kind.ADDED, candidate.link(), item, notes, null, 0, candidate.bookmark() != null);
    }

    /** Each candidate's draft, in order; null for a link already in the issue (its page is not fetched). */
    private List<Drafted> draftAll(DigestItems digest, List<Candidate> candidates) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, Math.max(1, candidates.size())), runnable -> {
            Thread thread = new Thread(runnable, "tidings-add");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Drafted>> futures = new ArrayList<>();
            // A link given twice (or as two forms of one address) is fetched once: the second is reported as the same page.
            Map<String, Future<Drafted>> asked = new HashMap<>();
            for (Candidate candidate : candidates) {
                futures.add(digest.lineOf(candidate.link()).isPresent() ? null : asked.computeIfAbsent(UrlForm.comparable(candidate.link()),
                        link -> pool.submit(() -> draft(candidate.link()))));
            }
            List<Drafted> drafted = new ArrayList<>();
            for (Future<Drafted> future : futures) {
                drafted.add(future == null ? null : result(future));
            }
            return drafted;
        } finally {
            pool.shutdownNow();
        }
    }

    private Drafted draft(String link) throws InterruptedException {
        if (UrlForm.hasUserInfo(link)) {
            return new Drafted(null, null, List.of(), USER_INFO_REFUSED);
        }
        URI uri;
        try {
            // As the fetcher reads links (bücher.example, a space): java.net.URI alone refuses what browsers and validate accept.
            uri = PageFetcher.address(link.strip());
        } catch (FetchFailure e) {
            return new Drafted(null, null, List.of(), e.getMessage());
        }
        return drafter.draft(uri);
    }

    private static Drafted result(Future<Drafted> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            // The drafter turns every failure to fetch into a verdict; anything else is a bug, reported as one.
            throw new IllegalStateException(e.getCause());
        }
    }

    private record Candidate(String link, Bookmark bookmark) {
    }
}
