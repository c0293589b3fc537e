package dev.tidings.inbox;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Reading Authentication-Results fields (RFC 8601) as the big receivers write them, and which one to believe. */
class AuthenticationResultsTest {
    /** As Gmail writes it: comments with semicolons and equals signs in them, header.i instead of header.d. */
    private static final String GMAIL = "mx.google.com;\r\n       dkim=pass header.i=@example.org header.s=s1 header.b=Zm9v;\r\n"
            + "       spf=pass (google.com: domain of jane@example.org designates 192.0.2.1 as permitted sender; x=y) smtp.mailfrom=jane@example.org;\r\n"
            + "       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=example.org";
    /** As Exchange Online writes it: no authserv-id at all. */
    private static final String MICROSOFT = "spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=example.com; dkim=pass (signature was verified)"
            + " header.d=example.com;dmarc=pass action=none header.from=example.com;compauth=pass reason=100";

    @Test
    void gmailsFieldIsReadWithItsCommentsLeftOut() {
        AuthenticationResults results = AuthenticationResults.parse(GMAIL);
        assertEquals("mx.google.com", results.authservId());
        assertEquals(List.of("dkim", "spf", "dmarc"), results.results().stream().map(AuthenticationResults.Result::method).toList());
        assertEquals(Map.of("smtp.mailfrom", "jane@example.org"), results.results().get(1).properties());
        assertEquals("dkim=pass header.i=@example.org by mx.google.com", results.passFor("example.org"));
    }

    @Test
    void aFieldWithoutAuthservIdIsReadToo() {
        AuthenticationResults results = AuthenticationResults.parse(MICROSOFT);
        assertEquals("", results.authservId());
        assertEquals(4, results.results().size());
        assertEquals("spf=pass smtp.mailfrom=example.com", results.passFor("example.com"));
    }

    @Test
    void versionsQuotedValuesAndNoResult() {
        AuthenticationResults results = AuthenticationResults.parse("MX.Example.NET 1; dkim/1 = pass reason=\"good; really\" header.d=\"example.org\"");
        assertEquals("mx.example.net", results.authservId());
        assertEquals("dkim=pass header.d=example.org by mx.example.net", results.passFor("Example.ORG"));
        assertEquals(List.of(), AuthenticationResults.parse("mx.example.net; none").results());
        assertNull(AuthenticationResults.parse("mx.example.net; none").passFor("example.net"));
        assertNull(AuthenticationResults.parse(""));
    }

    @Test
    void onlyAPassForTheFromDomainOrAParentOfItCounts() {
        String field = "mx.example.net; dkim=pass header.d=example.org; spf=pass smtp.mailfrom=bounce@mailer.example.com;"
                + " dkim=fail header.d=victim.example; dmarc=temperror header.from=victim.example";
        AuthenticationResults results = AuthenticationResults.parse(field);
        assertEquals("dkim=pass header.d=example.org by mx.example.net", results.passFor("news.example.org"), "relaxed alignment: a parent domain signs");
        assertNull(results.passFor("example.com"), "an SPF pass for a bulk mailer's envelope sender says nothing of the From domain");
        assertNull(results.passFor("victim.example"), "a failed signature and a DMARC error are no pass");
        assertNull(results.passFor("anotherexample.org"), "a suffix of the name is not a parent domain");
        assertNull(AuthenticationResults.parse("mx.example.net; dkim=pass header.d=org").passFor("example.org"), "a top-level domain signs for nobody");
        assertEquals("dkim=pass header.d=xn--exmple-cua.org by mx.example.net",
                AuthenticationResults.parse("mx.example.net; dkim=pass header.d=xn--exmple-cua.org").passFor("exämple.org"));
    }

    @Test
    void theTopmostFieldIsBelievedOrTheTopmostOfTheNamedServers() {
        String server = "mx.trainingzone.example; dkim=none; spf=fail smtp.mailfrom=evil.example";
        String forged = "mx.trainingzone.example; dkim=pass header.d=example.org";
        String filter = "filter.internal; dkim=pass header.d=example.org";
        assertEquals(AuthenticationResults.parse(server), AuthenticationResults.trusted(List.of(server, forged), Set.of()), "the one below is the sender's");
        assertNull(AuthenticationResults.trusted(List.of(), Set.of()));
        assertNull(AuthenticationResults.trusted(List.of("", forged), Set.of()), "an unreadable topmost field is not skipped for a lower one");
        assertEquals(AuthenticationResults.parse(server), AuthenticationResults.trusted(List.of(filter, server, forged), Set.of("mx.trainingzone.example")));
        assertNull(AuthenticationResults.trusted(List.of(filter), Set.of("mx.trainingzone.example")), "no field of the named server");
    }
}
