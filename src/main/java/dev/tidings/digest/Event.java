package dev.tidings.digest;

import java.time.OffsetDateTime;

/**
 * An event a call-out announces, for the "Add to calendar" link and the .ics attachment.
 *
 * @param end      when it ends: one hour after the start when the digest gives none
 * @param location a place or where to join online, or null
 * @param url      the event's page, or null
 */
public record Event(OffsetDateTime start, OffsetDateTime end, String location, String url) {
}
