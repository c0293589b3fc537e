package dev.tidings.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.render.SearchIndex;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The archive as a shared link, a signup and a search (issue 22): every tag of the pages read back
 * with a parser and compared whole, in order, values exact.
 */
class ArchiveSharingTest {
    private static final String BASE = "https://news.example.org/archive/";

    @TempDir
    Path dir;

    /** A digest: the minimal one's newsletter with these lines added, and an issue written out here. */
    private Path digest(String name, String newsletterLines, String issueLines, String secondItemLines) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), """
                newsletter:
                  name: "Example Weekly"
                  from: "Example Weekly <news@example.org>"
                  postal_address: "1 Example Street, Exampletown"
                  unsubscribe:
                    mailto: leave@example.org
                  dkim: relay
                """ + newsletterLines + """
                issue:
                  title: "The first issue"
                  preheader: "Two articles worth reading"
                """ + issueLines + """
                  items:
                    - title: First article
                      url: https://example.org/first
                      summary: What the first article says.
                    - title: Second article
                      url: https://example.org/second
                      summary: What the *second* article says about gardens.
                """ + secondItemLines);
    }

    private CliRun archive(Object... digestsThenOptions) {
        List<String> args = new ArrayList<>(List.of("archive", "-o", dir.resolve("site").toString(), "--base-url", BASE));
        for (Object arg : digestsThenOptions) {
            args.add(arg.toString());
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.all());
        return run;
    }

    private Document page(String path) throws IOException {
        return Jsoup.parse(dir.resolve("site").resolve(path).toFile());
    }

    /** Every tag a previewer reads, in document order: "name=content", "rel=href". */
    private static List<String> previewTags(Document page) {
        List<String> tags = new ArrayList<>();
        for (Element element : page.head().select("link[rel=canonical], meta[property], meta[name=description], meta[name^=twitter:]")) {
            if (element.tagName().equals("link")) {
                tags.add("canonical=" + element.attr("href"));
            } else {
                tags.add((element.hasAttr("property") ? element.attr("property") : element.attr("name")) + "=" + element.attr("content"));
            }
        }
        return tags;
    }

    @Test
    void anIssuePageCarriesEveryPreviewTagWithAbsoluteUrlsAndTheFirstItemImage() throws Exception {
        Path issue = digest("2026-02", "  language: pt-BR\n",
                "  date: 2026-02-02\n  author:\n    name: Ana Souza\n",
                "      image:\n        url: https://cdn.example.org/garden.jpg\n        alt: \"A garden & a bench\"\n");
        archive(issue);
        assertEquals(List.of(
                "canonical=" + BASE + "2026-02/",
                "description=Two articles worth reading",
                "og:type=article",
                "og:title=The first issue",
                "og:description=Two articles worth reading",
                "og:url=" + BASE + "2026-02/",
                "og:site_name=Example Weekly",
                "og:locale=pt_BR",
                "og:image=https://cdn.example.org/garden.jpg",
                "og:image:alt=A garden & a bench",
                "article:published_time=2026-02-02",
                "article:author=Ana Souza",
                "twitter:card=summary_large_image",
                "twitter:title=The first issue",
                "twitter:description=Two articles worth reading",
                "twitter:image=https://cdn.example.org/garden.jpg",
                "twitter:image:alt=A garden & a bench"), previewTags(page("2026-02/index.html")));
    }

    @Test
    void theIssuesOwnImageWinsAndWithoutAnyImageTheCardIsASummary() throws Exception {
        Path withHero = digest("hero", "", "  date: 2026-03-02\n  image:\n    url: https://cdn.example.org/hero.png\n    alt: The hero\n",
                "      image:\n        url: https://cdn.example.org/item.png\n        alt: An item\n");
        Path plain = digest("plain", "", "  date: 2026-01-05\n", "");
        archive(withHero, plain);
        List<String> hero = previewTags(page("hero/index.html"));
        assertTrue(hero.containsAll(List.of("og:image=https://cdn.example.org/hero.png", "og:image:alt=The hero",
                "twitter:image=https://cdn.example.org/hero.png", "twitter:card=summary_large_image")), hero.toString());
        assertEquals(List.of(
                "canonical=" + BASE + "plain/",
                "description=Two articles worth reading",
                "og:type=article",
                "og:title=The first issue",
                "og:description=Two articles worth reading",
                "og:url=" + BASE + "plain/",
                "og:site_name=Example Weekly",
                "og:locale=en",
                "article:published_time=2026-01-05",
                "twitter:card=summary",
                "twitter:title=The first issue",
                "twitter:description=Two articles worth reading"), previewTags(page("plain/index.html")));
    }

    @Test
    void theIndexIsAWebsiteDescribedByTheNewsletter() throws Exception {
        archive(digest("one", "  description: \"Five links a week on <gardens>.\"\n", "  date: 2026-01-05\n", ""));
        assertEquals(List.of(
                "canonical=" + BASE,
                "description=Five links a week on <gardens>.",
                "og:type=website",
                "og:title=Example Weekly: all issues",
                "og:description=Five links a week on <gardens>.",
                "og:url=" + BASE,
                "og:site_name=Example Weekly",
                "og:locale=en",
                "twitter:card=summary",
                "twitter:title=Example Weekly: all issues",
                "twitter:description=Five links a week on <gardens>."), previewTags(page("index.html")));
    }

    @Test
    void theIndexListsTheIssuesByYearNewestFirstWithDatesAndPreheaders() throws Exception {
        Path c = digest("c", "", "  date: 2024-06-01\n  standfirst: The *standfirst* instead\n", "");
        Files.writeString(c, Files.readString(c).replace("  preheader: \"Two articles worth reading\"\n", ""));
        archive(digest("a", "", "  date: 2025-12-29\n", ""), digest("b", "", "  date: 2026-01-05\n", ""), c);
        Document index = page("index.html");
        assertEquals(List.of("2026", "2025"), index.select("section.year > h2").eachText().subList(0, 2));
        List<String> rows = new ArrayList<>();
        for (Element section : index.select("section.year")) {
            for (Element li : section.select("li")) {
                rows.add(section.selectFirst("h2").text() + " | " + li.selectFirst("time").attr("datetime") + " | "
                        + li.selectFirst("time").text() + " | " + li.selectFirst("a").attr("href") + " | " + li.selectFirst("a").text()
                        + " | " + li.selectFirst("p.issue-summary").text());
            }
        }
        assertEquals(List.of(
                "2026 | 2026-01-05 | 5 January 2026 | b/index.html | The first issue | Two articles worth reading",
                "2025 | 2025-12-29 | 29 December 2025 | a/index.html | The first issue | Two articles worth reading",
                "2024 | 2024-06-01 | 1 June 2024 | c/index.html | The first issue | The standfirst instead"), rows);
    }

    @Test
    void theSubscribeBoxPostsToServeFromPublicUrlOrSubscribeUrlAndIsAbsentWithoutEither() throws Exception {
        archive(digest("served", "  public_url: https://news.example.org/letters\n", "  date: 2026-01-05\n", ""));
        for (String path : List.of("index.html", "served/index.html")) {
            assertSubscribeBox(page(path), "https://news.example.org/letters/subscribe", path);
        }
        archive(digest("served", "  public_url: https://news.example.org/letters\n  subscribe_url: https://signup.example.net/subscribe\n",
                "  date: 2026-01-05\n", ""));
        assertSubscribeBox(page("served/index.html"), "https://signup.example.net/subscribe", "subscribe_url wins");
        assertSubscribeBox(page("index.html"), "https://signup.example.net/subscribe", "subscribe_url wins");
        archive(digest("served", "", "  date: 2026-01-05\n", ""));
        assertNull(page("index.html").selectFirst("form.signup"), "neither set: no box");
        assertNull(page("served/index.html").selectFirst("form.signup"), "neither set: no box");
    }

    private static void assertSubscribeBox(Document page, String action, String where) {
        Element form = page.selectFirst("form.signup");
        assertTrue(form != null, where + ": a subscribe box");
        assertEquals(action, form.attr("action"), where);
        assertEquals("post", form.attr("method"), where);
        Element email = form.selectFirst("input[name=email]");
        assertEquals(List.of("email", "email", "", "signup-email"), List.of(email.attr("type"), email.attr("autocomplete"),
                email.attr("required"), email.id()), where + ": " + email);
        assertTrue(email.hasAttr("required"), where);
        assertEquals("Email address", form.selectFirst("label[for=" + email.id() + "]").text(), where);
        assertEquals("Subscribe", form.selectFirst("button[type=submit]").text(), where);
        assertEquals("", form.selectFirst("input[name=website]").val(), where + ": serve's honeypot, empty");
        assertEquals(List.of(), page.select("script, link[rel=stylesheet], iframe, [src^=http]:not(img)").stream().map(Element::outerHtml).toList(),
                where + ": nothing runs, nothing loads from elsewhere");
        assertTrue(page.select("script").isEmpty(), where + ": no script without --search");
    }

    @Test
    void searchWritesTheIndexAndTheOneScriptServeAllowsAndTextStaysText() throws Exception {
        Path hostile = digest("hostile", "", "  date: 2026-01-05\n", "");
        Files.writeString(hostile, Files.readString(hostile).replace("title: First article",
                "title: \"</script><script>window.pwned=1</script> & more\""));
        archive(hostile, "--search");
        Document index = page("index.html");
        List<Element> scripts = index.select("script");
        assertEquals(2, scripts.size(), scripts.toString());
        assertEquals("application/json", scripts.get(0).attr("type"));
        assertEquals(SearchIndex.SCRIPT, scripts.get(1).data(), "the script serve allows by its hash, byte for byte");
        assertTrue(scripts.get(0).data().indexOf('<') < 0, "no < inside the data block: nothing can end it early");
        JsonNode entries = new ObjectMapper().readTree(scripts.get(0).data());
        assertEquals(1, entries.size());
        JsonNode entry = entries.get(0);
        assertEquals(List.of("hostile/index.html", "The first issue", "2026-01-05", "Two articles worth reading"),
                Stream.of("url", "title", "date", "preheader").map(key -> entry.path(key).asText()).toList());
        assertEquals("</script><script>window.pwned=1</script> & more", entry.path("items").get(0).path("title").asText());
        assertEquals("What the second article says about gardens.", entry.path("items").get(1).path("summary").asText(),
                "summaries as text, Markdown gone");
        Element box = index.selectFirst("form#search");
        assertTrue(box.hasAttr("hidden"), "hidden until the script shows it");
        assertEquals("Search the issues", box.selectFirst("label[for=search-query]").text());
        assertEquals("No issue matches your search.", box.attr("data-none"));
        assertTrue(page("hostile/index.html").select("script").isEmpty(), "issue pages have no script, even with --search");
    }
}
