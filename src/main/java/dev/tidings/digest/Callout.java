package dev.tidings.digest;

/**
 * A boxed announcement, such as an event invitation.
 *
 * @param body Markdown
 * @param link  an optional call to action, or null
 * @param event an event to add to calendars, or null
 */
public record Callout(String heading, String body, CalloutLink link, Event event) {
}
