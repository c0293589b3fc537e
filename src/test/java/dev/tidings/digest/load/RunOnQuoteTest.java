package dev.tidings.digest.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RunOnQuoteTest {
    @Test
    void aValueThatTakesInTheNextKeyNamesIt() {
        String[] lines = {
                "  title: \"The Curious Curator #12: notebooks that forget",
                "  subject: \"#12: notebooks that forget\""};
        assertEquals("subject:", RunOnQuote.swallowed(lines, 0, 1));
        assertEquals("this quoted value runs on over 2 lines and takes in `subject:`; is its closing quote missing?",
                RunOnQuote.message(0, 1, "subject:"));
    }

    @Test
    void aListEntrysValueTakesInTheEntrysKeysAndTheNextEntry() {
        String[] link = {
                "        - title: \"#7: The secret life of index cards",
                "          url: https://example.org/issues/7",
                "        - title: \"#8: Marginalia\""};
        assertEquals("url:", RunOnQuote.swallowed(link, 0, 2));
        String[] quotes = {
                "        - \"Notebooks remember what we forget.",
                "        - A second quote that goes on and on for longer than is shown",
                "      comment: \"x\""};
        assertEquals("- A second quote that goes on...", RunOnQuote.swallowed(quotes, 0, 2));
    }

    @Test
    void proseThatContinuesAQuotedValueIsNoMistake() {
        String[] indented = {
                "      summary: \"What the first article says,",
                "        note: with a colon after a word,",
                "        - and a dash,",
                "      and: one line less deep, a key shape without its space-after-colon:like this.\""};
        assertNull(RunOnQuote.swallowed(indented, 0, 2), "deeper than the key: prose");
        String[] flush = {
                "  intro: \"Hello curious people,",
                "this week: notebooks, and what they remember.",
                "Note: the event is on Friday.\""};
        assertNull(RunOnQuote.swallowed(flush, 0, 2), "words with spaces or capitals before a ':' are prose, not keys");
        assertNull(RunOnQuote.swallowed(new String[] {"  title: \"one line\""}, 0, 0));
    }

    @Test
    void aListEntryDeeperThanTheOpeningLineIsProse() {
        String[] lines = {
                "      summary: \"Three things:",
                "        - first, - second\""};
        assertNull(RunOnQuote.swallowed(lines, 0, 1));
    }
}
