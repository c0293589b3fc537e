package dev.tidings.render;

import dev.tidings.digest.Callout;
import dev.tidings.digest.Digest;
import dev.tidings.digest.Event;
import dev.tidings.render.markdown.MarkdownText;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import net.fortuna.ical4j.validate.ValidationException;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The iCalendar files of an issue: one per call-out that announces an event, each a VCALENDAR
 * with METHOD:PUBLISH (an announcement, not a meeting request that expects replies) and one VEVENT.
 *
 * <p>The output depends on the digest alone, so that re-rendering an unchanged issue gives the same
 * bytes (the archive rewrites only what changed): DTSTAMP is the issue's date at midnight UTC rather
 * than the time of rendering, and UID is made of the issue id, the file name and the sender's domain,
 * so a corrected event sent again replaces the first in calendars that imported it.
 */
public final class IssueCalendar {
    private IssueCalendar() {
    }

    /**
     * The files by the index of their call-out in {@code issue.callouts}, in order; call-outs without
     * an event have none. Links in them are as the editor wrote them, without UTM parameters: the
     * same file is attached to the email and published in the archive, and a visit from a calendar
     * entry came from neither.
     */
    public static Map<Integer, CalendarFile> files(Digest digest) {
        Map<Integer, CalendarFile> files = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        MarkdownText markdown = new MarkdownText();
        List<Callout> callouts = digest.issue().callouts();
        for (int i = 0; i < callouts.size(); i++) {
            Callout callout = callouts.get(i);
            if (callout.event() != null) {
                String name = uniqueName(slug(callout.heading()), names);
                files.put(i, new CalendarFile(name + ".ics", ics(digest, callout, name, markdown)));
            }
        }
        return Collections.unmodifiableMap(files);
    }

    private static String ics(Digest digest, Callout callout, String name, MarkdownText markdown) {
        Event event = callout.event();
        VEvent vevent = new VEvent(false);
        vevent.add(new DtStamp(digest.issue().date().atStartOfDay().toInstant(ZoneOffset.UTC)));
        vevent.add(new Uid(digest.issue().id() + "-" + name + "@" + senderDomain(digest)));
        // Instants are written in the UTC form (…Z), which needs no VTIMEZONE and every client reads.
        vevent.add(new DtStart<Instant>(event.start().toInstant()));
        vevent.add(new DtEnd<Instant>(event.end().toInstant()));
        vevent.add(new Summary(callout.heading()));
        String description = description(callout, markdown);
        if (!description.isEmpty()) {
            vevent.add(new Description(description));
        }
        if (event.location() != null) {
            vevent.add(new Location(event.location()));
        }
        if (event.url() != null) {
            vevent.add(new Url(URI.create(event.url())));
        }
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//tidings//" + digest.newsletter().name().replace("//", "/") + "//EN"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(ImmutableMethod.PUBLISH);
        calendar.add(vevent);
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(true).output(calendar, out);
        } catch (IOException | ValidationException e) {
            // The event was validated with the digest (times, end after start, URL); reaching here is a bug.
            throw new IllegalStateException("cannot write the event of the call-out \"" + callout.heading() + "\"", e);
        }
        return out.toString();
    }

    /** The call-out's body as plain text, then its link, so a calendar entry says what the email says. */
    private static String description(Callout callout, MarkdownText markdown) {
        List<String> parts = new ArrayList<>();
        if (callout.body() != null) {
            parts.add(markdown.toText(callout.body()).strip());
        }
        if (callout.link() != null) {
            parts.add(callout.link().text() + ": " + callout.link().url());
        }
        return String.join("\n\n", parts);
    }

    private static String senderDomain(Digest digest) {
        String from = digest.newsletter().from();
        String address = from.contains("<") ? from.substring(from.lastIndexOf('<') + 1, from.lastIndexOf('>')) : from;
        return address.substring(address.lastIndexOf('@') + 1).strip().toLowerCase(Locale.ROOT);
    }

    /** Lower-case ASCII letters and digits joined by hyphens: safe in a URL, a file name and a MIME parameter. */
    static String slug(String heading) {
        String slug = java.text.Normalizer.normalize(heading, java.text.Normalizer.Form.NFKD)
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "event" : slug;
    }

    private static String uniqueName(String slug, Set<String> taken) {
        String name = slug;
        for (int n = 2; !taken.add(name); n++) {
            name = slug + "-" + n;
        }
        return name;
    }
}
