package dev.tidings.render;

import dev.tidings.TidingsException;
import dev.tidings.digest.Digest;
import dev.tidings.digest.Languages;
import freemarker.template.TemplateHashModelEx;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words a theme writes around the editor's content, in the language (issue 21): the
 * theme's bundles {@code messages/messages_TAG.properties} (UTF-8), most specific tag first, then
 * the default theme's, then English; {@code newsletter.strings} over all of them. Templates see
 * them as {@code t} ({@code ${t.read_more}}), and fill placeholders with {@code fill}.
 *
 * <p>Placeholders are {@code {name}}, filled in one pass by {@link #FILL}: not ICU MessageFormat,
 * whose apostrophe quoting turns the French "l'article" into "larticle" unless every translator
 * doubles it, and whose plurals no string here needs.
 */
public final class ThemeStrings {
    static final String MESSAGES = "messages";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    private final String tag;
    private final Map<String, String> strings;

    private ThemeStrings(String tag, Map<String, String> strings) {
        this.tag = tag;
        this.strings = Map.copyOf(strings);
    }

    /**
     * The strings of a digest's language in a theme.
     *
     * @param themeDir a user theme's directory, or null for the default theme alone
     */
    static ThemeStrings of(Digest digest, Path themeDir) {
        return of(digest.language(), digest.newsletter().strings(), themeDir);
    }

    /** The strings of a language in a theme, the editor's own wording ({@code newsletter.strings}) over the bundles'. */
    static ThemeStrings of(String tag, Map<String, String> editors, Path themeDir) {
        List<String> chain = Languages.bundleChain(tag);
        Map<String, String> strings = new HashMap<>();
        for (int i = chain.size() - 1; i >= 0; i--) { // least specific first, so the more specific win
            strings.putAll(defaultBundle(chain.get(i)));
            if (themeDir != null) {
                strings.putAll(themeBundle(themeDir, chain.get(i)));
            }
        }
        strings.putAll(editors);
        return new ThemeStrings(tag, strings);
    }

    /** The default theme's bundle of one tag, or an empty map when it has none. */
    static Map<String, String> defaultBundle(String tag) {
        String name = "/" + TemplateSet.DEFAULT_THEME + "/" + MESSAGES + "/messages_" + tag + ".properties";
        try (InputStream in = ThemeStrings.class.getResourceAsStream(name)) {
            return in == null ? Map.of() : parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("the default theme's " + name + " is unreadable", e);
        }
    }

    private static Map<String, String> themeBundle(Path themeDir, String tag) {
        Path file = themeDir.resolve(MESSAGES).resolve("messages_" + tag + ".properties");
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw TidingsException.invalidInput(file + ": cannot read the theme's strings (" + TidingsException.reason(e) + ")");
        } catch (IllegalArgumentException e) {
            throw TidingsException.invalidInput(file + ": cannot read the theme's strings (" + e.getMessage()
                    + "); a bundle is UTF-8 key = value lines");
        }
    }

    /** key = value lines, as java.util.Properties reads them, but UTF-8 (a Reader, not the ISO-8859-1 stream form). */
    static Map<String, String> parse(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }

    public String tag() {
        return tag;
    }

    Locale locale() {
        return Languages.locale(tag);
    }

    /** "rtl" for a right-to-left language, else "ltr": the {@code dir} of {@code <html>}. */
    public String direction() {
        return Languages.direction(tag);
    }

    public String get(String key) {
        String value = strings.get(key);
        if (value == null) {
            throw new IllegalStateException("the default theme's English bundle lacks " + key);
        }
        return value;
    }

    Map<String, String> all() {
        return strings;
    }

    /** A message with its placeholders filled: {@code say("serve_unsubscribed", Map.of("email", address))}. */
    public String say(String key, Map<String, String> values) {
        return fill(get(key), values);
    }

    /** What a template needs for its words: {@code t}, {@code fill}, {@code lang} and {@code dir}. */
    public void putLanguage(Map<String, Object> root) {
        root.put("t", all());
        root.put("fill", FILL);
        root.put("lang", tag());
        root.put("dir", direction());
    }

    /** The placeholders {@code {name}} of a message, in order: a translation must keep the English one's. */
    static List<String> placeholders(String message) {
        return PLACEHOLDER.matcher(message).results().map(m -> m.group(1)).sorted().toList();
    }

    static String fill(String message, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(message);
        StringBuilder filled = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(filled, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        return m.appendTail(filled).toString();
    }

    /**
     * {@code fill(t.footer_reason, {"email": subscriber.email, "newsletter": newsletter.name})}:
     * each placeholder replaced once, so that an address holding "{newsletter}" stays as written.
     * The result is text, escaped by the HTML template like any other.
     */
    static final TemplateMethodModelEx FILL = arguments -> {
        if (arguments.size() != 2 || !(arguments.get(0) instanceof TemplateScalarModel message)
                || !(arguments.get(1) instanceof TemplateHashModelEx hash)) {
            throw new TemplateModelException("fill takes a string and a hash: fill(t.by, {\"author\": issue.author.name})");
        }
        Map<String, String> values = new HashMap<>();
        freemarker.template.TemplateModelIterator keys = hash.keys().iterator();
        while (keys.hasNext()) {
            String key = text(keys.next());
            values.put(key, text(hash.get(key)));
        }
        return fill(message.getAsString(), values);
    };

    private static String text(TemplateModel model) throws TemplateModelException {
        if (model instanceof TemplateScalarModel scalar) {
            return scalar.getAsString();
        }
        if (model instanceof freemarker.template.TemplateNumberModel number) {
            return number.getAsNumber().toString();
        }
        throw new TemplateModelException("fill's values are text or numbers");
    }
}
