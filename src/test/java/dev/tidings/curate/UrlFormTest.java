package dev.tidings.curate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class UrlFormTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://a.example/x?utm_source=tw&utm_medium=social|https://a.example/x",
            "https://a.example/x?id=7&utm_source=tw&b=%2F+c|https://a.example/x?id=7&b=%2F+c",
            "https://a.example/x?fbclid=IwAR0e&gclid=1&msclkid=2&igshid=3|https://a.example/x",
            "https://a.example/x?mc_cid=1&mc_eid=2&_hsenc=3&_hsmi=4&yclid=5&dclid=6&twclid=7|https://a.example/x",
            "https://a.example/x?UTM_Source=tw#part-2|https://a.example/x#part-2",
            "https://a.example/x?b=2&utm_campaign=x#top|https://a.example/x?b=2#top",
            "https://a.example/x?a=1&&b=2|https://a.example/x?a=1&&b=2",
            "https://github.com/o/r/blob/main/f?ref=dev&utm_source=x|https://github.com/o/r/blob/main/f?ref=dev",
            "https://a.example/x?|https://a.example/x?",
            "https://a.example/x#?utm_source=inside-the-fragment|https://a.example/x#?utm_source=inside-the-fragment",
            "not-a-url?utm_source=x|not-a-url",
    })
    void withoutTrackingKeepsEveryOtherByte(String in, String out) {
        assertEquals(out, UrlForm.withoutTracking(in));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://u:pw@a.example/x?q=a@b|https://…@a.example/x?q=a@b|true",
            "https://u@a.example:8443/x|https://…@a.example:8443/x|true",
            "https://a:b@c@a.example|https://…@a.example|true",
            "https://a.example/x?mail=a@b.example#c@d|https://a.example/x?mail=a@b.example#c@d|false",
            "https://a.example/@user|https://a.example/@user|false",
            "mailto:a@b.example|mailto:a@b.example|false",
    })
    void userInfoIsFoundOnlyBeforeTheHost(String in, String shown, boolean has) {
        assertEquals(shown, UrlForm.withoutUserInfo(in, "…@"));
        assertEquals(has, UrlForm.hasUserInfo(in));
    }

    @Test
    void aUrlWithoutTrackingIsReturnedAsItWas() {
        String url = "https://a.example/%7Euser/x?q=a%20b;c=d&e";
        assertEquals(url, UrlForm.withoutTracking(url));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "https://a.example/x|HTTPS://A.Example/x",
            "https://a.example/x|http://a.example/x",
            "https://a.example/x|https://a.example:443/x",
            "http://a.example/x|http://a.example:80/x/",
            "https://a.example/x|https://a.example/x/",
            "https://a.example/|https://a.example",
            "https://a.example/x|https://a.example/x?utm_source=news#comments",
            "https://a.example/x?id=1|https://a.example/x/?id=1&utm_medium=email",
            "https://a.example:/x|https://a.example/x",
            " https://a.example/x |https://a.example/x",
    })
    void sameForDuplicates(String a, String b) {
        assertEquals(UrlForm.comparable(a), UrlForm.comparable(b));
    }

    @ParameterizedTest(name = "{0} != {1}")
    @CsvSource(delimiter = '|', value = {
            "https://a.example/x|https://a.example/X",
            "https://a.example/x|https://b.example/x",
            "https://a.example/x|https://a.example:8443/x",
            "https://a.example/x?id=1|https://a.example/x?id=2",
            "https://a.example/x?a=1&b=2|https://a.example/x?b=2&a=1",
            "https://a.example/x|ftp://a.example/x",
    })
    void differentForDuplicates(String a, String b) {
        assertNotEquals(UrlForm.comparable(a), UrlForm.comparable(b));
    }

    @Test
    void aMalformedUrlIsComparedAsWrittenAndNeverThrows() {
        for (String bad : new String[] {"", "://", "http://", "http://[::1", "%%%", "a://b:c:d/e?f#g", "javascript:alert(1)", "#", "?"}) {
            assertEquals(UrlForm.comparable(bad), UrlForm.comparable(bad));
        }
        assertEquals("javascript:alert(1)", UrlForm.comparable("javascript:alert(1)"));
        assertNotEquals(UrlForm.comparable("mailto:A@x.example"), UrlForm.comparable("mailto:a@x.example"));
    }
}
