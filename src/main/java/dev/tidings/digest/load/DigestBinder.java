package dev.tidings.digest.load;

import dev.tidings.digest.Author;
import dev.tidings.digest.Callout;
import dev.tidings.digest.CalloutLink;
import dev.tidings.digest.Digest;
import dev.tidings.digest.Dkim;
import dev.tidings.digest.Event;
import dev.tidings.digest.Greeting;
import dev.tidings.digest.Image;
import dev.tidings.digest.Issue;
import dev.tidings.digest.Item;
import dev.tidings.digest.Link;
import dev.tidings.digest.Newsletter;
import dev.tidings.digest.Section;
import dev.tidings.digest.Unsubscribe;
import dev.tidings.digest.Utm;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns a digest tree into records, leniently: a field of the wrong type becomes null (the schema
 * has already reported it), so that the semantic rules can still run and every problem is
 * reported in one pass. Defaults are applied here and nowhere else.
 */
final class DigestBinder {
    private DigestBinder() {
    }

    /** @param newsletterFile the file that holds the newsletter: the digest, or the file {@code newsletter:} names */
    static Digest bind(JsonNode root, Path source, Path newsletterFile) {
        String template = text(root, "template");
        Path templateDir = template == null ? null : resolveSibling(source, template);
        return new Digest(source, newsletter(root.path("newsletter"), newsletterFile), issue(root.path("issue"), source), templateDir);
    }

    static Path resolveSibling(Path digest, String relative) {
        Path dir = digest.toAbsolutePath().getParent();
        return dir == null ? Path.of(relative) : dir.resolve(relative).normalize();
    }

    /** The default issue id: the digest's file name without its extension. */
    static String defaultId(Path source) {
        String name = source.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** @param base the file that holds the newsletter: dkim.key_file is relative to it, like other relative paths */
    private static Newsletter newsletter(JsonNode node, Path base) {
        JsonNode unsubscribe = node.path("unsubscribe");
        String publicUrl = text(node, "public_url");
        String url = text(unsubscribe, "url");
        if (url == null && publicUrl != null) {
            url = (publicUrl.endsWith("/") ? publicUrl : publicUrl + "/") + Newsletter.SERVE_UNSUBSCRIBE;
        }
        return new Newsletter(
                text(node, "name"),
                text(node, "from"),
                text(node, "reply_to"),
                text(node, "website"),
                text(node, "postal_address"),
                new Unsubscribe(text(unsubscribe, "mailto"), url),
                text(node, "footer"),
                text(node, "archive_url"),
                utm(node.path("utm")),
                greeting(node),
                publicUrl,
                text(node, "description"),
                text(node, "bounce_address"),
                dkim(node.path("dkim"), base),
                language(node),
                strings(node.path("strings")),
                text(node, "subscribe_url"));
    }

    private static String language(JsonNode newsletter) {
        String language = text(newsletter, "language");
        return language != null ? language : Newsletter.DEFAULT_LANGUAGE;
    }

    private static java.util.Map<String, String> strings(JsonNode node) {
        java.util.Map<String, String> strings = new java.util.TreeMap<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getValue().isTextual()) {
                    strings.put(field.getKey(), field.getValue().asText());
                }
            });
        }
        return strings;
    }

    private static Dkim dkim(JsonNode node, Path base) {
        if (node.isTextual() && "relay".equals(node.asText())) {
            return Dkim.BY_RELAY;
        }
        if (!node.isObject()) {
            return null;
        }
        return new Dkim(text(node, "selector"), text(node, "key_file"), text(node, "domain"), base);
    }

    /** Absent or {@code true}: the theme's, in the newsletter's language; {@code false}: none; text: that text. */
    private static Greeting greeting(JsonNode newsletter) {
        JsonNode greeting = newsletter.path("greeting");
        if (greeting.isBoolean() && !greeting.asBoolean()) {
            return null;
        }
        String withoutName = text(newsletter, "greeting_without_name");
        // Unwritten parts stay null: the theme's bundle for the newsletter's language words them.
        return new Greeting(greeting.isTextual() ? greeting.asText() : null, withoutName);
    }

    private static Issue issue(JsonNode node, Path source) {
        String title = text(node, "title");
        String id = text(node, "id");
        String subject = text(node, "subject");
        JsonNode author = node.path("author");
        return new Issue(
                id != null ? id : defaultId(source),
                title,
                subject != null ? subject : title,
                text(node, "preheader"),
                date(text(node, "date")),
                author.isObject() ? new Author(text(author, "name"), text(author, "bio"), text(author, "url")) : null,
                text(node, "standfirst"),
                text(node, "intro"),
                image(node.path("image")),
                items(node.path("items")),
                text(node, "closing"),
                list(node.path("sections"), s -> new Section(text(s, "heading"),
                        list(s.path("links"), l -> new Link(text(l, "title"), text(l, "url"))))),
                list(node.path("callouts"), c -> new Callout(text(c, "heading"), text(c, "body"), calloutLink(c.path("link")),
                        event(c.path("event")))),
                text(node, "language"));
    }

    private static List<Item> items(JsonNode node) {
        List<Item> items = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode item : node) {
                items.add(new Item(items.size() + 1,
                        text(item, "title"),
                        text(item, "url"),
                        text(item, "author"),
                        text(item, "source"),
                        text(item, "summary"),
                        list(item.path("quotes"), q -> q.isTextual() ? q.asText() : ""),
                        text(item, "comment"),
                        image(item.path("image")),
                        item.path("draft").asBoolean(false)));
            }
        }
        return items;
    }

    private static Utm utm(JsonNode node) {
        return node.isObject() ? new Utm(text(node, "source"), text(node, "medium"), text(node, "campaign"),
                text(node, "term"), text(node, "content")) : null;
    }

    /** The event, when it has a readable start (the rules report one that is not); the end defaults to an hour later. */
    private static Event event(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        OffsetDateTime start = dateTime(text(node, "start"));
        if (start == null) {
            return null;
        }
        OffsetDateTime end = dateTime(text(node, "end"));
        return new Event(start, end != null ? end : start.plusHours(1), text(node, "location"), text(node, "url"));
    }

    static OffsetDateTime dateTime(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static CalloutLink calloutLink(JsonNode node) {
        return node.isObject() ? new CalloutLink(text(node, "text"), text(node, "url")) : null;
    }

    private static Image image(JsonNode node) {
        return node.isObject() ? new Image(text(node, "url"), text(node, "alt")) : null;
    }

    private static LocalDate date(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static <T> List<T> list(JsonNode node, Function<JsonNode, T> element) {
        List<T> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(child -> values.add(element.apply(child)));
        }
        return values;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
