package dev.tidings.mail.mime;

import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subjects and display names in every script of the bundled languages (issue 21): RFC 2047 encoded
 * words that each hold whole characters (RFC 2047 section 5: a word must decode on its own, and some
 * clients show U+FFFD where a character is split between two), each at most 75 characters, and the
 * whole decoding back to the text as written.
 */
class HeaderTextTest {
    private static final Pattern WORD = Pattern.compile("=\\?UTF-8\\?([BQ])\\?([^?]*)\\?=", Pattern.CASE_INSENSITIVE);

    @ParameterizedTest
    @ValueSource(strings = {
            "مصادر أساسية في التعلم الاجتماعي: الجزء الثاني، مع قراءات مختارة لهذا الأسبوع",
            "ソーシャルラーニングの重要な資料（その2）今週の厳選記事とイベントのお知らせ",
            "社交学习的重要资源（第二部分）：本周精选文章与活动预告",
            "소셜 러닝의 핵심 자료 2부: 이번 주 추천 기사와 행사 안내",
            "משאבים מרכזיים ללמידה חברתית, חלק 2: מאמרים נבחרים השבוע",
            "Wichtige Quellen zum sozialen Lernen, Teil 2: Übersicht für Führungskräfte",
            "Přehled zdrojů k sociálnímu učení, část 2 😀 s odkazy"})
    void aSubjectInAnyScriptIsEncodedInWholeCharactersAndDecodesBack(String subject) throws Exception {
        check(subject, HeaderText.unstructured(subject));
    }

    @ParameterizedTest
    @ValueSource(strings = {"تدريب زون", "トレーニングゾーン編集部", "培训地带", "트레이닝존", "טריינינג זון"})
    void aDisplayNameInAnyScriptIsEncodedInWholeCharactersAndDecodesBack(String name) throws Exception {
        check(name, HeaderText.phrase(name));
    }

    @org.junit.jupiter.api.Test
    void theCheckCatchesAWordThatSplitsACharacter() {
        // ソ is E3 82 BD: split after two bytes, each word alone is malformed UTF-8, though the pair decodes.
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> check("ソ", "=?UTF-8?B?44I=?= =?UTF-8?B?vQ==?="));
    }

    private static void check(String text, String encoded) throws Exception {
        Matcher words = WORD.matcher(encoded);
        int count = 0;
        while (words.find()) {
            count++;
            assertTrue(words.group().length() <= 75, "longer than RFC 2047 allows: " + words.group());
            byte[] bytes = words.group(1).equalsIgnoreCase("B") ? Base64.getDecoder().decode(words.group(2))
                    : MimeUtility.decodeWord(words.group()).getBytes(StandardCharsets.UTF_8);
            strictUtf8(bytes, words.group());
        }
        assertTrue(count > 0, "not encoded: " + encoded);
        assertEquals(text, MimeUtility.decodeText(MimeUtility.unfold(encoded)));
    }

    private static void strictUtf8(byte[] bytes, String word) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new AssertionError(word + " splits a character: it does not decode on its own", e);
        }
    }
}
