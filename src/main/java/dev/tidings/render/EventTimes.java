package dev.tidings.render;

import dev.tidings.digest.Event;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * An event's time as readers see it: in the offset the editor wrote, named, so that a reader in
 * another zone can convert it ("Tuesday 22 December 2026, 17:00–18:00 UTC"). The .ics attachment
 * carries the exact instants for calendars to convert.
 */
final class EventTimes {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", Locale.UK);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);

    private EventTimes() {
    }

    static String when(Event event) {
        OffsetDateTime start = event.start();
        // The end is shown in the start's offset, so that one zone name covers both.
        OffsetDateTime end = event.end().withOffsetSameInstant(start.getOffset());
        String zone = zoneName(start.getOffset());
        if (start.toLocalDate().equals(end.toLocalDate())) {
            return DAY.format(start) + ", " + TIME.format(start) + "\u2013" + TIME.format(end) + " " + zone;
        }
        return DAY.format(start) + ", " + TIME.format(start) + " \u2013 " + DAY.format(end) + ", " + TIME.format(end) + " " + zone;
    }

    private static String zoneName(ZoneOffset offset) {
        return offset.equals(ZoneOffset.UTC) ? "UTC" : "UTC" + offset.getId();
    }
}
