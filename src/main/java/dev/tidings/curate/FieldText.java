package dev.tidings.curate;

import org.jsoup.Jsoup;
import org.jsoup.parser.Parser;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A value a page declares, made into plain text fit for a digest field. Pages are hostile and
 * sloppy: descriptions with markup in them (even a {@code <script>}), entities encoded twice
 * (WordPress writes {@code &#8217;} into JSON-LD, where nothing decodes it, and some themes
 * {@code &amp;#8217;} into meta tags, which the HTML parser decodes only once), line breaks and
 * runs of spaces, control characters a digest refuses, a whole article as a "description".
 */
final class FieldText {
    /** A tag, a comment or a doctype: something markup, not "a < b". */
    private static final Pattern MARKUP = Pattern.compile("<[a-zA-Z/!]");
    /** An entity still there after one decoding: the value was encoded twice. */
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});");
    /** White space and line separators, NEL (U+0085) among them as FeedText has it: a title is one line. */
    private static final Pattern SPACES = Pattern.compile("[\\s\\x{0085}\\x{00A0}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{3000}]+");
    private static final List<String> SEPARATORS = List.of(" | ", " - ", " – ", " — ", " · ", " • ", " :: ", " » ", ": ");

    private FieldText() {
    }

    /** Plain text on one line, or null when nothing is left. */
    static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        // Markup is parsed for its text (entities decoded with it, a script's content dropped); JSON-LD
        // strings were never decoded, meta contents once: what still looks like an entity is decoded, twice at most.
        String text = MARKUP.matcher(raw).find() ? Jsoup.parseBodyFragment(raw).text() : raw;
        for (int i = 0; i < 2 && ENTITY.matcher(text).find(); i++) {
            text = Parser.unescapeEntities(text, false);
        }
        text = SPACES.matcher(text).replaceAll(" ");
        // Controls (the C1 ones too, which \p{Cntrl} left in), surrogate halves and noncharacters (U+FDD0, U+1FFFE):
        // the digest refuses them (FieldChecks.characterProblem), so a page declaring one made add write an issue validate refused.
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().filter(c -> !FeedText.notText(c) && c != 0x200B && c != 0xFEFF).forEach(kept::appendCodePoint);
        text = SPACES.matcher(kept).replaceAll(" ").strip();
        // Only direction marks and other format characters (U+200E, U+2066) is nothing to read: an invisible title.
        return text.codePoints().allMatch(c -> c == ' ' || Character.getType(c) == Character.FORMAT) ? null : text;
    }

    /**
     * {@code text} if it is at most {@code max} characters, else cut there: after the last sentence
     * that fits (when that keeps at least half), else at the last space, with "…".
     */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        String head = text.substring(0, max);
        // One character more, so that a sentence ending right at the limit (its space just past it) is seen.
        String look = text.substring(0, max + 1);
        int sentence = Math.max(look.lastIndexOf(". "), Math.max(look.lastIndexOf("! "), look.lastIndexOf("? ")));
        if (sentence >= max / 2) {
            return head.substring(0, sentence + 1);
        }
        int space = head.lastIndexOf(' ', max - 1);
        return (space >= max / 2 ? head.substring(0, space) : head.substring(0, max - 1)).strip() + "…";
    }

    /** "Title | Site", "Title - Site", "Site: Title" and their kin, as "Title", when Site is one of {@code sites}. */
    static String withoutSite(String title, List<String> sites) {
        String lower = title.toLowerCase(Locale.ROOT);
        for (String site : sites) {
            String name = site.toLowerCase(Locale.ROOT);
            for (String separator : SEPARATORS) {
                if (!separator.equals(": ") && lower.endsWith(separator + name) && lower.length() > (separator + name).length()) {
                    return title.substring(0, title.length() - (separator + name).length()).strip();
                }
                if (lower.startsWith(name + separator) && lower.length() > (name + separator).length()) {
                    return title.substring((name + separator).length()).strip();
                }
            }
        }
        return title;
    }

    /** A value that is an address, not a name: article:author is often the author's profile page. */
    static boolean isAddress(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("//") || lower.startsWith("www.");
    }
}
