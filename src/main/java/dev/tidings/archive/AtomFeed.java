package dev.tidings.archive;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * An Atom feed (RFC 4287), written with StAX so that every text and attribute is escaped by the
 * XML writer rather than by hand. Dates are the issues' dates at midnight UTC: the feed then depends
 * on the issues alone, and an unchanged archive gives the same bytes.
 */
final class AtomFeed {
    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

    private AtomFeed() {
    }

    static String write(FeedInfo info, List<FeedEntry> newestFirst) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            newline(xml, 0);
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace(ATOM);
            element(xml, 1, "id", info.homeUrl());
            element(xml, 1, "title", info.title());
            element(xml, 1, "updated", newestFirst.isEmpty() ? "1970-01-01T00:00:00Z" : instant(newestFirst.get(0).date()));
            link(xml, 1, "self", "application/atom+xml", info.atomUrl());
            link(xml, 1, "alternate", "text/html", info.homeUrl());
            newline(xml, 1);
            xml.writeStartElement("author");
            element(xml, 2, "name", info.title());
            if (info.website() != null) {
                element(xml, 2, "uri", info.website());
            }
            newline(xml, 1);
            xml.writeEndElement();
            newline(xml, 1);
            xml.writeStartElement("generator");
            xml.writeCharacters("tidings");
            xml.writeEndElement();
            for (FeedEntry entry : newestFirst) {
                entry(xml, entry);
            }
            newline(xml, 0);
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the Atom feed", e);
        }
        return text + "\n";
    }

    private static void entry(XMLStreamWriter xml, FeedEntry entry) throws XMLStreamException {
        newline(xml, 1);
        xml.writeStartElement("entry");
        element(xml, 2, "id", entry.url());
        element(xml, 2, "title", entry.title());
        element(xml, 2, "published", instant(entry.date()));
        element(xml, 2, "updated", instant(entry.date()));
        link(xml, 2, "alternate", "text/html", entry.url());
        for (String calendar : entry.calendars()) {
            link(xml, 2, "related", "text/calendar", calendar);
        }
        if (entry.author() != null) {
            newline(xml, 2);
            xml.writeStartElement("author");
            element(xml, 3, "name", entry.author());
            newline(xml, 2);
            xml.writeEndElement();
        }
        if (entry.summary() != null) {
            element(xml, 2, "summary", entry.summary());
        }
        newline(xml, 2);
        xml.writeStartElement("content");
        xml.writeAttribute("type", "html");
        xml.writeCharacters(entry.contentHtml());
        xml.writeEndElement();
        newline(xml, 1);
        xml.writeEndElement();
    }

    private static void element(XMLStreamWriter xml, int depth, String name, String value) throws XMLStreamException {
        newline(xml, depth);
        xml.writeStartElement(name);
        xml.writeCharacters(value);
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, int depth, String rel, String type, String href) throws XMLStreamException {
        newline(xml, depth);
        xml.writeEmptyElement("link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("type", type);
        xml.writeAttribute("href", href);
    }

    private static void newline(XMLStreamWriter xml, int depth) throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth));
    }

    private static String instant(LocalDate date) {
        return RFC3339.format(date.atStartOfDay().toInstant(ZoneOffset.UTC));
    }
}
