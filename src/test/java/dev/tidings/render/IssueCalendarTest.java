package dev.tidings.render;

import dev.tidings.digest.Digest;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The .ics files of call-outs' events, read back with ical4j's parser as a calendar would. */
class IssueCalendarTest {
    private static final Path EVENTS = Path.of("src/test/resources/digests/good/events.yaml");

    @Test
    void oneValidCalendarPerCalloutWithAnEventInTheIssuesOrder() throws Exception {
        Map<Integer, CalendarFile> files = IssueCalendar.files(RenderFixtures.load(EVENTS));

        assertEquals(List.of(0, 1), List.copyOf(files.keySet()), "the third call-out has no event");
        assertEquals("community-call-what-we-learned-in-2026.ics", files.get(0).fileName());
        assertEquals("reading-group-cafe-zoe-room-2.ics", files.get(1).fileName());

        Calendar calendar = parse(files.get(0));
        calendar.validate();
        assertEquals("PUBLISH", calendar.getProperty(Property.METHOD).orElseThrow().getValue());
        assertEquals("2.0", calendar.getProperty(Property.VERSION).orElseThrow().getValue());
        VEvent event = only(calendar);
        assertEquals("Community call: what we learned in 2026", value(event, Property.SUMMARY));
        assertEquals(Instant.parse("2026-12-22T17:00:00Z"), Instant.from(event.getDateTimeStart().getDate()));
        assertEquals(Instant.parse("2026-12-22T18:30:00Z"), Instant.from(event.getDateTimeEnd().getDate()));
        assertEquals("Online, video call", value(event, Property.LOCATION));
        assertEquals("https://example.org/call", value(event, Property.URL),
                "as written: the same file is attached and published, and a calendar is neither the email nor the archive");
        assertEquals("winter-gathering-community-call-what-we-learned-in-2026@example.org", value(event, Property.UID));
        assertEquals("""
                Bring a question, or just listen. Notes go to the wiki <https://example.org/wiki>.

                Read the agenda: https://example.org/agenda""",
                value(event, Property.DESCRIPTION));
    }

    @Test
    void anOffsetBecomesTheSameInstantInUtcAndAMissingEndIsAnHourLater() throws Exception {
        VEvent event = only(parse(IssueCalendar.files(RenderFixtures.load(EVENTS)).get(1)));

        assertEquals(Instant.parse("2027-01-07T18:00:00Z"), Instant.from(event.getDateTimeStart().getDate()));
        assertEquals(Instant.parse("2027-01-07T19:00:00Z"), Instant.from(event.getDateTimeEnd().getDate()));
        assertEquals("Café Zoë, 12 Rue d'Exemple, Lyon", value(event, Property.LOCATION), "non-ASCII text survives");
    }

    @Test
    void theBytesDependOnTheDigestAloneSoAnUnchangedIssueGivesTheSameFiles() {
        Digest digest = RenderFixtures.load(EVENTS);
        String first = IssueCalendar.files(digest).get(0).content();

        assertEquals(first, IssueCalendar.files(RenderFixtures.load(EVENTS)).get(0).content());
        assertTrue(first.contains("DTSTAMP:20261201T000000Z\r\n"), "DTSTAMP is the issue's date, not the time of rendering:\n" + first);
    }

    @Test
    void linesEndInCrlfAndAreFoldedAt75Octets() {
        String content = IssueCalendar.files(RenderFixtures.load(EVENTS)).get(0).content();

        assertTrue(content.startsWith("BEGIN:VCALENDAR\r\n"), content);
        for (String line : content.split("\r\n")) {
            assertTrue(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 75, "longer than 75 octets: " + line);
            assertTrue(line.indexOf('\n') < 0, "a bare LF in: " + line);
        }
    }

    @Test
    void slugsAreAsciiAndNamesUniqueWithinTheIssue() {
        assertEquals("cafe-zoe", IssueCalendar.slug("Café Zoë"));
        assertEquals("event", IssueCalendar.slug("!!!"));
        assertEquals("event", IssueCalendar.slug("読書会"));
    }

    private static Calendar parse(CalendarFile file) throws Exception {
        return new CalendarBuilder().build(new StringReader(file.content()));
    }

    private static VEvent only(Calendar calendar) {
        List<VEvent> events = calendar.getComponents("VEVENT");
        assertEquals(1, events.size());
        return events.get(0);
    }

    private static String value(VEvent event, String name) {
        return event.getProperty(name).orElseThrow(() -> new AssertionError("no " + name)).getValue();
    }
}
