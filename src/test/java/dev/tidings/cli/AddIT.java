package dev.tidings.cli;

import dev.tidings.digest.Image;
import dev.tidings.digest.Item;
import dev.tidings.digest.load.DigestLoader;
import dev.tidings.digest.load.LoadedDigest;
import dev.tidings.links.LinkServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidings add} end to end: the real command, pages and a feed served by a web server on
 * loopback, the digest a copy of the sample. The file's other bytes are compared before and after,
 * and the items are read back whole by the real loader.
 */
class AddIT {
    private static final String DRAFT = "      draft: true  # the summary is the page's own description: rewrite it, then delete this line\n";
    private static LinkServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = LinkServer.start();
        server.page("wordpress", "text/html; charset=UTF-8", fixture("wordpress-yoast.html"));
        server.page("ghost", "text/html; charset=utf-8", fixture("ghost.html"));
        server.page("news", "text/html", fixture("news.html"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(Path.of("src/test/resources/curate/pages", name));
    }

    private Path sample() throws IOException {
        return Files.copy(Path.of("samples/social-learning-2.yaml"), dir.resolve("issue.yaml"));
    }

    /** Where the sample's items end: its last item, then a blank line, then {@code closing:}. */
    private static int endOfItems(String text) {
        return text.indexOf("\n\n  closing: |") + 1;
    }

    @Test
    void linksBecomeDraftedItemsAndAFailedPageCostsOnlyItsOwnItem() throws IOException {
        Path digest = sample();
        String before = Files.readString(digest);
        String wordpress = server.url("/go/wordpress?utm_source=weekly&utm_medium=email");
        String missing = server.url("/missing");
        String already = "https://www.example.org/michael-rose/social-learning-for-a-social-workplace/?utm_campaign=x";
        CliRun run = CliRun.of("add", "--to", digest.toString(), wordpress, missing, already, server.url("/pages/news?id=3&fbclid=abc"));

        assertEquals(1, run.exitCode(), run.all());
        assertEquals("added " + wordpress + "\n"
                + "  \"We moved our build to Bazel – and back again\" by Jane Doe, Field Notes\n"
                + "failed  " + missing + ": answered 404 Not Found\n"
                + "refused " + already + ": already in the issue, at line 35\n"
                + "added " + server.url("/pages/news?id=3&fbclid=abc") + "\n"
                + "  \"River levels fall after a week of floods in the valley\" by Priya Natarajan, Owen Hughes, The Daily Ledger\n"
                + "added 2 items to " + digest + " (each marked draft: true: rewrite its summary, then delete that line); 2 links not added: "
                + missing + ", " + already + "\n", run.out());
        assertEquals("", run.err());

        String inserted = "\n"
                + "    - title: We moved our build to Bazel – and back again\n"
                + "      url: " + server.url("/pages/wordpress") + "\n"
                + "      author: Jane Doe\n"
                + "      source: Field Notes\n"
                + DRAFT
                + "      summary: \"A year with Bazel: what it gave us, what it cost, and why we went back to Gradle. It’s a long story.\"\n"
                + "      image:\n"
                + "        url: https://fieldnotes.example/wp-content/uploads/2026/03/build-graph.png\n"
                + "        alt: \"Our build graph in 2025: 1,400 targets\"\n"
                + "\n"
                + "    - title: River levels fall after a week of floods in the valley\n"
                + "      url: " + server.url("/pages/news?id=3") + "\n"
                + "      author: Priya Natarajan, Owen Hughes\n"
                + "      source: The Daily Ledger\n"
                + DRAFT
                + "      summary: Emergency services say the worst is over, but roads remain closed in three villages.\n"
                + "      image:\n"
                + "        url: " + server.url("/images/2026/05/14/flood-1x1.jpg") + "\n"
                + "        alt: A flooded high street seen from a bridge\n";
        int at = endOfItems(before);
        assertEquals(before.substring(0, at) + inserted + before.substring(at), Files.readString(digest), "every other byte kept");

        LoadedDigest loaded = new DigestLoader().load(digest);
        assertTrue(loaded.problems().stream().noneMatch(p -> p.isError()), loaded.problems().toString());
        List<Item> items = loaded.valid().issue().items();
        assertEquals(List.of(
                new Item(6, "We moved our build to Bazel – and back again", server.url("/pages/wordpress"), "Jane Doe", "Field Notes",
                        "A year with Bazel: what it gave us, what it cost, and why we went back to Gradle. It’s a long story.", List.of(), null,
                        new Image("https://fieldnotes.example/wp-content/uploads/2026/03/build-graph.png", "Our build graph in 2025: 1,400 targets"),
                        true),
                new Item(7, "River levels fall after a week of floods in the valley", server.url("/pages/news?id=3"),
                        "Priya Natarajan, Owen Hughes", "The Daily Ledger",
                        "Emergency services say the worst is over, but roads remain closed in three villages.", List.of(), null,
                        new Image(server.url("/images/2026/05/14/flood-1x1.jpg"), "A flooded high street seen from a bridge"), true)),
                items.subList(5, 7));

        CliRun again = CliRun.of("add", "--to", digest.toString(), server.url("/pages/wordpress/"));
        assertEquals(1, again.exitCode(), again.all());
        int line = before.substring(0, at).split("\n", -1).length + 2;
        assertEquals("refused " + server.url("/pages/wordpress/") + ": already in the issue, at line " + line + "\n"
                + digest + " is unchanged; 1 link not added: " + server.url("/pages/wordpress/") + "\n", again.out());
        assertTrue(server.requestLines().stream().noneMatch(r -> r.equals("GET /pages/wordpress/")), "a link already in the issue is not fetched");
    }

    @Test
    void aDryRunPrintsTheYamlAndChangesNothing() throws IOException {
        Path digest = sample();
        byte[] before = Files.readAllBytes(digest);
        CliRun run = CliRun.of("add", "--dry-run", "--to", digest.toString(), server.url("/pages/ghost"));

        assertEquals(0, run.exitCode(), run.all());
        assertEquals("would add " + server.url("/pages/ghost") + "\n"
                + "  \"Notes on running Postgres on a Raspberry Pi\" by Tomás Ferreira, Slow Bits\n"
                + "  no alt text for the image: the title stands in; describe the image\n"
                + ghostLines()
                + "dry run: 1 item would be added to " + digest + "; nothing was changed\n", run.out());
        assertArrayEquals(before, Files.readAllBytes(digest));
    }

    @Test
    void aLinkWithAPasswordIsNotFetchedPrintedOrWrittenAndALinkWithASpaceIsFetchedAsTheLinkCheckerWould() throws IOException {
        // Red team: the password was printed back ("added http://editor:s3cret@...") and written into the item's url, which
        // every subscriber gets; a link with a space (which the fetcher encodes, as it does bücher.example's host) was refused
        // as "not a URL" before the fetcher saw it.
        server.page("members only", "text/html; charset=utf-8", "<title>Members only</title>".getBytes(StandardCharsets.UTF_8));
        server.page("secret-page", "text/html; charset=utf-8", "<title>Secret page</title>".getBytes(StandardCharsets.UTF_8));
        Path digest = sample();
        String before = Files.readString(digest);
        String withPassword = server.url("/pages/secret-page").replace("http://", "http://editor:s3cret@");
        String shown = server.url("/pages/secret-page").replace("http://", "http://…@");
        CliRun run = CliRun.of("add", "--to", digest.toString(), withPassword, server.url("/pages/members only"));

        assertEquals(1, run.exitCode(), run.all());
        assertEquals("failed  " + shown + ": has a user name or password before its host: not fetched, since tidings add neither"
                + " sends one nor writes it into the digest, which goes to every subscriber; give the link without it\n"
                + "added " + server.url("/pages/members only") + "\n"
                + "  \"Members only\"\n"
                + "  title from <title> only\n"
                + "  no author declared\n"
                + "  no description\n"
                + "  no image declared\n"
                + "added 1 item to " + digest + " (each marked draft: true: rewrite its summary, then delete that line); 1 link not added: "
                + shown + "\n", run.out());
        assertTrue(server.requestLines().stream().noneMatch(r -> r.contains("secret-page")), "a link with a password is not fetched");
        int at = endOfItems(before);
        assertEquals(before.substring(0, at) + "\n    - title: Members only\n      url: " + server.url("/pages/members%20only") + "\n"
                + before.substring(at), Files.readString(digest));
    }

    @Test
    void aLinkGivenThreeTimesIsFetchedOnce() throws IOException {
        // Red team: each copy was fetched (50 copies, 50 requests to one page) only to be reported as the same page after.
        server.page("once", "text/html; charset=utf-8", "<title>Once</title>".getBytes(StandardCharsets.UTF_8));
        Path digest = sample();
        String link = server.url("/pages/once");
        CliRun run = CliRun.of("add", "--dry-run", "--to", digest.toString(), link, link + "?utm_source=x", link + "#again");

        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.out().contains("skipped " + link + "?utm_source=x: the same page as " + link + "\n"
                + "skipped " + link + "#again: the same page as " + link + "\n"), run.out());
        assertEquals(1, server.requestLines().stream().filter(r -> r.contains("/pages/once")).count(), server.requestLines().toString());
    }

    @Test
    void anIssueStillHoldingTheNewCommandsPlaceholderSaysSoWhereTheItemsWentIn() throws IOException {
        // Red team: after tidings new, add put the items after the placeholder item and said nothing of it.
        Path digest = sample();
        Files.writeString(digest, Files.readString(digest).replace(
                "url: https://www.example.org/michael-rose/social-learning-for-a-social-workplace", "url: https://example.org/replace-me"));
        CliRun run = CliRun.of("add", "--dry-run", "--to", digest.toString(), server.url("/pages/news"));

        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().endsWith("note: " + digest + ":35 is still the placeholder item tidings new wrote; delete it (or replace it)"
                + " before sending\ndry run: 1 item would be added to " + digest + "; nothing was changed\n"), run.out());
        CliRun none = CliRun.of("add", "--to", digest.toString(), server.url("/missing"));
        assertTrue(!none.out().contains("placeholder"), "nothing added, nothing to say: " + none.out());
    }

    @Test
    void aFeedsNewEntriesAreAddedAndAnEntryWhosePageFailsStillGetsAnItemFromTheFeed() throws IOException {
        Path digest = sample();
        String before = Files.readString(digest);
        server.page("bookmarks.xml", "application/rss+xml", feed().getBytes(StandardCharsets.UTF_8));
        String feedUrl = server.url("/pages/bookmarks.xml");

        CliRun run = CliRun.of("add", "--to", digest.toString(), "--from-feed", feedUrl, "--since", "2026-11-20");
        assertEquals(0, run.exitCode(), run.all());
        // Oldest first: the order they were bookmarked in.
        assertEquals("skipped https://www.example.org/michael-rose/social-learning-for-a-social-workplace: already in the issue, at line 35\n"
                + "added " + server.url("/gone") + "\n"
                + "  \"A page that has gone\" by Ann Example\n"
                + "  page not fetched (answered 404 Not Found): drafted from the feed's own title, link and author\n"
                + "added " + server.url("/pages/ghost") + "\n"
                + "  \"Notes on running Postgres on a Raspberry Pi\" by Tomás Ferreira, Slow Bits\n"
                + "  no alt text for the image: the title stands in; describe the image\n"
                + "feed: " + server.url("/pages/news") + " has no date in the feed: not added (add it by its URL if it belongs in this issue)\n"
                + "added 2 items to " + digest + " (each marked draft: true: rewrite its summary, then delete that line)\n", run.out());

        String inserted = "\n"
                + "    - title: A page that has gone\n"
                + "      url: " + server.url("/gone") + "\n"
                + "      author: Ann Example\n"
                + DRAFT
                + "      summary: What the feed said about it.\n"
                + "\n"
                + ghostLines();
        int at = endOfItems(before);
        assertEquals(before.substring(0, at) + inserted + before.substring(at), Files.readString(digest));

        // Next week's run over the same feed: what is in the issue is skipped, not a failure, and nothing is written.
        byte[] added = Files.readAllBytes(digest);
        CliRun again = CliRun.of("add", "--to", digest.toString(), "--from-feed", feedUrl, "--since", "2026-11-20");
        assertEquals(0, again.exitCode(), again.all());
        assertTrue(again.out().endsWith(digest + " is unchanged\n"), again.out());
        assertArrayEquals(added, Files.readAllBytes(digest));
    }

    @Test
    void badUsesAreUsageErrorsAndAFeedThatIsNoFeedIsInvalidInput() throws IOException {
        Path digest = sample();
        byte[] before = Files.readAllBytes(digest);
        CliRun none = CliRun.of("add", "--to", digest.toString());
        assertEquals(2, none.exitCode(), none.all());
        assertTrue(none.err().contains("give the URLs to add, or --from-feed URL"), none.err());
        CliRun since = CliRun.of("add", "--to", digest.toString(), "--since", "2026-11-20", server.url("/pages/ghost"));
        assertEquals(2, since.exitCode(), since.all());
        assertTrue(since.err().contains("--since only applies with --from-feed"), since.err());
        // Red team: "the feed http://me:s3cret@… could not be fetched: answered 404" printed the password.
        CliRun secret = CliRun.of("add", "--to", digest.toString(), "--from-feed", server.url("/missing").replace("http://", "http://me:s3cret@"));
        assertEquals(2, secret.exitCode(), secret.all());
        assertEquals("tidings: --from-feed " + server.url("/missing").replace("http://", "http://…@") + ": has a user name or password"
                + " before its host, which tidings neither sends nor prints; give the feed's own private address instead\n", secret.err());
        assertTrue(!secret.all().contains("s3cret"), secret.all());
        CliRun page = CliRun.of("add", "--to", digest.toString(), "--from-feed", server.url("/pages/ghost"), "--since", "2026-11-20");
        assertEquals(1, page.exitCode(), page.all());
        assertTrue(page.err().startsWith("tidings: " + server.url("/pages/ghost") + ": not a feed"), page.err());
        assertTrue(!page.all().contains("\tat "), "no stack trace");
        assertArrayEquals(before, Files.readAllBytes(digest));
    }

    /** The lines the Ghost post's item adds. */
    private static String ghostLines() {
        return "    - title: Notes on running Postgres on a Raspberry Pi\n"
                + "      url: " + server.url("/pages/ghost") + "\n"
                + "      author: Tomás Ferreira\n"
                + "      source: Slow Bits\n"
                + DRAFT
                + "      summary: Eight months, one SD card lost, and a surprising amount of headroom.\n"
                + "      image:\n"
                + "        url: https://slowbits.example/content/images/size/w1200/2026/02/pi-rack.jpg\n"
                + "        alt: Notes on running Postgres on a Raspberry Pi\n";
    }

    @Test
    void aFeedOfSixtyNewEntriesGivesFiftyItemsARunAndTheSameCommandAgainTheRest() throws IOException {
        Path digest = sample();
        StringBuilder entries = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            entries.append(item("Entry " + i, server.url("/e/" + i), "Writer " + i,
                    String.format("Sat, 28 Nov 2026 %02d:%02d:00 +0000", i / 60, i % 60), "About " + i + "."));
        }
        server.page("many.xml", "application/rss+xml", ("<?xml version=\"1.0\"?><rss version=\"2.0\""
                + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Many</title><link>https://many.example/</link>"
                + "<description>d</description>" + entries + "</channel></rss>").getBytes(StandardCharsets.UTF_8));
        String feedUrl = server.url("/pages/many.xml");

        CliRun first = CliRun.of("add", "--to", digest.toString(), "--from-feed", feedUrl, "--since", "2026-11-27");
        assertEquals(0, first.exitCode(), first.all());
        assertTrue(first.out().contains("feed: 10 more new entries not added (at most 50 a run, the oldest first): run the same"
                + " command again for the next ones, or give a later --since\n"), first.out());
        assertTrue(first.out().contains("added 50 items to " + digest), first.out());
        assertEquals(50, fetchesOf("/e/"), "the 50 oldest fetched, no more");
        List<Item> items = new DigestLoader().load(digest).valid().issue().items();
        assertEquals(List.of("Entry 1", "Entry 50"), List.of(items.get(5).title(), items.get(54).title()), "the oldest first");

        CliRun second = CliRun.of("add", "--to", digest.toString(), "--from-feed", feedUrl, "--since", "2026-11-27");
        assertEquals(0, second.exitCode(), second.all());
        assertTrue(second.out().contains("added 10 items to " + digest), second.out());
        assertEquals(60, fetchesOf("/e/"), "the 50 already in are skipped without a fetch");
        assertEquals("Entry 60", new DigestLoader().load(digest).valid().issue().items().get(64).title());
    }

    private static long fetchesOf(String prefix) {
        return server.requestLines().stream().filter(r -> r.startsWith("GET " + prefix)).count();
    }

    @Test
    void aFeedThatDoesNotAnswerNowIsExitFourAndOneThatIsGoneIsExitOne() throws IOException {
        Path digest = sample();
        byte[] before = Files.readAllBytes(digest);
        CliRun down = CliRun.of("add", "--to", digest.toString(), "--from-feed", server.url("/down"), "--since", "2026-11-20");
        assertEquals(4, down.exitCode(), down.all());
        assertEquals("tidings: the feed " + server.url("/down") + " could not be fetched: answered 503 Service Unavailable;"
                + " nothing was added, try again later\n", down.err());
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            String closed = "http://127.0.0.1:" + socket.getLocalPort() + "/feed.xml";
            socket.close();
            CliRun refused = CliRun.of("add", "--to", digest.toString(), "--from-feed", closed, "--since", "2026-11-20");
            assertEquals(4, refused.exitCode(), refused.all());
            assertTrue(refused.err().contains("could not be fetched: connection refused; nothing was added, try again later"), refused.err());
        }
        CliRun gone = CliRun.of("add", "--to", digest.toString(), "--from-feed", server.url("/missing"), "--since", "2026-11-20");
        assertEquals(1, gone.exitCode(), gone.all());
        assertEquals("tidings: the feed " + server.url("/missing") + " could not be fetched: answered 404 Not Found; nothing was added\n",
                gone.err());
        assertArrayEquals(before, Files.readAllBytes(digest));

        // With a link too: a bad --since is refused before the link is written; a feed that fails after it says what went in.
        CliRun badSince = CliRun.of("add", "--to", digest.toString(), server.url("/pages/ghost"), "--from-feed", server.url("/down"),
                "--since", "last-issue");
        assertEquals(2, badSince.exitCode(), badSince.all());
        assertArrayEquals(before, Files.readAllBytes(digest), "nothing written before --since was checked");
        CliRun linkThenDown = CliRun.of("add", "--to", digest.toString(), server.url("/pages/ghost"), "--from-feed", server.url("/down"),
                "--since", "2026-11-20");
        assertEquals(4, linkThenDown.exitCode(), linkThenDown.all());
        assertTrue(linkThenDown.err().endsWith("answered 503 Service Unavailable; the links above were added, none of the feed's"
                + " entries, try again later\n"), linkThenDown.err());
        assertTrue(Files.readString(digest).contains("url: " + server.url("/pages/ghost")), "the link went in");
    }

    /** An editor's bookmarks: two new entries (one page gone), one older than --since, one undated, one already in the issue. */
    private static String feed() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Bookmarks</title>\n"
                + "<link>https://bookmarks.example/</link><description>mine</description>\n"
                + item("Postgres on a Pi", server.url("/pages/ghost"), "Tomás F.", "Sun, 29 Nov 2026 10:00:00 +0000", "From the feed.")
                + item("A page that has gone", server.url("/gone"), "Ann Example", "Sat, 28 Nov 2026 10:00:00 +0000", "What the feed said about it.")
                + item("Old news", server.url("/pages/wordpress"), "Jane Doe", "Mon, 02 Nov 2026 10:00:00 +0000", "Before the last issue.")
                + item("Undated", server.url("/pages/news"), "Someone", null, "No date.")
                + item("Already in", "https://www.example.org/michael-rose/social-learning-for-a-social-workplace", "Michael Rose",
                "Fri, 27 Nov 2026 10:00:00 +0000", "In the sample.")
                + "</channel></rss>\n";
    }

    private static String item(String title, String link, String author, String date, String description) {
        return "<item><title>" + title + "</title><link>" + link + "</link><dc:creator>" + author + "</dc:creator>"
                + (date == null ? "" : "<pubDate>" + date + "</pubDate>") + "<description>" + description + "</description></item>\n";
    }
}
