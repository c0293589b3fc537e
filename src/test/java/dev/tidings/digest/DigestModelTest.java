package dev.tidings.digest;

import dev.tidings.subscribers.Subscriber;
import dev.tidings.subscribers.SubscriberRow;
import dev.tidings.subscribers.SubscriberStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The records keep copies of what they are given, so a loaded digest cannot change under a renderer. */
class DigestModelTest {
    @Test
    void anIssueCopiesItsLists() {
        List<Item> items = new ArrayList<>(List.of(item(1)));
        Issue issue = new Issue("id", "Title", "Title", null, null, null, null, null, null, items, null, new ArrayList<>(), new ArrayList<>(), null);
        items.add(item(2));
        assertEquals(1, issue.items().size());
        assertThrows(UnsupportedOperationException.class, () -> issue.items().add(item(3)));
        assertThrows(UnsupportedOperationException.class, () -> issue.sections().clear());
        assertThrows(UnsupportedOperationException.class, () -> issue.callouts().clear());
    }

    @Test
    void anItemAndASectionCopyTheirLists() {
        List<String> quotes = new ArrayList<>(List.of("one"));
        Item item = new Item(1, "T", "https://example.org", null, null, null, quotes, null, null, false);
        quotes.add("two");
        assertEquals(List.of("one"), item.quotes());
        List<Link> links = new ArrayList<>(List.of(new Link("L", "https://example.org")));
        Section section = new Section("H", links);
        links.clear();
        assertEquals(1, section.links().size());
    }

    @Test
    void aSubscriberCopiesItsFieldsInColumnOrder() {
        List<String> columns = List.of("zeta", "alpha", "mid", "beta", "omega", "gamma", "delta", "kappa");
        Map<String, String> fields = new LinkedHashMap<>();
        columns.forEach(column -> fields.put(column, column.toUpperCase(java.util.Locale.ROOT)));
        Subscriber subscriber = new Subscriber("Ann@Example.org", "Ann", SubscriberStatus.SUBSCRIBED, fields);
        fields.put("later", "3");
        assertEquals(columns, List.copyOf(subscriber.fields().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> subscriber.fields().put("x", "y"));
        assertEquals("ann@example.org", subscriber.key(), "duplicates are recognised ignoring case");
    }

    @Test
    void aRowIsValidExactlyWhenItHasNoProblems() {
        assertTrue(new SubscriberRow(2, new Subscriber("a@example.org", null, SubscriberStatus.SUBSCRIBED, Map.of()), List.of()).valid());
        assertFalse(new SubscriberRow(3, null, List.of(new SubscriberRow.RowProblem("email", "is empty"))).valid());
    }

    @Test
    void aStatusIsParsedIgnoringCaseAndSpacesAndEmptyMeansSubscribed() {
        assertEquals(SubscriberStatus.SUBSCRIBED, SubscriberStatus.parse(""));
        assertEquals(SubscriberStatus.SUBSCRIBED, SubscriberStatus.parse(null));
        assertEquals(SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.parse(" Unsubscribed "));
        assertEquals(SubscriberStatus.BOUNCED, SubscriberStatus.parse("BOUNCED"));
        assertNull(SubscriberStatus.parse("subscibed"));
        assertEquals("bounced", SubscriberStatus.BOUNCED.label());
    }

    private static Item item(int number) {
        return new Item(number, "T" + number, "https://example.org/" + number, null, null, null, List.of(), null, null, false);
    }
}
