package dev.tidings.render;

import dev.tidings.digest.Event;
import dev.tidings.digest.Languages;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * Dates as readers see them, in the language (issue 21): the JDK's CLDR formats and
 * month and weekday names ("30. November 2026", "2026年11月30日", "30 نوفمبر 2026"), never a bundle's.
 * An event's time is in the offset the editor wrote, named, so that a reader in another zone can
 * convert it ("Tuesday 22 December 2026, 17:00–18:00 UTC"); the .ics attachment carries the exact
 * instants for calendars to convert, and does not change with the language.
 *
 * <p>Plain {@code en} keeps the British forms the theme always wrote ("30 November 2026", a
 * 24-hour clock, no comma after the weekday), which CLDR's {@code en} (American) would change
 * for every existing English newsletter; {@code en-US} and the others get CLDR's.
 */
final class EventTimes {
    private static final DateTimeFormatter ENGLISH_DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.UK);
    private static final DateTimeFormatter ENGLISH_DAY = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", Locale.UK);
    private static final DateTimeFormatter ENGLISH_TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);

    private final DateTimeFormatter date;
    private final DateTimeFormatter day;
    private final DateTimeFormatter time;

    EventTimes(String languageTag) {
        if (languageTag.equalsIgnoreCase("en")) {
            date = ENGLISH_DATE;
            day = ENGLISH_DAY;
            time = ENGLISH_TIME;
        } else {
            Locale locale = Languages.locale(languageTag);
            date = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale);
            day = DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale);
            time = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale);
        }
    }

    /** {@code issue.date_long}. */
    String dateLong(LocalDate value) {
        return date.format(value);
    }

    String when(Event event) {
        OffsetDateTime start = event.start();
        // The end is shown in the start's offset, so that one zone name covers both.
        OffsetDateTime end = event.end().withOffsetSameInstant(start.getOffset());
        String zone = zoneName(start.getOffset());
        if (start.toLocalDate().equals(end.toLocalDate())) {
            return day.format(start) + ", " + time.format(start) + "\u2013" + time.format(end) + " " + zone;
        }
        return day.format(start) + ", " + time.format(start) + " \u2013 " + day.format(end) + ", " + time.format(end) + " " + zone;
    }

    private static String zoneName(ZoneOffset offset) {
        return offset.equals(ZoneOffset.UTC) ? "UTC" : "UTC" + offset.getId();
    }
}
