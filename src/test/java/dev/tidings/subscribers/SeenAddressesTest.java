package dev.tidings.subscribers;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class SeenAddressesTest {
    private final SeenAddresses seen = new SeenAddresses();

    @Test
    void aNewAddressIsZeroAndARepeatIsTheLineOfItsFirstOccurrence() {
        assertEquals(0, seen.firstLineOf("ann@example.org", 2));
        assertEquals(0, seen.firstLineOf("bob@example.org", 3));
        assertEquals(2, seen.firstLineOf("ann@example.org", 7));
        assertEquals(2, seen.firstLineOf("ann@example.org", 9), "the first line stays the first");
        assertEquals(3, seen.firstLineOf("bob@example.org", 10));
    }

    @Test
    void addressesAreComparedExactlySinceCallersPassThemLowerCased() {
        assertEquals(0, seen.firstLineOf("ann@example.org", 2));
        assertEquals(0, seen.firstLineOf("Ann@example.org", 3));
    }

    @Test
    void anAddressWithoutKnownLineIsStillRemembered() {
        assertEquals(0, seen.firstLineOf("ann@example.org", 0));
        assertNotEquals(0, seen.firstLineOf("ann@example.org", 5));
    }

    @Test
    void itKeepsEveryAddressAcrossManyGrowths() {
        int count = 200_000;
        for (int i = 0; i < count; i++) {
            assertEquals(0, seen.firstLineOf("reader" + i + "@example.org", i + 2), "new: reader" + i);
        }
        for (int i = 0; i < count; i++) {
            assertEquals(i + 2, seen.firstLineOf("reader" + i + "@example.org", count + i + 2), "repeat: reader" + i);
        }
    }

    @Test
    void theHashSpreadsSimilarAddresses() {
        assertNotEquals(SeenAddresses.hash("a1@example.org"), SeenAddresses.hash("a2@example.org"));
        assertEquals(SeenAddresses.hash("a1@example.org"), SeenAddresses.hash("a1@example.org"));
    }
}
