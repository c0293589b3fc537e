package dev.tidings.render.markdown;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextWrapperTest {
    private static final String LONG_URL = "https://example.org/" + "a-rather-long-path-segment/".repeat(6) + "x".repeat(18);

    @Test
    void shortAndBlankLinesAreUntouched() {
        String text = "Short line.\n\n> quoted\n- item\n";
        assertEquals(text, TextWrapper.wrap(text, 72));
    }

    @Test
    void longLinesBreakAtSpacesKeepingSpacingBetweenWordsOnALine() {
        assertEquals("The quick brown fox\njumps over  the lazy\ndog.",
                TextWrapper.wrap("The quick brown fox jumps over  the lazy dog.", 20));
    }

    @Test
    void aLongUrlIsNeverBroken() {
        assertEquals(200, LONG_URL.length());
        assertEquals("Read it at\n" + LONG_URL + "\nwhen you have a minute.",
                TextWrapper.wrap("Read it at " + LONG_URL + " when you have a minute.", 72));
        assertEquals("> " + LONG_URL + "\n> (the link)", TextWrapper.wrap("> " + LONG_URL + " (the link)", 72));
    }

    @Test
    void aQuotedParagraphKeepsItsPrefixOnEveryLine() {
        String paragraph = "> > Communities of practice are groups of people who share a concern or a passion for"
                + " something they do and learn how to do it better as they interact regularly. The term was coined"
                + " by Jean Lave and Etienne Wenger in 1991, and it has since travelled well beyond the study of"
                + " apprenticeship in crafts.";
        assertEquals(300, paragraph.length());
        assertEquals("""
                > > Communities of practice are groups of people who share a concern or
                > > a passion for something they do and learn how to do it better as
                > > they interact regularly. The term was coined by Jean Lave and
                > > Etienne Wenger in 1991, and it has since travelled well beyond the
                > > study of apprenticeship in crafts.""", TextWrapper.wrap(paragraph, 72));
    }

    @Test
    void listMarkersBecomeIndentationAndIndentationIsRepeated() {
        assertEquals("""
                - first item wraps
                  here
                12. twelfth item
                    wraps
                  - nested item
                    wraps
                >   1. quoted list
                >      item
                    code that
                    continues""", TextWrapper.wrap("""
                - first item wraps here
                12. twelfth item wraps
                  - nested item wraps
                >   1. quoted list item
                    code that continues""", 20));
    }

    @Test
    void numbersAndDashesInsideTextAreNotListMarkers() {
        assertEquals("3.5 million people\nsaid so\n-5 degrees at night\nand more", TextWrapper.wrap(
                "3.5 million people said so\n-5 degrees at night and more", 20));
    }

    @Test
    void widthCountsColumnsNotUtf16Units() {
        String fits = "Zoë " + "🎉".repeat(34); // an emoji is two columns wide (UAX #11: W)
        assertEquals(72, fits.codePointCount(0, fits.length()) + 34);
        assertEquals(fits, TextWrapper.wrap(fits, 72));
        assertEquals("Zoë\n🎉🎉🎉", TextWrapper.wrap("Zoë 🎉🎉🎉", 6));
        assertEquals("Zoë 🎉", TextWrapper.wrap("Zoë 🎉", 6));
    }

    @Test
    void trailingWhitespaceIsRemovedExceptFromTheSignatureSeparator() {
        assertEquals("Thanks,\n\n-- \nThe editors\n", TextWrapper.wrap("Thanks,   \n \n-- \nThe editors \n", 72));
    }

    @Test
    void wrappingTwiceIsWrappingOnce() {
        String text = "A paragraph long enough to need wrapping at seventy-two columns, with a URL: " + LONG_URL
                + " and more words after it.\n\n> - a quoted list item that is also long enough to wrap over more than one line\n"
                + "10. an ordered item, also long enough that it will certainly need more than one line here\n"
                + "    indented text that continues well past the limit of seventy-two columns in the text";
        String once = TextWrapper.wrap(text, 72);
        assertEquals("""
                A paragraph long enough to need wrapping at seventy-two columns, with a
                URL:
                """ + LONG_URL + """

                and more words after it.

                > - a quoted list item that is also long enough to wrap over more than
                >   one line
                10. an ordered item, also long enough that it will certainly need more
                    than one line here
                    indented text that continues well past the limit of seventy-two
                    columns in the text""", once);
        assertEquals(once, TextWrapper.wrap(once, 72));
    }

    @Test
    void widthMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> TextWrapper.wrap("x", 0));
    }

    @Test
    void aMemoChangesNoResultAndRemembersOnlyLongLines() {
        String text = "Hi Zoë,\n\n> > " + "Communities of practice share a concern or a passion for something they do. ".repeat(4)
                + "\n- item " + LONG_URL + " and more words after it\n\n-- \n" + "word ".repeat(30) + "\n";
        java.util.Map<String, String> memo = new java.util.HashMap<>();
        String plain = TextWrapper.wrap(text, 72);
        assertEquals(plain, TextWrapper.wrap(text, 72, memo), "first use: filled and remembered");
        assertEquals(3, memo.size(), "the three lines over 72 characters: " + memo.keySet());
        assertEquals(plain, TextWrapper.wrap(text, 72, memo), "second use: looked up");
        memo.replaceAll((line, wrapped) -> "REMEMBERED");
        assertEquals(3, TextWrapper.wrap(text, 72, memo).split("REMEMBERED", -1).length - 1, "the long lines came from the memo");
    }
}
