package dev.tidings.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.digest.Digest;
import dev.tidings.digest.Item;
import dev.tidings.render.markdown.MarkdownText;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * The archive's static search ({@code tidings archive --search}): a JSON index of the issues
 * (titles, the items' titles and summaries as text, URLs), written into the index page as a data
 * block, and {@link #SCRIPT}, which filters the page's list of issues as the reader types.
 *
 * <p>Why a data block in the page and not a file fetched: the archive works from the disk too, and
 * browsers refuse {@code fetch()} of file: URLs. Why the script never writes markup: titles and
 * summaries come from pages {@code tidings add} fetched, so hostile text; the script only hides
 * and shows list entries the template already wrote (escaped), and sets {@code textContent}.
 * Why a fixed script: {@code tidings serve} allows exactly this one by its hash
 * ({@link #SCRIPT_CSP_SOURCE}), so a script an issue's content smuggled into a page never runs.
 */
public final class SearchIndex {
    /**
     * The whole script, the same for every site. It reads the index (each entry's {@code url} is
     * the {@code data-url} of its {@code <li>}), shows the search form (hidden until a script runs:
     * without one it could not work), and on each input keeps the issues whose text holds every word.
     */
    public static final String SCRIPT = """
            (function () {
              var form = document.getElementById('search');
              var input = document.getElementById('search-query');
              var status = document.getElementById('search-status');
              var text = {};
              JSON.parse(document.getElementById('search-index').textContent).forEach(function (issue) {
                text[issue.url] = [issue.title, issue.preheader].concat(issue.items.map(function (item) {
                  return item.title + ' ' + item.summary;
                })).join(' ').toLowerCase();
              });
              form.hidden = false;
              form.addEventListener('submit', function (event) { event.preventDefault(); });
              input.addEventListener('input', function () {
                var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
                var found = 0;
                document.querySelectorAll('li[data-url]').forEach(function (li) {
                  var all = text[li.getAttribute('data-url')] || '';
                  li.hidden = !words.every(function (word) { return all.indexOf(word) >= 0; });
                  found += li.hidden ? 0 : 1;
                });
                document.querySelectorAll('section[data-year]').forEach(function (year) {
                  year.hidden = !year.querySelector('li[data-url]:not([hidden])');
                });
                status.textContent = found === 0 ? form.getAttribute('data-none') : '';
              });
            })();
            """;

    /** The CSP source that allows {@link #SCRIPT} and nothing else (CSP Level 3, hash-source). */
    public static final String SCRIPT_CSP_SOURCE = "'sha256-" + sha256(SCRIPT) + "'";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchIndex() {
    }

    /**
     * The index, newest first, as JSON that can stand inside a {@code <script type="application/json">}:
     * {@code <}, {@code >} and {@code &} are written as {@code \}u escapes, so that no text (a title
     * holding {@code </script>}) can end the element early.
     *
     * @param urls each issue's URL relative to the index page, in the same order
     */
    static String json(List<Digest> newestFirst, List<String> urls) {
        MarkdownText text = new MarkdownText();
        ArrayNode issues = JSON.createArrayNode();
        for (int i = 0; i < newestFirst.size(); i++) {
            var issue = newestFirst.get(i).issue();
            ObjectNode entry = issues.addObject()
                    .put("url", urls.get(i))
                    .put("title", issue.title())
                    .put("date", issue.date().toString())
                    .put("preheader", issue.preheader() == null ? "" : issue.preheader());
            ArrayNode items = entry.putArray("items");
            for (Item item : issue.items()) {
                items.addObject().put("title", item.title())
                        .put("summary", item.summary() == null ? "" : text.toText(item.summary()).replaceAll("\\s+", " ").strip());
            }
        }
        try {
            return JSON.writeValueAsString(issues).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the search index", e);
        }
    }

    private static String sha256(String script) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
