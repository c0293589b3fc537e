package dev.tidings.cli;

import dev.tidings.render.RenderFixtures;
import dev.tidings.render.UnsubscribeToken;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.IDN;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * List-Unsubscribe within RFC 5322's 998 octets a line. A URI cannot be folded (RFC 2369 section 2
 * forbids whitespace inside the brackets), so validate refuses an unsubscribe URL or mailto that could
 * outgrow a line once a subscriber's address and token are in it, and what it accepts, rendered for
 * the longest address there can be, keeps every line within the limit.
 */
class ListUnsubscribeLengthTest {
    private static final Path MINIMAL = Path.of("src/test/resources/digests/good/minimal.yaml");
    private static final String MINIMAL_URL = "url: \"https://example.org/unsubscribe?list=weekly\"";
    /** The longest line: "List-Unsubscribe: <URI>," */
    private static final int LONGEST_URI = 998 - "List-Unsubscribe: <>,".length();
    /** 254 octets (RFC 5321's longest address) that URL encoding turns into as many characters as it can. */
    private static final String LONGEST_ADDRESS = "+".repeat(230) + "@" + "ü".repeat(10) + ".de";

    @TempDir
    Path dir;

    private Path digest(String name, String mailto, String url) throws IOException {
        String text = Files.readString(MINIMAL);
        assertTrue(text.contains(MINIMAL_URL));
        String unsubscribe = (mailto == null ? "" : "mailto: \"" + mailto + "\"\n    ") + "url: \"" + url + "\"";
        return Files.writeString(dir.resolve(name + ".yaml"), text.replace(MINIMAL_URL, unsubscribe));
    }

    /** A URL of exactly this length as written, with one {email} and one {token}. */
    private static String urlOfLength(int length) {
        String start = "https://example.org/unsubscribe?email={email}&token={token}&pad=";
        return start + "x".repeat(length - start.length());
    }

    /** An address of exactly this many octets. */
    private static String addressOfLength(int length) {
        return "u".repeat(length - "@example.org".length()) + "@example.org";
    }

    @Test
    void aUrlOfNineteenHundredFiftyCharactersIsRefusedWhereItIsWrittenSayingTheLimit() throws IOException {
        Path digest = digest("long", null, urlOfLength(1950));
        CliRun run = CliRun.of("validate", digest.toString());
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.out().startsWith(digest + ":7:10: newsletter.unsubscribe.url: is too long for the List-Unsubscribe header:"
                + " as sent it can reach " + (1950 - 14 + 762 + 43) + " octets (each {token} is 43 characters, each {email} up to 762:"
                + " a 254-octet address percent-encoded), and a URI there must fit on one line: at most " + LONGEST_URI
                + " octets (RFC 5322 2.1.1, RFC 2369); shorten it by "), run.out());
        assertTrue(run.out().endsWith(digest + ": invalid (1 error, 0 warnings)\n"), run.out());
    }

    @Test
    void theLimitCountsTheLongestAddressAndTheTokenToTheOctet() throws IOException {
        // As sent: the URL, less its placeholders (14), plus the longest encoded address (762) and a token (43).
        int longest = LONGEST_URI - 762 - 43 + 14;
        assertEquals(0, CliRun.of("validate", digest("fits", null, urlOfLength(longest)).toString()).exitCode());
        CliRun over = CliRun.of("validate", digest("over", null, urlOfLength(longest + 1)).toString());
        assertEquals(1, over.exitCode(), over.all());
        assertTrue(over.out().contains("shorten it by 1 octets"), over.out());

        // The mailto's subject carries the address and token: "mailto:" ADDRESS "?subject=unsubscribe%20" EMAIL "%20" TOKEN.
        int longestMailto = LONGEST_URI - "mailto:?subject=unsubscribe%20%20".length() - 762 - 43;
        assertEquals(0, CliRun.of("validate", digest("mailto", addressOfLength(longestMailto), urlOfLength(100)).toString()).exitCode());
        CliRun mailtoOver = CliRun.of("validate", digest("mailto-over", addressOfLength(longestMailto + 1), urlOfLength(100)).toString());
        assertEquals(1, mailtoOver.exitCode(), mailtoOver.all());
        assertTrue(mailtoOver.out().contains(": newsletter.unsubscribe.mailto: is too long for the List-Unsubscribe header"), mailtoOver.out());
    }

    @Test
    void anAddressLongerThanRfc5321AllowsIsAnInvalidRow() throws IOException {
        String tooLong = "+" + LONGEST_ADDRESS;
        Path list = Files.writeString(dir.resolve("list.csv"), "email\n" + LONGEST_ADDRESS + "\n" + tooLong + "\n");
        CliRun run = CliRun.of("validate", MINIMAL.toString(), "--subscribers", list.toString());
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.out().contains(list + ":3: email: '" + "+".repeat(80) + "' is not a valid email address (it is 255 octets long;"
                + " RFC 5321 allows at most 254)\n"), run.out());
        assertTrue(run.out().contains("2 rows, 1 subscribed, 1 invalid"), run.out());
    }

    @Test
    void theLongestAcceptedUrisForTheLongestAddressKeepEveryLineOfTheEmlWithin998Octets() throws Exception {
        int longest = LONGEST_URI - 762 - 43 + 14;
        String url = urlOfLength(longest);
        String mailto = addressOfLength(LONGEST_URI - "mailto:?subject=unsubscribe%20%20".length() - 762 - 43);
        Path digest = digest("longest", mailto, url);
        assertEquals(0, CliRun.of("validate", digest.toString()).exitCode());
        String name = "N".repeat(1500); // a name is not limited; one word this long cannot be folded as it stands
        Path list = Files.writeString(dir.resolve("list.csv"), "email,name\n" + LONGEST_ADDRESS + "," + name + "\n",
                StandardCharsets.UTF_8);
        assertEquals(254, LONGEST_ADDRESS.getBytes(StandardCharsets.UTF_8).length);

        CliRun run = CliRun.withEnv(Map.of("TIDINGS_SECRET", RenderFixtures.TEST_SECRET), "render", digest.toString(),
                "--subscriber", LONGEST_ADDRESS, "--subscribers", list.toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, run.exitCode(), run.all());
        byte[] eml = Files.readAllBytes(dir.resolve("out/longest.eml"));

        int lineStart = 0;
        int longestLine = 0;
        for (int i = 0; i < eml.length; i++) {
            if (eml[i] == '\n') {
                longestLine = Math.max(longestLine, i - lineStart - (i > 0 && eml[i - 1] == '\r' ? 1 : 0));
                lineStart = i + 1;
            }
        }
        assertTrue(longestLine <= 998, "the longest line of the .eml has " + longestLine + " octets");

        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(eml));
        String token = UnsubscribeToken.withSecret(RenderFixtures.TEST_SECRET).tokenFor(LONGEST_ADDRESS);
        String expectedUrl = url.replace("{email}", URLEncoder.encode(LONGEST_ADDRESS, StandardCharsets.UTF_8)).replace("{token}", token);
        String listUnsubscribe = MimeUtility.unfold(message.getHeader("List-Unsubscribe", null));
        assertTrue(listUnsubscribe.endsWith(", <" + expectedUrl + ">"), listUnsubscribe);
        assertTrue(listUnsubscribe.startsWith("<mailto:" + mailto + "?subject=unsubscribe%20%2B%2B"), listUnsubscribe);
        assertTrue(listUnsubscribe.contains("%20" + token + ">, <https:"), listUnsubscribe);
        assertEquals(LONGEST_URI - 6, expectedUrl.length(), "the address fills the room but for '.de', which needs no encoding");
        InternetAddress to = (InternetAddress) message.getRecipients(Message.RecipientType.TO)[0];
        assertEquals("+".repeat(230) + "@" + IDN.toASCII("ü".repeat(10) + ".de"), to.getAddress());
        assertEquals(name, to.getPersonal());
    }
}
