package dev.tidings.curate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FieldTextTest {
    @Test
    void siteSuffixesAndPrefixesAreCutOnlyForAKnownSite() {
        List<String> site = List.of("Field Notes");
        assertEquals("Title", FieldText.withoutSite("Title | Field Notes", site));
        assertEquals("Title", FieldText.withoutSite("Title - Field Notes", site));
        assertEquals("Title", FieldText.withoutSite("Title — field notes", site));
        assertEquals("Title", FieldText.withoutSite("Title – Field Notes", site));
        assertEquals("Title", FieldText.withoutSite("Field Notes: Title", site));
        assertEquals("Title | Other Site", FieldText.withoutSite("Title | Other Site", site));
        assertEquals("Title | Field Notes", FieldText.withoutSite("Title | Field Notes", List.of()));
        assertEquals("Field Notes", FieldText.withoutSite("Field Notes", site), "a title that is only the site's name stays");
        assertEquals("Why Field Notes: a history", FieldText.withoutSite("Why Field Notes: a history", site));
    }

    @Test
    void textIsDecodedOnceOrTwiceAndCollapsed() {
        assertEquals("It’s here", FieldText.clean("It&#8217;s here"));
        assertEquals("It’s here", FieldText.clean("It&amp;#8217;s here"));
        assertEquals("a b c", FieldText.clean(" a\n\tb\u00a0\u00a0c\r\n"));
        assertEquals("AT&T rocks", FieldText.clean("AT&T rocks"));
        assertNull(FieldText.clean(" \u200b "));
        assertNull(FieldText.clean("<script>alert(1)</script>"));
        assertEquals("Ship it 🚀 now", FieldText.clean("Ship it 🚀\uD800 now\u0007"), "a whole emoji kept, half a surrogate and a bell dropped");
    }

    @Test
    void c1ControlsAndNoncharactersAreDroppedAndMarksAloneAreNoText() {
        // Red team: NEL (U+0085) stayed in a title as a line break, U+FDD0 and U+1FFFE went into the digest, which validate
        // then refused ("contains the noncharacter U+FDD0"); a title of direction marks alone was written, invisible.
        assertEquals("Plan B next", FieldText.clean("Plan \uFDD0 B\u0085next"));
        assertEquals("x y z", FieldText.clean("x\uFDEF y \uD83F\uDFFE z\u0080\u009F"));
        assertNull(FieldText.clean("\u200E \u200F\u2066\u2069"));
        assertEquals("\u200Fשלום", FieldText.clean("\u200Fשלום"), "a mark beside text is kept: it orders the text");
    }

    @Test
    void cutsAtAWordWithAnEllipsisWhenNoSentenceEndsNearTheLimit() {
        assertEquals("one two…", FieldText.cut("one two three", 10));
        assertEquals("abcdefghi…", FieldText.cut("abcdefghijklmnop", 10));
        assertEquals("short", FieldText.cut("short", 10));
        assertEquals("One two.", FieldText.cut("One two. Three four", 8), "a sentence ending right at the limit is whole");
    }

    @Test
    void citationNamesReadGivenNameFirst() {
        assertEquals("Marie Curie", PageDrafter.givenNameFirst("Curie, Marie"));
        assertEquals("Marie Curie", PageDrafter.givenNameFirst("Marie Curie"));
        assertEquals("King, Jr., Martin Luther", PageDrafter.givenNameFirst("King, Jr., Martin Luther"));
    }
}
