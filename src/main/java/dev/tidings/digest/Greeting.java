package dev.tidings.digest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line above the intro ("Hi Maya,"), filled per subscriber. The default theme always had one;
 * an intro that opens "Hello curious people," then gave two greetings, and the only way out was
 * forking the theme (issue 18), so the newsletter says what it is, or that there is none.
 *
 * @param text        with the placeholders {@code {first_name}} and {@code {name}}; null for the theme's
 *                    (its bundle's {@code greeting}, in the newsletter's language)
 * @param withoutName for a subscriber whose list row leaves a placeholder of {@code text} empty:
 *                    "Hi ," would read as a mail merge gone wrong; null for the theme's
 */
public record Greeting(String text, String withoutName) {
    /** The theme's greeting before it could be changed, kept byte for byte (the English bundle's). */
    public static final String DEFAULT_TEXT = "Hi {first_name},";
    public static final String DEFAULT_WITHOUT_NAME = "Hello,";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

    /** This greeting with what the editor left unwritten taken from the theme's words. */
    public Greeting withDefaults(String themeText, String themeWithoutName) {
        return new Greeting(text != null ? text : themeText, withoutName != null ? withoutName : themeWithoutName);
    }

    /** The greeting for one subscriber, the placeholders filled with their names as written. */
    public String fill(String name, String firstName) {
        Matcher placeholders = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (placeholders.find()) {
            String value = switch (placeholders.group(1)) {
                case "first_name" -> firstName;
                case "name" -> name;
                default -> placeholders.group(); // validation refused it; left as written
            };
            if (value.isEmpty()) {
                return withoutName;
            }
            placeholders.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        placeholders.appendTail(filled);
        return filled.toString();
    }

    /** Why {@code text} cannot be a greeting's text, or null: a placeholder other than the two. */
    public static String placeholderProblem(String text, boolean namesAllowed) {
        Matcher placeholders = PLACEHOLDER.matcher(text);
        while (placeholders.find()) {
            String found = placeholders.group(1);
            if (!namesAllowed) {
                return "has the placeholder {" + found + "}, but it is the greeting of subscribers without a name: write it"
                        + " without placeholders";
            }
            if (!found.equals("first_name") && !found.equals("name")) {
                return "unknown placeholder {" + found + "}; a greeting may use {first_name} and {name}";
            }
        }
        return null;
    }
}
