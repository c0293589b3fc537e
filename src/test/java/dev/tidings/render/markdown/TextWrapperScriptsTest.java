package dev.tidings.render.markdown;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Wrapping text in scripts other than Latin: widths per UAX #11, breaks per UAX #14 (issue 21). */
class TextWrapperScriptsTest {
    private static final String JA = "「ソーシャルラーニングとは、他者との交流を通じて学ぶことです。」";
    private static final String URL = "https://example.org/social-learning/2026?lang=ja&from=newsletter";

    @Test
    void japaneseBreaksBetweenCharactersCountingTwoColumnsEach() {
        // 32 characters, 64 columns: 36 fit in 72, but シ may not end a line before the small ャ
        assertEquals(JA + "「ソー\nシャルラーニングとは、他者との交流を通じて学ぶことです。」", TextWrapper.wrap(JA + JA, 72));
        assertEquals("「ソーシャルラーニングとは、他者との交流\nを通じて学ぶことです。」",
                TextWrapper.wrap(JA, 40));
    }

    @Test
    void kinsokuNoLineStartsWithClosingPunctuationOrEndsWithOpening() {
        // 10 characters fit in 20 columns, but 、 may not start a line: こ goes down with it
        assertEquals("あいうえおかきくけ\nこ、さしす", TextWrapper.wrap("あいうえおかきくけこ、さしす", 20));
        // 「 may not end a line: it goes down with ソ
        assertEquals("あいうえおかきくけ\n「こさ」", TextWrapper.wrap("あいうえおかきくけ「こさ」", 20));
        // neither 。 nor 」 may start a line: け goes down with them
        assertEquals("あいうえおかきく\nけ。」", TextWrapper.wrap("あいうえおかきくけ。」", 20));
    }

    @Test
    void aUrlAndALatinWordInJapaneseStayWhole() {
        String text = "詳しくは" + URL + "を参照してください。Social learningはBanduraの理論です。";
        assertEquals(64, URL.length());
        assertEquals("詳しくは\n" + URL + "\nを参照してください。Social learningは\nBanduraの理論です。",
                TextWrapper.wrap(text, 40));
    }

    @Test
    void chineseBreaksBetweenCharacters() {
        String zh = "社会学习是通过与他人互动来学习。（见下文）";
        assertEquals("社会学习是通过与他人互\n动来学习。（见下文）", TextWrapper.wrap(zh, 22));
        // 15 characters fit in 30 columns, but 。 may not start a line
        assertEquals("社会学习是通过与他人互动来学\n习。（见下文）", TextWrapper.wrap(zh, 30));
        // nor may （ end one
        assertEquals("社会学习是通过与他人互动来学习。\n（见下文）", TextWrapper.wrap(zh, 34));
    }

    @Test
    void koreanBreaksAtSpacesAndHangulIsWide() {
        String ko = "소셜 러닝은 다른 사람과의 교류를 통해 배우는 것입니다.";
        // 16 columns, then 20 (exactly), then 16
        assertEquals("소셜 러닝은 다른\n사람과의 교류를 통해\n배우는 것입니다.", TextWrapper.wrap(ko, 20));
        assertEquals("소셜\n러닝은\n다른\n사람과의\n교류를\n통해\n배우는\n것입니다.", TextWrapper.wrap(ko, 7));
    }

    @Test
    void combiningMarksAndZeroWidthCharactersTakeNoColumn() {
        String cafe = "cafe\u0301 ";
        String line = cafe.repeat(14) + "cafe\u0301s"; // 14 * 6 + 6 = 90 UTF-16 units, 76 code points, 75 columns
        assertEquals(cafe.repeat(12).strip() + "\n" + "cafe\u0301 cafe\u0301 cafe\u0301s", TextWrapper.wrap(line, 60));
        String arabic = "التعلُّم الاجتماعيّ هو التعلّم من خلال التفاعل مع الآخرين\u200F";
        assertEquals(arabic, TextWrapper.wrap(arabic, arabic.length() - 5), "6 marks and an RLM take no column");
    }

    @Test
    void emojiAreTwoColumnsAndAZwjSequenceIsOneGrapheme() {
        assertEquals("Zoë 🎉🎉\n🎉", TextWrapper.wrap("Zoë 🎉🎉 🎉", 8));
        String coder = "👩\u200D💻"; // one grapheme, two columns
        assertEquals("ab " + coder + " " + coder + "\ncd", TextWrapper.wrap("ab " + coder + " " + coder + " cd", 10));
        assertEquals("🇯🇵 🇯🇵 🇯🇵\n🇯🇵", TextWrapper.wrap("🇯🇵 🇯🇵 🇯🇵 🇯🇵", 8));
    }

    @Test
    void thaiBreaksBetweenWordsFromTheJdkDictionary() {
        String th = "การเรียนรู้ทางสังคมคือการเรียนรู้ผ่านการมีปฏิสัมพันธ์กับผู้อื่น";
        String wrapped = TextWrapper.wrap(th, 20);
        assertEquals(th, wrapped.replace("\n", ""));
        // การ|เรียน|รู้|ทาง|สังคม|คือ|การ: 3+4+1+3+4+2+3 = 20 columns (the vowel and tone marks take none)
        assertEquals("การเรียนรู้ทางสังคมคือการ", wrapped.lines().findFirst().orElseThrow());
    }

    @Test
    void quotePrefixesAreKeptOnJapaneseContinuationLines() {
        assertEquals("> " + JA + "「ソー\n> シャルラーニングとは、他者との交流を通じて学ぶことです。」", TextWrapper.wrap("> " + JA + JA, 72));
        assertEquals("> > 「ソーシャルラーニングとは、他者との\n> > 交流を通じて学ぶことです。」", TextWrapper.wrap("> > " + JA, 40));
    }
}
