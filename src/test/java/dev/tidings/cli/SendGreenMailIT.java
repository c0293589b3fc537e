package dev.tidings.cli;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tidings.Deadlines;
import dev.tidings.render.SubscriberReference;
import dev.tidings.render.UnsubscribeToken;
import dev.tidings.mail.smtp.RelayGreenMail;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidings send} of the sample issue to the sample list, through a real SMTP server
 * (GreenMail on a free loopback port): who gets what, exactly once, personalised.
 */
class SendGreenMailIT {
    /** The subscribed rows of samples/subscribers.csv and the greeting each must get. */
    private static final Map<String, String> GREETINGS = new LinkedHashMap<>();

    static {
        GREETINGS.put("zoe.martin@example.org", "Hi Zoë,");
        GREETINGS.put("jane.bozarth@example.org", "Hi Jane,");
        GREETINGS.put("michael.rose@example.com", "Hi Michael,");
        GREETINGS.put("nic.laycock@example.net", "Hi Nic,");
        GREETINGS.put("clark.quinn@example.org", "Hi Clark,");
        GREETINGS.put("karl.moore@example.com", "Hi Karl,");
        GREETINGS.put("francois.dubois@example.fr", "Hi François,");
        GREETINGS.put("jose.garcia@example.es", "Hi José,");
        GREETINGS.put("sofia.muller@example.de", "Hi Sofia,");
        GREETINGS.put("bjorn.asgeirsson@example.is", "Hi Björn,");
        GREETINGS.put("akira.tanaka@example.jp", "Hi 田中 明,");
        GREETINGS.put("olga.ivanova@example.org", "Hi Ольга,");
        GREETINGS.put("priya.sharma@example.in", "Hi Priya,");
        GREETINGS.put("liam.obrien@example.ie", "Hi Liam,");
        GREETINGS.put("chen.wei@example.cn", "Hi Chen,");
        GREETINGS.put("amara.okafor@example.ng", "Hi Amara,");
        GREETINGS.put("noah.smith@example.com", "Hello,");
        GREETINGS.put("emma.jones@example.co.uk", "Hi Emma,");
        GREETINGS.put("lucas.silva@example.com.br", "Hi Lucas,");
        GREETINGS.put("hannah.schmidt@example.at", "Hi Hannah,");
        GREETINGS.put("ines.costa@example.pt", "Hi Inês,");
    }

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("zoe.martin@example.org", "Zoë Martin"),
            Map.entry("akira.tanaka@example.jp", "田中 明"),
            Map.entry("olga.ivanova@example.org", "Ольга Иванова"),
            Map.entry("liam.obrien@example.ie", "Liam O'Brien"),
            Map.entry("hannah.schmidt@example.at", "Schmidt, Hannah"),
            Map.entry("francois.dubois@example.fr", "François Dubois"));

    /** Never mailed: unsubscribed, bounced, or in the --suppress file. */
    private static final Set<String> NOT_MAILED = Set.of("old.reader@example.org", "left.last.year@example.com",
            "no.longer@example.net", "mailbox.gone@example.org", "chen.wei@example.cn");

    @TempDir
    Path dir;

    private GreenMail greenMail;
    private SendFixture project;

    @BeforeEach
    void start() {
        greenMail = new RelayGreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort().setVerbose(false));
        greenMail.start();
        project = new SendFixture(dir);
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    private String smtpUrl() {
        return "smtp://127.0.0.1:" + greenMail.getSmtp().getPort();
    }

    @Test
    void everySubscriberGetsExactlyOnePersonalMessageAndAReRunSendsNothingMore() throws Exception {
        Path suppress = project.file("suppress.txt", "# handled by hand\nChen.Wei@example.cn\n");
        CliRun run = project.send(SendFixture.SAMPLE_LIST, "--smtp", smtpUrl(), "--yes", "--suppress", suppress.toString(),
                "--retry-delay", "10", "--timeout", Deadlines.secondsOption(5));
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.err().contains("list: 25 rows: 20 to send, 3 unsubscribed, 1 bounced, 1 suppressed"), run.err());
        assertTrue(run.out().contains("this run: sent 20, failed 0, deferred 0"), run.out());
        assertTrue(run.out().contains("20 sent, 0 failed, 0 pending, 0 uncertain"), run.out());

        MimeMessage[] messages = greenMail.getReceivedMessages();
        assertEquals(20, messages.length);
        UnsubscribeToken tokens = UnsubscribeToken.withSecret(SendFixture.SECRET);
        Map<String, Integer> perRecipient = new HashMap<>();
        for (MimeMessage message : messages) {
            InternetAddress to = (InternetAddress) message.getRecipients(Message.RecipientType.TO)[0];
            String email = to.getAddress().toLowerCase(Locale.ROOT);
            perRecipient.merge(email, 1, Integer::sum);
            assertFalse(NOT_MAILED.contains(email), email);
            checkPersonal(message, email, to, tokens);
        }
        Map<String, Integer> expected = new HashMap<>();
        GREETINGS.keySet().stream().filter(e -> !NOT_MAILED.contains(e)).forEach(e -> expected.put(e, 1));
        assertEquals(expected, perRecipient);

        Map<String, String> states = project.ledger().states(SendFixture.ISSUE);
        assertEquals(20, states.size(), states.toString());
        assertTrue(states.values().stream().allMatch("sent"::equals), states.toString());

        CliRun again = project.send(SendFixture.SAMPLE_LIST, "--smtp", smtpUrl(), "--yes", "--suppress", suppress.toString());
        assertEquals(0, again.exitCode(), again.all());
        assertTrue(again.err().contains("0 to send") && again.err().contains("20 already sent"), again.err());
        assertTrue(again.out().contains("this run: sent 0, failed 0, deferred 0"), again.out());
        assertEquals(20, greenMail.getReceivedMessages().length, "a re-run sends nothing more");
    }

    /** The To header, the greeting, the unsubscribe link and headers: this recipient's own, nobody else's. */
    private static void checkPersonal(MimeMessage message, String email, InternetAddress to, UnsubscribeToken tokens) throws Exception {
        if (NAMES.containsKey(email)) {
            assertEquals(NAMES.get(email), to.getPersonal(), email);
        }
        if (email.equals("noah.smith@example.com")) {
            assertNull(to.getPersonal(), "a row without a name gets a bare address");
        }
        assertEquals("Key social learning resources part 2", message.getSubject());
        String token = tokens.tokenFor(email);
        // The sample seals the address ({subscriber}) rather than showing it ({email}), which SpamAssassin scores.
        SubscriberReference references = SubscriberReference.withSecret(SendFixture.SECRET);
        String url = "https://trainingzone.example/unsubscribe?u=" + references.seal(email);
        // The sample's addresses need no percent-encoding in the mailto subject ('@' stays as it is).
        String mailto = "mailto:unsubscribe@trainingzone.example?subject=unsubscribe%20" + email + "%20" + token;
        assertEquals("<" + mailto + ">, <" + url + ">",
                MimeUtility.unfold(message.getHeader("List-Unsubscribe", null)), email);
        assertEquals("List-Unsubscribe=One-Click", message.getHeader("List-Unsubscribe-Post", null));
        assertNotNull(message.getHeader("List-Id", null));
        assertNotNull(message.getMessageID());

        MimeMultipart alternative = (MimeMultipart) message.getContent();
        assertEquals(2, alternative.getCount());
        BodyPart text = alternative.getBodyPart(0);
        BodyPart html = alternative.getBodyPart(1);
        assertTrue(text.isMimeType("text/plain") && html.isMimeType("text/html"));
        String textBody = (String) text.getContent();
        String htmlBody = (String) html.getContent();
        String greeting = GREETINGS.get(email);
        assertTrue(textBody.contains(greeting), email + " text greeting " + greeting);
        assertTrue(htmlBody.contains(greeting), email + " html greeting " + greeting);
        String reference = references.seal(email);
        assertTrue(textBody.contains(reference) && htmlBody.contains(reference), email + ": own unsubscribe reference in both versions");
        assertFalse(textBody.contains("NO-SECRET-SET") || htmlBody.contains("NO-SECRET-SET"), "real references with TIDINGS_SECRET");
        for (String other : GREETINGS.keySet()) {
            if (!other.equals(email)) {
                String theirs = references.seal(other);
                assertFalse(textBody.contains(theirs) || htmlBody.contains(theirs), email + " carries the reference of " + other);
                assertFalse(MimeUtility.unfold(message.getHeader("List-Unsubscribe", null)).contains(tokens.tokenFor(other)),
                        email + " carries the token of " + other);
            }
        }
    }

    @Test
    void statusShowsTheLedgerOfTheSend() {
        CliRun run = project.send(SendFixture.SAMPLE_LIST, "--smtp", smtpUrl(), "--yes", "--connections", "3");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(21, greenMail.getReceivedMessages().length);
        CliRun status = project.status();
        assertEquals(0, status.exitCode(), status.all());
        assertTrue(status.out().contains("issue " + SendFixture.ISSUE), status.out());
        assertTrue(status.out().contains("21 sent, 0 failed, 0 pending, 0 uncertain"), status.out());
        assertEquals(List.of(), List.of(status.out().lines().filter(l -> l.contains("failed permanently")).toArray()));
    }

    @Test
    void aCallOutEventArrivesAsAnIcsAttachmentThatParsesAsTheEvent() throws Exception {
        java.nio.file.Files.copy(Path.of("src/test/resources/digests/good/events.yaml"), project.digest(),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path list = project.generatedList("two.csv", 2);
        CliRun run = project.send(list, "--smtp", smtpUrl(), "--yes");
        assertEquals(0, run.exitCode(), run.all());

        MimeMessage[] messages = greenMail.getReceivedMessages();
        assertEquals(2, messages.length);
        for (MimeMessage message : messages) {
            assertTrue(message.isMimeType("multipart/mixed"), message.getContentType());
            MimeMultipart mixed = (MimeMultipart) message.getContent();
            assertEquals(3, mixed.getCount(), "the body and two events");
            String html = (String) ((MimeMultipart) mixed.getBodyPart(0).getContent()).getBodyPart(1).getContent();
            assertTrue(html.contains("https://example.org/archive/winter-gathering/community-call-what-we-learned-in-2026.ics"), html);
            BodyPart ics = mixed.getBodyPart(1);
            assertEquals("community-call-what-we-learned-in-2026.ics", ics.getFileName());
            net.fortuna.ical4j.model.Calendar calendar = new net.fortuna.ical4j.data.CalendarBuilder().build(ics.getInputStream());
            calendar.validate();
            net.fortuna.ical4j.model.component.VEvent event = calendar.<net.fortuna.ical4j.model.component.VEvent>getComponents("VEVENT").get(0);
            assertEquals("Community call: what we learned in 2026", event.getSummary().getValue());
            assertEquals(java.time.Instant.parse("2026-12-22T17:00:00Z"), java.time.Instant.from(event.getDateTimeStart().getDate()));
        }
    }
}
