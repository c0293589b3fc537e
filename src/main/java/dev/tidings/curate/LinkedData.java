package dev.tidings.curate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a page's schema.org JSON-LD says about it: the article (Article, NewsArticle, BlogPosting,
 * ScholarlyArticle, Report...), else the WebPage, and the WebSite's name. Written as sites write it:
 * one object, an array, or a Yoast-style {@code @graph} whose nodes refer to each other by
 * {@code @id} (the article's publisher is {@code {"@id": ".../#organization"}}); an author as a
 * string, an object or a list of them; an image as a string, an ImageObject or a list. A script
 * that is not valid JSON is skipped, never a failure: the page's other tags still count.
 */
final class LinkedData {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ARTICLES = Set.of("article", "blogposting", "socialmediaposting", "liveblogposting",
            "report", "scholarlyarticle", "newsarticle", "techarticle", "creativework");

    /** The declared values, raw (not yet made into text); each may be null, {@code authors} empty. */
    record Found(String headline, List<String> authors, String publisher, String description, String image, String imageCaption,
                 String pageName, String pageDescription, String siteName) {
        static final Found NOTHING = new Found(null, List.of(), null, null, null, null, null, null, null);
    }

    private final List<JsonNode> top = new ArrayList<>();
    private final Map<String, JsonNode> byId = new HashMap<>();

    private LinkedData() {
    }

    static Found read(Document page) {
        LinkedData data = new LinkedData();
        for (Element script : page.select("script[type]")) {
            if (script.attr("type").strip().toLowerCase(Locale.ROOT).startsWith("application/ld+json")) {
                data.add(script.data());
            }
        }
        return data.found();
    }

    private void add(String json) {
        try {
            JsonNode root = JSON.readTree(json.strip());
            if (root != null) {
                addTop(root);
            }
        } catch (JsonProcessingException e) {
            // A broken script says nothing; the page's other declarations still do.
        }
    }

    private void addTop(JsonNode node) {
        if (node.isArray()) {
            node.forEach(this::addTop);
        } else if (node.isObject()) {
            if (node.path("@graph").isArray()) {
                node.path("@graph").forEach(this::addTop);
            } else {
                top.add(node);
            }
            index(node, 0);
        }
    }

    /** Every node with an @id and more than the @id, so that references to it can be followed. */
    private void index(JsonNode node, int depth) {
        if (depth > 20) {
            return;
        }
        if (node.isObject() && node.path("@id").isTextual() && node.size() > 1) {
            byId.putIfAbsent(node.path("@id").asText(), node);
        }
        node.forEach(child -> index(child, depth + 1));
    }

    private Found found() {
        JsonNode article = first(this::isArticle);
        JsonNode page = first(node -> types(node).stream().anyMatch(t -> t.endsWith("page")));
        JsonNode site = first(node -> types(node).contains("website"));
        if (article == null && page == null && site == null) {
            return Found.NOTHING;
        }
        JsonNode a = article == null ? JSON.missingNode() : article;
        JsonNode image = first(resolve(a.path("image")));
        return new Found(text(a.path("headline")) != null ? text(a.path("headline")) : text(a.path("name")),
                names(a.path("author")), name(a.path("publisher")), text(a.path("description")),
                image.isTextual() ? image.asText() : text(image.path("url")) != null ? text(image.path("url")) : text(image.path("contentUrl")),
                text(image.path("caption")),
                page == null ? null : text(page.path("name")), page == null ? null : text(page.path("description")),
                site == null ? null : text(site.path("name")));
    }

    private boolean isArticle(JsonNode node) {
        return types(node).stream().anyMatch(t -> ARTICLES.contains(t) || t.endsWith("article"));
    }

    /** The first top-level node that matches, or the main entity of one. */
    private JsonNode first(Predicate<JsonNode> wanted) {
        for (JsonNode node : top) {
            JsonNode resolved = resolve(node);
            if (wanted.test(resolved)) {
                return resolved;
            }
            JsonNode main = resolve(resolved.path("mainEntity"));
            if (main.isObject() && wanted.test(main)) {
                return main;
            }
        }
        return null;
    }

    private static Set<String> types(JsonNode node) {
        Set<String> types = new LinkedHashSet<>();
        JsonNode type = node.path("@type");
        for (JsonNode t : type.isArray() ? type : List.of(type)) {
            if (t.isTextual()) {
                String name = t.asText().toLowerCase(Locale.ROOT);
                // "Article", "http://schema.org/Article", "schema:Article"
                types.add(name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf(':')) + 1));
            }
        }
        return types;
    }

    /** A reference {@code {"@id": X}} followed to the node it names; anything else as it is. */
    private JsonNode resolve(JsonNode node) {
        if (node.isObject() && node.path("@id").isTextual() && node.size() == 1) {
            return byId.getOrDefault(node.path("@id").asText(), node);
        }
        return node;
    }

    private JsonNode first(JsonNode node) {
        return node.isArray() ? (node.isEmpty() ? JSON.missingNode() : resolve(node.get(0))) : node;
    }

    private List<String> names(JsonNode authors) {
        List<String> names = new ArrayList<>();
        for (JsonNode author : authors.isArray() ? authors : List.of(authors)) {
            String name = name(author);
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    /** A person's or an organisation's name: a string, or an object's {@code name}. */
    private String name(JsonNode node) {
        JsonNode resolved = first(resolve(node));
        return resolved.isTextual() ? resolved.asText() : text(first(resolved.path("name")));
    }

    private static String text(JsonNode node) {
        if (node.isArray() && !node.isEmpty()) {
            return text(node.get(0));
        }
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
