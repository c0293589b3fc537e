package dev.tidings.render;

import dev.tidings.digest.Event;
import dev.tidings.digest.Languages;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
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
    private static final DateTimeFormatter ENGLISH_TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);

    /** Where the times go in {@link #dayWithTimes}: a private-use character, never in a CLDR pattern or a date. */
    private static final char TIMES = '\uE000';

    private final DateTimeFormatter date;
    private final DateTimeFormatter time;
    /** The day and a hole for its times, glued as the language glues a date and a time. */
    private final DateTimeFormatter dayWithTimes;

    EventTimes(String languageTag) {
        if (languageTag.equalsIgnoreCase("en")) {
            date = ENGLISH_DATE;
            time = ENGLISH_TIME;
            dayWithTimes = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu', '" + TIMES, Locale.UK);
        } else {
            Locale locale = Languages.locale(languageTag);
            date = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale);
            time = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale);
            dayWithTimes = DateTimeFormatter.ofPattern(withTimesHole(locale), locale);
        }
    }

    /**
     * CLDR's full date with a short time ("EEEE, d. MMMM y, HH:mm", "y年M月d日EEEE H:mm",
     * "EEEE، d MMMM y, h:mm a"), the time replaced by the hole: the glue between a date and a time
     * differs by language, and an English ", " in Japanese reads as a mistake.
     */
    private static String withTimesHole(Locale locale) {
        String both = DateTimeFormatterBuilder.getLocalizedDateTimePattern(FormatStyle.FULL, FormatStyle.SHORT,
                IsoChronology.INSTANCE, locale);
        String timeOnly = DateTimeFormatterBuilder.getLocalizedDateTimePattern(null, FormatStyle.SHORT, IsoChronology.INSTANCE, locale);
        int at = both.lastIndexOf(timeOnly);
        if (at < 0) { // no CLDR locale does this today; then the date, a space, the times
            return DateTimeFormatterBuilder.getLocalizedDateTimePattern(FormatStyle.FULL, null, IsoChronology.INSTANCE, locale)
                    + " " + TIMES;
        }
        return both.substring(0, at) + TIMES + both.substring(at + timeOnly.length());
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
            return withTimes(start, time.format(start) + "\u2013" + time.format(end)) + " " + zone;
        }
        return withTimes(start, time.format(start)) + " \u2013 " + withTimes(end, time.format(end)) + " " + zone;
    }

    private String withTimes(OffsetDateTime when, String times) {
        return dayWithTimes.format(when).replace(String.valueOf(TIMES), times);
    }

    private static String zoneName(ZoneOffset offset) {
        return offset.equals(ZoneOffset.UTC) ? "UTC" : "UTC" + offset.getId();
    }
}
