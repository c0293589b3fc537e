package dev.tidings.mail.mime;

import dev.tidings.render.BounceToken;
import dev.tidings.digest.Newsletter;
import dev.tidings.digest.Digest;
import dev.tidings.render.OutputFiles;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;
import dev.tidings.render.RenderFixtures;
import dev.tidings.render.SubscriberReference;
import dev.tidings.render.RenderedEmail;
import dev.tidings.render.TemplateSet;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The .eml that render writes and send delivers, read back with Jakarta Mail as a mail client would. */
class MessageBuilderTest {
    /** The sample's unsubscribe URL seals the address ({subscriber}) with the tests' secret. */
    private static final SubscriberReference REFERENCES = SubscriberReference.withSecret(RenderFixtures.TEST_SECRET);
    private static final Instant NOW = Instant.parse("2026-09-15T07:30:00Z");
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Recipient ZOE = new Recipient("zoe.martin@example.org", "Zoë Martin", Map.of("company", "Northwind Learning"));

    private static Digest sample;
    private static PreparedIssue sampleIssue;

    @TempDir
    Path dir;

    @BeforeAll
    static void renderSample() {
        sample = RenderFixtures.load(RenderFixtures.SAMPLE);
        sampleIssue = RenderFixtures.prepare(sample, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET);
    }

    @Test
    void multipartAlternativeWithPlainTextFirstAndHtmlLastBothUtf8QuotedPrintable() throws Exception {
        RenderedEmail email = sampleIssue.render(ZOE);
        assertTrue(RenderFixtures.htmlFromStencil(sampleIssue, ZOE) && RenderFixtures.textFromStencil(sampleIssue, ZOE),
                "the stencils' lines, encoded line by line, are what this test reads back");
        MimeMessage message = parse(eml(sample, email));

        assertTrue(message.isMimeType("multipart/alternative"), message.getContentType());
        MimeMultipart alternative = (MimeMultipart) message.getContent();
        assertEquals(2, alternative.getCount());
        BodyPart text = alternative.getBodyPart(0);
        BodyPart html = alternative.getBodyPart(1);
        assertPart(text, "text/plain");
        assertPart(html, "text/html");
        // Decoded, each part is exactly what was rendered (MIME canonical text has CRLF line ends).
        assertEquals(email.text(), lf((String) text.getContent()));
        assertEquals(email.html(), lf((String) html.getContent()));
        assertEquals("1.0", message.getHeader("MIME-Version", null));
    }

    @Test
    void callOutEventsWrapTheAlternativeInMultipartMixedWithOneCalendarAttachmentEach() throws Exception {
        Digest events = RenderFixtures.load(Path.of("src/test/resources/digests/good/events.yaml"));
        PreparedIssue issue = RenderFixtures.prepare(events, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET);
        RenderedEmail email = issue.render(ZOE);
        byte[] eml = eml(events, email);
        MimeMessage message = parse(eml);

        assertTrue(message.isMimeType("multipart/mixed"), message.getContentType());
        MimeMultipart mixed = (MimeMultipart) message.getContent();
        assertEquals(3, mixed.getCount());
        assertTrue(mixed.getBodyPart(0).isMimeType("multipart/alternative"), "the readable body comes first");
        MimeMultipart alternative = (MimeMultipart) mixed.getBodyPart(0).getContent();
        assertPart(alternative.getBodyPart(0), "text/plain");
        assertPart(alternative.getBodyPart(1), "text/html");
        assertEquals(email.html(), lf((String) alternative.getBodyPart(1).getContent()));
        for (int i = 0; i < 2; i++) {
            BodyPart attachment = mixed.getBodyPart(i + 1);
            dev.tidings.render.CalendarFile file = issue.calendars().get(i);
            ContentType type = new ContentType(attachment.getContentType());
            assertEquals("text/calendar", type.getBaseType());
            assertEquals("PUBLISH", type.getParameter("method"));
            assertEquals(file.fileName(), type.getParameter("name"));
            assertEquals(jakarta.mail.Part.ATTACHMENT, attachment.getDisposition());
            assertEquals(file.fileName(), attachment.getFileName());
            assertArrayEquals(file.bytes(), attachment.getInputStream().readAllBytes(), "the .ics arrives byte for byte");
        }
        assertSevenBit(eml);
        assertLinesCrlfAndShort(eml);
    }

    @Test
    void headersOfTheSample() throws Exception {
        RenderedEmail email = sampleIssue.render(ZOE);
        MimeMessage message = parse(eml(sample, email));

        assertEquals(List.of(new InternetAddress("newsletter@trainingzone.example", "TrainingZone")), List.of(message.getFrom()));
        InternetAddress to = (InternetAddress) message.getRecipients(Message.RecipientType.TO)[0];
        assertEquals(1, message.getRecipients(Message.RecipientType.TO).length);
        assertEquals("zoe.martin@example.org", to.getAddress());
        assertEquals("Zoë Martin", to.getPersonal());
        assertEquals("editor@trainingzone.example", ((InternetAddress) message.getReplyTo()[0]).getAddress());
        assertEquals("Key social learning resources part 2", message.getSubject());
        assertEquals(Date.from(NOW), message.getSentDate());
        assertTrue(message.getMessageID().matches("<social-learning-2\\.[a-z2-7]{14,}@trainingzone\\.example>"), message.getMessageID());
        assertEquals("TrainingZone <trainingzone.trainingzone.example>", message.getHeader("List-Id", null));
        String token = sampleIssue.unsubscribe().token("zoe.martin@example.org");
        assertEquals("<mailto:unsubscribe@trainingzone.example?subject=unsubscribe%20zoe.martin@example.org%20" + token + ">, "
                        + "<https://trainingzone.example/unsubscribe?u=" + REFERENCES.seal("zoe.martin@example.org") + ">",
                MimeUtility.unfold(message.getHeader("List-Unsubscribe", null)));
        assertEquals("List-Unsubscribe=One-Click", message.getHeader("List-Unsubscribe-Post", null));
    }

    @Test
    void nonAsciiSubjectAndRecipientNamesAreRfc2047EncodedWords() throws Exception {
        Path digestFile = RenderFixtures.sampleWith(dir, "subject.yaml",
                "  title: Key social learning resources part 2",
                "  title: Key social learning resources part 2\n  subject: \"Zoë’s picks: 田中 on social learning — part 2 🎓\"");
        Digest digest = RenderFixtures.load(digestFile);
        PreparedIssue issue = RenderFixtures.prepare(digest, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET);
        for (String name : List.of("Zoë Martin", "田中 明", "Ольга Иванова", "Schmidt, Hannah", "Liam O'Brien", "\"Quoted\" <Name>")) {
            byte[] bytes = eml(digest, issue.render(new Recipient("reader@example.org", name, Map.of())));
            assertSevenBit(bytes);
            MimeMessage message = parse(bytes);
            assertEquals("Zoë’s picks: 田中 on social learning — part 2 🎓", message.getSubject());
            String rawSubject = MimeUtility.unfold(message.getHeader("Subject", null));
            assertTrue(rawSubject.startsWith("=?UTF-8?"), rawSubject);
            InternetAddress to = (InternetAddress) message.getRecipients(Message.RecipientType.TO)[0];
            assertEquals(name, to.getPersonal());
            assertEquals("reader@example.org", to.getAddress());
            String rawTo = MimeUtility.unfold(message.getHeader("To", null));
            if (!name.chars().allMatch(c -> c < 0x80)) {
                assertTrue(rawTo.startsWith("=?UTF-8?"), rawTo);
            }
        }
    }

    @Test
    void aRecipientWithoutANameIsABareAddress() throws Exception {
        MimeMessage message = parse(eml(sample, sampleIssue.render(new Recipient("noah.smith@example.com", null, Map.of()))));
        assertEquals("noah.smith@example.com", message.getHeader("To", null));
    }

    @Test
    void internationalisedDomainsAreWrittenInTheirAsciiFormSoTheMessageStaysSevenBit() throws Exception {
        // Validation accepts IDN domains. Raw UTF-8 in a header would need SMTPUTF8 (RFC 6531/6532)
        // from every relay on the way; the A-label (RFC 5890) is the same address and plain ASCII.
        Path digestFile = RenderFixtures.sampleWith(dir, "idn.yaml",
                "  from: \"TrainingZone <newsletter@trainingzone.example>\"",
                "  from: \"Bücherwürmer <newsletter@bücher.example>\"",
                "  reply_to: editor@trainingzone.example",
                "  reply_to: redaktion@bücher.example");
        Digest digest = RenderFixtures.load(digestFile);
        PreparedIssue issue = RenderFixtures.prepare(digest, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET);
        RenderedEmail email = issue.render(new Recipient("zoe@exämple.org", "Zoë", Map.of()));
        OutgoingMessage outgoing = new MessageBuilder(Clock.fixed(NOW, ZoneOffset.UTC)).outgoing(digest, email);
        assertSevenBit(outgoing.content());
        MimeMessage message = parse(outgoing.content());
        assertEquals("newsletter@xn--bcher-kva.example", ((InternetAddress) message.getFrom()[0]).getAddress());
        assertEquals("Bücherwürmer", ((InternetAddress) message.getFrom()[0]).getPersonal());
        assertEquals("redaktion@xn--bcher-kva.example", ((InternetAddress) message.getReplyTo()[0]).getAddress());
        assertEquals("zoe@xn--exmple-cua.org", ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress());
        assertTrue(message.getMessageID().endsWith("@xn--bcher-kva.example>"), message.getMessageID());
        assertTrue(message.getHeader("List-Id", null).endsWith(".xn--bcher-kva.example>"), message.getHeader("List-Id", null));
        // The envelope too: RCPT TO with a UTF-8 domain is refused by servers without SMTPUTF8.
        assertEquals("newsletter@xn--bcher-kva.example", outgoing.envelopeFrom());
        assertEquals("zoe@xn--exmple-cua.org", outgoing.recipient());
        // The unsubscribe link identifies the subscriber as the list has them.
        java.util.regex.Matcher reference = java.util.regex.Pattern.compile("unsubscribe\\?u=([A-Za-z0-9_-]+)>")
                .matcher(MimeUtility.unfold(message.getHeader("List-Unsubscribe", null)));
        assertTrue(reference.find() && "zoe@exämple.org".equals(REFERENCES.open(reference.group(1))), message.getHeader("List-Unsubscribe", null));
    }

    @Test
    void everyLineIsCrlfTerminatedAndAtMost998Octets() throws Exception {
        // One 5,000-character paragraph and a 300-character non-ASCII subject: quoted-printable and
        // header folding must keep every line within RFC 5322's limit whatever the content.
        String longParagraph = "Wörds ".repeat(850).strip();
        Path digestFile = RenderFixtures.sampleWith(dir, "long.yaml",
                "  title: Key social learning resources part 2",
                "  title: Key social learning resources part 2\n  subject: \"" + "Ünïcödé sübject ".repeat(18).strip() + "\"",
                "      comment: An impressive piece from Clark, who holds a PhD in cognitive science.",
                "      comment: " + longParagraph);
        Digest digest = RenderFixtures.load(digestFile);
        PreparedIssue issue = RenderFixtures.prepare(digest, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET);
        for (Recipient recipient : List.of(ZOE, new Recipient("akira.tanaka@example.jp", "田中 明", Map.of()))) {
            byte[] bytes = eml(digest, issue.render(recipient));
            assertSevenBit(bytes);
            assertLinesCrlfAndShort(bytes);
            assertTrue(lf((String) ((MimeMultipart) parse(bytes).getContent()).getBodyPart(1).getContent()).contains(longParagraph));
        }
        byte[] sampleBytes = eml(sample, sampleIssue.render(ZOE));
        assertLinesCrlfAndShort(sampleBytes);
    }

    @Test
    void oneClickPostOnlyWhenThereIsAnHttpsUnsubscribeUrl() throws Exception {
        Path mailtoOnly = RenderFixtures.sampleWith(dir, "mailto-only.yaml",
                RenderFixtures.SAMPLE_UNSUBSCRIBE_LINE, "");
        Digest digest = RenderFixtures.load(mailtoOnly);
        PreparedIssue issue = RenderFixtures.prepare(digest, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET);
        MimeMessage message = parse(eml(digest, issue.render(ZOE)));
        assertEquals("<mailto:unsubscribe@trainingzone.example?subject=unsubscribe%20zoe.martin@example.org%20"
                + issue.unsubscribe().token("zoe.martin@example.org") + ">", message.getHeader("List-Unsubscribe", null));
        assertNull(message.getHeader("List-Unsubscribe-Post"), "RFC 8058 one-click needs an https URI");

        Path urlOnly = RenderFixtures.sampleWith(dir, "url-only.yaml", "    mailto: unsubscribe@trainingzone.example\n", "");
        Digest urlDigest = RenderFixtures.load(urlOnly);
        PreparedIssue urlIssue = RenderFixtures.prepare(urlDigest, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET);
        MimeMessage urlMessage = parse(eml(urlDigest, urlIssue.render(ZOE)));
        String header = MimeUtility.unfold(urlMessage.getHeader("List-Unsubscribe", null));
        assertEquals("<https://trainingzone.example/unsubscribe?u=" + REFERENCES.seal("zoe.martin@example.org") + ">", header);
        assertEquals("List-Unsubscribe=One-Click", urlMessage.getHeader("List-Unsubscribe-Post", null));
    }

    @Test
    void messageIdsAreUniqueAcrossRendersOnTheSendersDomain() throws Exception {
        RenderedEmail email = sampleIssue.render(ZOE);
        MessageBuilder builder = new MessageBuilder(Clock.fixed(NOW, ZoneOffset.UTC));
        String first = parse(new OutputFiles(builder).emlBytes(sample, email)).getMessageID();
        String second = parse(new OutputFiles(builder).emlBytes(sample, email)).getMessageID();
        String third = parse(eml(sample, email)).getMessageID();
        assertNotEquals(first, second);
        assertNotEquals(first, third);
        for (String id : List.of(first, second, third)) {
            assertTrue(id.endsWith("@trainingzone.example>"), id);
        }
    }

    /** The Date header is formatted once per second and reused: it must still follow the clock. */
    @Test
    void theDateHeaderFollowsTheClockSecondBySecond() throws Exception {
        RenderedEmail email = sampleIssue.render(ZOE);
        Instant[] now = {NOW};
        Clock ticking = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        MessageBuilder builder = new MessageBuilder(ticking);
        for (long millis : new long[] {0, 999, 1000, 1500, 61_000, 59_999, 3_600_000}) {
            now[0] = NOW.plusMillis(millis);
            MimeMessage message = parse(builder.outgoing(sample, email).content());
            assertEquals(Date.from(now[0].truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), message.getSentDate(), "at +" + millis + " ms");
        }
    }

    @Test
    void messageIdsAndBoundariesAreDistinctAcrossThreadsAndRuns() throws Exception {
        RenderedEmail email = sampleIssue.render(ZOE);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        Set<String> boundaries = ConcurrentHashMap.newKeySet();
        Pattern id = Pattern.compile("(?m)^Message-ID: (<social-learning-2\\.[a-z2-7]+@trainingzone\\.example>)$");
        Pattern boundary = Pattern.compile("boundary=\"(=_tidings_[a-z2-7]+)\"");
        int runs = 3;
        int threads = 4;
        int perThread = 500;
        for (int run = 0; run < runs; run++) {
            MessageBuilder builder = new MessageBuilder(Clock.fixed(NOW, ZoneOffset.UTC)); // one per run of send
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String message = new String(builder.outgoing(sample, email).content(), StandardCharsets.US_ASCII);
                        Matcher idMatch = id.matcher(message);
                        Matcher boundaryMatch = boundary.matcher(message);
                        assertTrue(idMatch.find() && boundaryMatch.find(), message);
                        ids.add(idMatch.group(1));
                        boundaries.add(boundaryMatch.group(1));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            pool.shutdown();
        }
        assertEquals(runs * threads * perThread, ids.size(), "every Message-ID distinct");
        assertEquals(runs * threads * perThread, boundaries.size(), "every boundary distinct");
    }

    @Test
    void aSubscribersMessageIdGivesNoOtherAway() throws Exception {
        // A delivery report counts only when it returns a Message-ID the ledger records for that
        // recipient (unsubscribes): a subscriber who reads their own must not be able to write a
        // neighbour's by changing a character or two, as a run token and counter alone allowed.
        RenderedEmail email = sampleIssue.render(ZOE);
        MessageBuilder builder = new MessageBuilder(Clock.fixed(NOW, ZoneOffset.UTC));
        String previous = builder.outgoing(sample, email).messageId();
        for (int i = 0; i < 1_000; i++) {
            String next = builder.outgoing(sample, email).messageId();
            assertTrue(differences(previous, next) > 2, previous + " then " + next);
            previous = next;
        }
    }

    /** Characters that differ at the same place; a different length counts as far apart. */
    private static int differences(String a, String b) {
        if (a.length() != b.length()) {
            return Integer.MAX_VALUE;
        }
        int differences = 0;
        for (int i = 0; i < a.length(); i++) {
            differences += a.charAt(i) == b.charAt(i) ? 0 : 1;
        }
        return differences;
    }

    @Test
    void theOutgoingMessageCarriesTheEnvelopeAndTheSameBytes() throws Exception {
        RenderedEmail email = sampleIssue.render(ZOE);
        OutgoingMessage outgoing = new MessageBuilder(Clock.fixed(NOW, ZoneOffset.UTC)).outgoing(sample, email);
        assertEquals("newsletter@trainingzone.example", outgoing.envelopeFrom());
        assertEquals("zoe.martin@example.org", outgoing.recipient());
        MimeMessage message = parse(outgoing.content());
        assertEquals(outgoing.messageId(), message.getMessageID());
        assertEquals("zoe.martin@example.org", ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress());
    }

    /** newsletter.bounce_address is the envelope sender; with {token}, each recipient's own, and the message bytes are the same. */
    @Test
    void theBounceAddressIsTheEnvelopeSenderWithTheRecipientsToken() throws Exception {
        Newsletter n = sample.newsletter();
        Digest verp = new Digest(sample.source(), new Newsletter(n.name(), n.from(), n.replyTo(), n.website(), n.postalAddress(),
                n.unsubscribe(), n.footer(), n.archiveUrl(), n.utm(), n.greeting(), n.publicUrl(), n.description(),
                "bounces+{token}@trainingzone.example", n.dkim(), n.language(), n.strings(), n.subscribeUrl()), sample.issue(), sample.template());
        RenderedEmail email = sampleIssue.render(ZOE);
        BounceToken tokens = BounceToken.withSecret(RenderFixtures.TEST_SECRET);
        OutgoingMessage outgoing = new MessageBuilder(Clock.fixed(NOW, ZoneOffset.UTC), tokens).outgoing(verp, email);
        assertEquals("bounces+" + tokens.tokenFor(sample.issue().id(), "zoe.martin@example.org") + "@trainingzone.example",
                outgoing.envelopeFrom());
        assertEquals("bounces+{token}@trainingzone.example",
                new MessageBuilder(Clock.fixed(NOW, ZoneOffset.UTC)).outgoing(verp, email).envelopeFrom(),
                "a .eml rendered without the secret keeps the placeholder; send refuses to start so");
        assertFalse(new String(outgoing.content(), StandardCharsets.UTF_8).contains("bounces+"), "the envelope only, no header");
    }

    static MimeMessage parse(byte[] eml) throws Exception {
        return new MimeMessage(SESSION, new ByteArrayInputStream(eml));
    }

    private static byte[] eml(Digest digest, RenderedEmail email) {
        return new OutputFiles(new MessageBuilder(Clock.fixed(NOW, ZoneOffset.UTC))).emlBytes(digest, email);
    }

    private static void assertPart(BodyPart part, String type) throws Exception {
        ContentType contentType = new ContentType(part.getContentType());
        assertEquals(type, contentType.getBaseType());
        assertEquals("UTF-8", contentType.getParameter("charset").toUpperCase(java.util.Locale.ROOT));
        assertEquals("quoted-printable", part.getHeader("Content-Transfer-Encoding")[0]);
    }

    static void assertSevenBit(byte[] eml) {
        for (int i = 0; i < eml.length; i++) {
            int at = i;
            assertTrue(eml[i] >= 0, () -> "a non-ASCII byte at offset " + at + ": the message must be 7-bit");
        }
    }

    /** RFC 5322 2.1.1 and 2.3: lines end in CRLF, CR and LF never appear alone, at most 998 octets a line. */
    /** CRLF line ends, lines of at most 998 octets (RFC 5322), and none that SMTP would have to dot-stuff. */
    static void assertLinesCrlfAndShort(byte[] eml) {
        int lineStart = 0;
        int lineNumber = 1;
        for (int i = 0; i < eml.length; i++) {
            if (i == lineStart) {
                assertNotEquals('.', (char) eml[i], "line " + lineNumber + " starts with a dot");
            }
            if (eml[i] == '\r') {
                assertTrue(i + 1 < eml.length && eml[i + 1] == '\n', "a bare CR on line " + lineNumber);
            } else if (eml[i] == '\n') {
                assertTrue(i > 0 && eml[i - 1] == '\r', "a bare LF on line " + lineNumber);
                int octets = i - 1 - lineStart;
                int number = lineNumber;
                assertTrue(octets <= 998, () -> "line " + number + " has " + octets + " octets");
                lineStart = i + 1;
                lineNumber++;
            }
        }
        assertTrue(eml.length - lineStart <= 998);
        assertFalse(eml.length == 0);
    }

    private static String lf(String text) {
        return text.replace("\r\n", "\n");
    }
}
