package dev.tidings.curate;

import dev.tidings.TidingsException;
import dev.tidings.digest.load.IssueSeries;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code --since} of {@code tidings add --from-feed}: from when the feed's entries are new. By
 * default the date of the issue before the one being edited, since what was bookmarked after that
 * issue is what the next one is made of.
 *
 * <p>A date means the start of that day, in the editor's time zone, and so does an issue's date:
 * an issue dated 20 November may have gone out that evening, after the morning's bookmarks. Taking
 * the day whole can offer a link the last issue already had (the editor sees it in the draft and
 * deletes it); taking it from the end of the day would leave that evening's links out unsaid.
 */
public final class SinceDate {
    public static final String LAST_ISSUE = "last-issue";
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final String FORMS = "give --since last-issue (the default: the date of the issue before this one),"
            + " a date (2026-11-20, from the start of that day) or a date and time with its offset (2026-11-20T18:00:00+01:00)";

    private SinceDate() {
    }

    /**
     * The instant after which entries are new.
     *
     * @param since  the option's value: null or {@value #LAST_ISSUE}, an ISO date, or an ISO date-time
     *               (with its offset; without one it is a time in {@code zone})
     * @param digest the digest being edited: its folder holds the earlier issues
     * @param zone   the editor's time zone, for a date
     */
    public static Instant resolve(String since, Path digest, ZoneId zone) {
        String value = since == null ? LAST_ISSUE : since.strip();
        if (value.equals(LAST_ISSUE)) {
            return previousIssueDate(digest).atStartOfDay(zone).toInstant();
        }
        try {
            if (DATE.matcher(value).matches()) {
                return LocalDate.parse(value).atStartOfDay(zone).toInstant();
            }
            if (value.matches("\\d{4}-\\d{2}-\\d{2}T.*")) {
                return hasOffset(value) ? OffsetDateTime.parse(value).toInstant() : LocalDateTime.parse(value).atZone(zone).toInstant();
            }
        } catch (DateTimeException e) {
            throw TidingsException.usage("--since \"" + value + "\": no such date or time (" + e.getMessage() + "); " + FORMS);
        }
        throw TidingsException.usage("--since \"" + value + "\": not a date; " + FORMS);
    }

    /**
     * The entries published strictly after {@code since}, oldest first: the order they were
     * bookmarked, which is the order the editor met them and the likeliest order to write about
     * them (feeds list newest first). Entries with no date are left out: nothing says they are
     * new, and taking them would add the same undated entries to every issue; the command names
     * them instead (those of {@code all} whose {@link Bookmark#published()} is null).
     */
    public static List<Bookmark> newerThan(List<Bookmark> all, Instant since) {
        return all.stream().filter(b -> b.published() != null && b.published().isAfter(since))
                .sorted(Comparator.comparing(Bookmark::published)).toList();
    }

    private static boolean hasOffset(String dateTime) {
        return dateTime.endsWith("Z") || dateTime.endsWith("z") || dateTime.matches(".*T.*[+-]\\d{2}(:?\\d{2})?$");
    }

    /** The latest issue of the digest's folder strictly before the digest's own (IssueSeries.ORDER), and its date. */
    private static LocalDate previousIssueDate(Path digest) {
        Path file = digest.toAbsolutePath().normalize();
        Path folder = file.getParent();
        IssueSeries.Entry own = IssueSeries.read(file);
        if (own == null) {
            throw TidingsException.invalidInput(digest + ": no issue: in this file, so there is no issue before it; give --since DATE");
        }
        IssueSeries.Entry previous = IssueSeries.issues(folder).stream()
                .filter(e -> !e.file().toAbsolutePath().normalize().equals(file) && IssueSeries.ORDER.compare(e, own) < 0)
                .max(IssueSeries.ORDER).orElse(null);
        if (previous == null) {
            throw TidingsException.usage("no earlier issue in " + folder + " than " + own.id() + ": give --since DATE");
        }
        if (previous.date() == null) {
            throw TidingsException.invalidInput(previous.file() + ": issue.date is missing or not a date (YYYY-MM-DD), so"
                    + " the previous issue's date is unknown; give --since DATE");
        }
        return previous.date();
    }
}
