package dev.tidings.serve;

import dev.tidings.digest.Newsletter;
import dev.tidings.digest.Unsubscribe;
import dev.tidings.mail.MailConnection;
import dev.tidings.mail.MailConnector;
import dev.tidings.mail.mime.OutgoingMessage;
import dev.tidings.render.SubscriberReference;
import dev.tidings.render.TemplateSet;
import dev.tidings.render.UnsubscribeToken;
import dev.tidings.subscribers.ListEvent;
import dev.tidings.subscribers.ListEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The routes of serve on a real Jetty on loopback, with the list and the relay in memory. */
class ReaderRoutesTest {
    static final String SECRET = "serve-test-secret-0123456789-abcdefghijkl";
    static final Newsletter NEWSLETTER = new Newsletter("Example Weekly", "Example Weekly <news@example.org>", null,
            "https://example.org", "1 Example Street, Exampletown", new Unsubscribe(null, null), null, null, null, null, null,
            "Five links a week on how people learn from each other.", null, null, "en", null, null);
    private static final Pattern CONFIRM_LINK = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/confirm\\?t=[A-Za-z0-9_-]+)");

    private final List<ListEvent> events = new CopyOnWriteArrayList<>();
    /** Where the routes record: the list in memory, unless a test puts a real journal (or a failing one) here. */
    private volatile ListEvents sink = events::add;
    private final LinkedBlockingQueue<OutgoingMessage> mails = new LinkedBlockingQueue<>();
    private final StringWriter log = new StringWriter();
    private final HttpClient http = HttpClient.newHttpClient();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private ReaderService service;
    /** The newsletter the routes serve: {@link #NEWSLETTER}, unless a test of languages puts another here before start. */
    private Newsletter newsletter = NEWSLETTER;

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MailConnector relay = new MailConnector() {
        @Override
        public MailConnection open() {
            return new MailConnection() {
                @Override
                public String send(OutgoingMessage message) {
                    mails.add(message);
                    return "250 ok";
                }

                @Override
                public boolean usable() {
                    return true;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public String describe() {
            return "memory";
        }
    };

    private void start(SignupLimits.Rules rules, Set<InetAddress> trusted) {
        start(rules, trusted, null, ServeServer.Limits.DEFAULT);
    }

    private void start(SignupLimits.Rules rules, Set<InetAddress> trusted, java.nio.file.Path site, ServeServer.Limits limits) {
        ListEvents list = event -> sink.record(event);
        // The port is known only once listening: the public URL names a fixed port chosen first.
        int port = freePort();
        ServeSettings settings = new ServeSettings(newsletter, "http://127.0.0.1:" + port + "/", "127.0.0.1", port, site, trusted,
                limits);
        service = ReaderService.start(settings, SECRET, TemplateSet.defaultTheme(), list, relay, new PrintWriter(log, true), clock, rules);
    }

    private void start() {
        start(SignupLimits.Rules.DEFAULT, Set.of());
    }

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + service.port() + path;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            out.append(out.length() == 0 ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private String confirmationLink() throws InterruptedException {
        OutgoingMessage mail = mails.poll(30, TimeUnit.SECONDS);
        assertNotNull(mail, "a confirmation mail");
        String raw = new String(mail.content(), StandardCharsets.UTF_8).replace("=\r\n", "").replace("=3D", "=");
        Matcher link = CONFIRM_LINK.matcher(raw);
        assertTrue(link.find(), raw);
        return link.group(1);
    }

    @Test
    void theFormIsServedUnderAStrictPolicyWithoutCookies() throws Exception {
        start();
        HttpResponse<String> page = get("/subscribe");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("name=\"email\"") && page.body().contains("name=\"website\""), page.body());
        assertTrue(page.body().contains("Example Weekly") && page.body().contains("Five links a week on how people learn from each other."),
                "the newsletter's name and description above the form: " + page.body());
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.startsWith("default-src 'none'") && csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'none'"), csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElseThrow());
        assertTrue(page.headers().firstValue("Set-Cookie").isEmpty());
        assertEquals("ok\n", get("/healthz").body());
    }

    @Test
    void aSignupIsConfirmedOnlyByThePostAndRecordsNameAndSource() throws Exception {
        start();
        HttpResponse<String> answer = post("/subscribe", form("email", "zoe@example.org", "name", "Zoe Martin", "website", ""),
                "Origin", "https://blog.example.net");
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("Check your inbox"), answer.body());
        String link = confirmationLink();
        String token = link.substring(link.indexOf("t=") + 2);
        HttpResponse<String> page = get(link.substring(link.indexOf("/confirm")));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains(ReaderPages.SUBMIT), "the page submits itself");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("'sha256-"));
        assertEquals(List.of(), events, "a GET (a link scanner) changes nothing");
        HttpResponse<String> confirmed = post("/confirm", form("t", token));
        assertEquals(200, confirmed.statusCode());
        assertEquals(1, events.size());
        ListEvent event = events.get(0);
        assertEquals(ListEvent.Kind.SUBSCRIBED, event.kind());
        assertEquals("zoe@example.org", event.email());
        assertEquals("Zoe Martin", event.name());
        assertEquals("form on https://blog.example.net", event.source());
        assertEquals(clock.now, event.at());
    }

    @Test
    void theAnswerIsTheSameForEveryAddressAndTheHoneypotSendsNothing() throws Exception {
        start();
        String first = post("/subscribe", form("email", "a@example.org")).body();
        String bot = post("/subscribe", form("email", "b@example.org", "website", "http://spam.example")).body();
        assertEquals(first.replace("a@example.org", "X"), bot.replace("b@example.org", "X"));
        assertNotNull(mails.poll(30, TimeUnit.SECONDS));
        service.close();
        assertTrue(mails.isEmpty(), "no mail for the bot");
        service = null;
    }

    /** The fixture's newsletter in another language (issue 21), without the English description an editor would write in it. */
    private static Newsletter inLanguage(String tag) {
        Newsletter n = NEWSLETTER;
        return new Newsletter(n.name(), n.from(), n.replyTo(), n.website(), n.postalAddress(), n.unsubscribe(), n.footer(),
                n.archiveUrl(), n.utm(), n.greeting(), n.publicUrl(), null, n.bounceAddress(), n.dkim(), tag, null, null);
    }

    /** The English words of serve's pages and mail: each serve_* value (and subscribe, unsubscribe) cut at its placeholders. */
    private static List<String> englishPhrases() throws java.io.IOException {
        java.util.Properties english = new java.util.Properties();
        try (java.io.Reader in = java.nio.file.Files.newBufferedReader(
                java.nio.file.Path.of("templates/default/messages/messages_en.properties"), StandardCharsets.UTF_8)) {
            english.load(in);
        }
        List<String> phrases = new java.util.ArrayList<>(List.of("Subscribe", "Unsubscribe"));
        for (String key : english.stringPropertyNames()) {
            if (key.startsWith("serve_")) {
                for (String part : english.getProperty(key).split("\\{[a-z_]+}")) {
                    if (part.strip().length() >= 4) {
                        phrases.add(part.strip());
                    }
                }
            }
        }
        assertTrue(phrases.size() > 50, "the English bundle's serve_ keys: " + phrases);
        return phrases;
    }

    /** What a reader reads of a page: the text of its elements, without the style and script. */
    private static String visibleText(String html) {
        return html.replaceAll("(?s)<style>.*?</style>|<script>.*?</script>", " ").replaceAll("<[^>]*>", " ")
                .replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">");
    }

    /**
     * Issue 21: every page of serve in the newsletter's language, with its lang and dir, and no
     * English phrase of the theme left (seen failing with the pages' words hard-coded in English).
     * In Arabic no Latin word is left at all once the editor's name, address and the reader's
     * address are taken out.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"de, ltr", "ar, rtl"})
    void everyPageIsInTheNewslettersLanguageWithItsLangAndDir(String tag, String dir) throws Exception {
        newsletter = inLanguage(tag);
        start();
        String ref = SubscriberReference.withSecret(SECRET).seal("zoe@example.org");
        List<HttpResponse<String>> answers = new java.util.ArrayList<>();
        answers.add(get("/subscribe"));
        answers.add(post("/subscribe", form("email", "not an address")));
        answers.add(post("/subscribe", form("email", "zoe@example.org")));
        String link = confirmationLink();
        answers.add(get(link.substring(link.indexOf("/confirm"))));
        answers.add(post("/confirm", form("t", "forged")));
        answers.add(post("/confirm", form("t", link.substring(link.indexOf("t=") + 2))));
        answers.add(get("/unsubscribe?u=" + ref));
        answers.add(get("/unsubscribe?u=forged"));
        HttpResponse<String> unsubscribed = post("/unsubscribe?u=" + ref, form("confirm", "page"));
        answers.add(unsubscribed);
        Matcher undo = UNDO_TOKEN.matcher(unsubscribed.body());
        assertTrue(undo.find(), unsubscribed.body());
        answers.add(post("/resubscribe", form("r", undo.group(1))));
        answers.add(post("/resubscribe", form("r", "forged")));
        List<String> english = englishPhrases();
        for (HttpResponse<String> answer : answers) {
            String html = answer.body();
            assertTrue(html.contains("<html lang=\"" + tag + "\" dir=\"" + dir + "\">"), html);
            String text = visibleText(html);
            for (String phrase : english) {
                assertFalse(text.contains(phrase), "'" + phrase + "' left in English in " + tag + ": " + text);
            }
            if (dir.equals("rtl")) {
                String rest = text.replace(NEWSLETTER.name(), "").replace(NEWSLETTER.postalAddress(), "").replace("zoe@example.org", "");
                assertFalse(Pattern.compile("\\b[A-Za-z]{2,}\\b").matcher(rest).find(), "a Latin word left in " + tag + ": " + rest);
            }
        }
        assertTrue(answers.get(0).body().contains("[dir=rtl]"), "the page's style mirrors it for right-to-left languages");
    }

    /**
     * Issue 21: the confirmation mail in Japanese, its Subject encoded (RFC 2047, the header all
     * ASCII) and decoded back to the bundle's words, the HTML part lang="ja", no English phrase
     * of the theme left in either part.
     */
    @Test
    void theConfirmationMailIsInTheNewslettersLanguageWithAnEncodedSubject() throws Exception {
        newsletter = inLanguage("ja");
        start();
        post("/subscribe", form("email", "zoe@example.org"));
        OutgoingMessage mail = mails.poll(30, TimeUnit.SECONDS);
        assertNotNull(mail, "a confirmation mail");
        jakarta.mail.internet.MimeMessage message = new jakarta.mail.internet.MimeMessage(
                jakarta.mail.Session.getInstance(new java.util.Properties()), new java.io.ByteArrayInputStream(mail.content()));
        String raw = message.getHeader("Subject")[0];
        assertTrue(raw.startsWith("=?UTF-8?") && raw.chars().allMatch(c -> c < 128), raw);
        assertEquals("Example Weeklyへの登録のご確認", message.getSubject());
        jakarta.mail.internet.MimeMultipart parts = (jakarta.mail.internet.MimeMultipart) message.getContent();
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain") && parts.getBodyPart(1).isMimeType("text/html"));
        assertTrue(html.contains("<html lang=\"ja\" dir=\"ltr\">"), html);
        assertTrue(text.contains("zoe@example.orgをExample Weeklyに登録するお申し込みがありました") && text.contains("有効期間は7日です"), text);
        for (String phrase : englishPhrases()) {
            assertFalse(text.contains(phrase), "'" + phrase + "' left in English: " + text);
            assertFalse(visibleText(html).contains(phrase), "'" + phrase + "' left in English: " + html);
        }
    }

    @Test
    void anInvalidAddressIsRefused() throws Exception {
        start();
        assertEquals(400, post("/subscribe", form("email", "not an address")).statusCode());
        assertEquals(400, post("/subscribe", form("email", "=cmd@example.org")).statusCode());
    }

    /**
     * Red team 19, finding 4: an address with a control character or a line break went out in a
     * confirmation mail, then could never be confirmed (the journal refused it: a 500).
     */
    @Test
    void anAddressTheListWouldRefuseGetsNoMail() throws Exception {
        start();
        for (String bad : List.of("\"a\u0001b\"@example.org", "\"x\r\n RCPT TO:<e@vil>\"@example.org", "\"a\u0085b\"@example.org")) {
            HttpResponse<String> answer = post("/subscribe", form("email", bad));
            assertEquals(400, answer.statusCode(), bad);
            assertTrue(answer.body().contains("name=\"email\""), "the form again: " + answer.body());
        }
        service.close();
        service = null;
        assertTrue(mails.isEmpty(), "no mail: " + mails);
    }

    @Test
    void aSignupFromAnOriginWithAVeryLongHostCanBeConfirmedIntoARealJournal(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path csv = dir.resolve("list.csv");
        java.nio.file.Files.writeString(csv, "email\n");
        try (dev.tidings.subscribers.ListJournal journal = dev.tidings.subscribers.ListJournal.open(csv,
                dev.tidings.subscribers.ListJournal.Batching.DEFAULT, e -> log.write(e.getMessage()))) {
            sink = event -> {
                journal.record(event);
                events.add(event);
            };
            start();
            String host = ("a".repeat(62) + ".").repeat(3) + "b".repeat(60) + ".org";
            post("/subscribe", form("email", "zoe@example.org"), "Origin", "https://" + host);
            String link = confirmationLink();
            HttpResponse<String> confirmed = post("/confirm", form("t", link.substring(link.indexOf("t=") + 2)));
            assertEquals(200, confirmed.statusCode(), confirmed.body());
            assertEquals(1, events.size());
            assertTrue(events.get(0).source().length() <= 200, events.get(0).source());
        }
    }

    /** Red team 19, finding 4: a RuntimeException from the journal was a 500 with a stack trace (and the address) in the log. */
    @Test
    void anEventTheJournalRefusesOrCannotTakeIsAnsweredWithAPageAndNoStackTrace() throws Exception {
        start();
        String ref = SubscriberReference.withSecret(SECRET).seal("zoe@example.org");
        sink = event -> {
            throw dev.tidings.TidingsException.invalidInput("a list event was refused: email: 'zoe@example.org' is bad");
        };
        HttpResponse<String> refused = post("/unsubscribe?u=" + ref, form("confirm", "page"));
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("Nothing was changed"), refused.body());
        sink = event -> {
            throw new IllegalStateException("the journal is closed");
        };
        HttpResponse<String> unavailable = post("/unsubscribe?u=" + ref, "List-Unsubscribe=One-Click");
        assertEquals(503, unavailable.statusCode(), unavailable.body());
        assertTrue(unavailable.body().contains("try again"), unavailable.body());
        service.close();
        service = null;
        assertFalse(log.toString().contains("Exception") || log.toString().contains("\tat ") || log.toString().contains("zoe@"), log.toString());
    }

    @Test
    void oneAddressGetsAtMostItsDailyMailsAndTheAnswerDoesNotSaySo() throws Exception {
        start();
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> answer = post("/subscribe", form("email", "victim@example.org"), "X-Forwarded-For", "198.51.100." + i);
            assertEquals(i < 20 ? 200 : 429, answer.statusCode(), "signup " + i);
        }
        service.close();
        service = null;
        assertEquals(SignupLimits.Rules.DEFAULT.perAddress(), mails.size(), "an X-Forwarded-For from an untrusted peer is ignored");
    }

    /**
     * Red team 19, finding 5: the per-address limit was keyed on the lower-cased address, so a
     * +tag or Gmail's ignored dots reached one inbox past it.
     */
    @Test
    void theAddressLimitCountsEveryFormOfOneMailbox() throws Exception {
        start(SignupLimits.Rules.DEFAULT, Set.of(InetAddress.getByName("127.0.0.1")));
        List<String> forms = List.of("victim@gmail.com", "Victim+1@gmail.com", "v.ictim@googlemail.com", "vic.tim+news@GMAIL.com",
                "ann+a@example.org", "Ann+b@Example.org", "ann@example.org", "ann+c@example.org", "a.nn@example.org");
        for (int i = 0; i < forms.size(); i++) {
            assertEquals(200, post("/subscribe", form("email", forms.get(i)), "X-Forwarded-For", "198.51.100." + i).statusCode());
        }
        service.close();
        service = null;
        List<String> to = mails.stream().map(m -> m.recipient()).toList();
        assertEquals(forms.subList(0, 3), to.subList(0, 3), "three for the Gmail mailbox, whatever its spelling");
        assertEquals(List.of("ann+a@example.org", "Ann+b@Example.org", "ann@example.org", "a.nn@example.org"), to.subList(3, to.size()),
                "three for ann, whatever the tag; the dots count elsewhere than Gmail");
    }

    @Test
    void aSlash48IsLimitedAsWellAsEachOfItsSlash64s() throws Exception {
        start(new SignupLimits.Rules(100, Duration.ofDays(1), 2, Duration.ofHours(1), 5, 1000, 1000), Set.of(InetAddress.getByName("127.0.0.1")));
        for (int i = 0; i < 5; i++) {
            assertEquals(200, post("/subscribe", form("email", "r" + i + "@example.org"), "X-Forwarded-For", "2001:db8:1:" + i + "::1").statusCode());
        }
        assertEquals(429, post("/subscribe", form("email", "s@example.org"), "X-Forwarded-For", "2001:db8:1:99::1").statusCode(),
                "another /64 of the same /48");
        assertEquals(200, post("/subscribe", form("email", "t@example.org"), "X-Forwarded-For", "2001:db8:2::1").statusCode(),
                "another /48");
    }

    @Test
    void confirmationMailsHaveAGlobalHourlyCap() throws Exception {
        start(new SignupLimits.Rules(100, Duration.ofDays(1), 100, Duration.ofHours(1), 100, 3, 1000), Set.of());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, post("/subscribe", form("email", "r" + i + "@example.org")).statusCode());
        }
        HttpResponse<String> capped = post("/subscribe", form("email", "late@example.org"));
        assertEquals(503, capped.statusCode());
        assertTrue(capped.body().contains("try again"), capped.body());
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertEquals(200, post("/subscribe", form("email", "later@example.org")).statusCode());
        service.close();
        service = null;
        assertEquals(List.of("r0@example.org", "r1@example.org", "r2@example.org", "later@example.org"),
                mails.stream().map(m -> m.recipient()).toList());
    }

    @Test
    void aTrustedProxysForwardedForIsTheClient() throws Exception {
        start(new SignupLimits.Rules(100, Duration.ofDays(1), 2, Duration.ofHours(1), 100, 1000, 1000), Set.of(InetAddress.getByName("127.0.0.1")));
        for (int i = 0; i < 6; i++) {
            assertEquals(200, post("/subscribe", form("email", "r" + i + "@example.org"), "X-Forwarded-For", "203.0.113." + i).statusCode());
        }
        assertEquals(200, post("/subscribe", form("email", "x@example.org"), "X-Forwarded-For", "203.0.113.9").statusCode());
        assertEquals(200, post("/subscribe", form("email", "y@example.org"), "X-Forwarded-For", "203.0.113.9").statusCode());
        assertEquals(429, post("/subscribe", form("email", "z@example.org"), "X-Forwarded-For", "203.0.113.9").statusCode());
    }

    @Test
    void expiredForgedAndAlteredConfirmationsAreRefusedWithWhatToDo() throws Exception {
        start();
        post("/subscribe", form("email", "zoe@example.org"));
        String link = confirmationLink();
        String token = link.substring(link.indexOf("t=") + 2);
        String altered = token.substring(0, 20) + (token.charAt(20) == 'A' ? 'B' : 'A') + token.substring(21);
        for (String bad : List.of(altered, "forged", "")) {
            HttpResponse<String> refused = post("/confirm", form("t", bad));
            assertEquals(400, refused.statusCode());
            assertTrue(refused.body().contains("ask again"), refused.body());
        }
        clock.now = clock.now.plus(ConfirmationToken.LIFETIME).plusSeconds(1);
        HttpResponse<String> expired = post("/confirm", form("t", token));
        assertEquals(400, expired.statusCode());
        assertTrue(expired.body().contains("expired"), expired.body());
        assertEquals(List.of(), events);
    }

    @Test
    void oneClickUnsubscribeAsAProviderSendsIt() throws Exception {
        start();
        String ref = SubscriberReference.withSecret(SECRET).seal("zoe@example.org");
        HttpResponse<String> page = get("/unsubscribe?u=" + ref);
        assertEquals(200, page.statusCode());
        assertEquals(List.of(), events, "the page never acts");
        HttpResponse<String> done = post("/unsubscribe?u=" + ref, "List-Unsubscribe=One-Click");
        assertEquals(200, done.statusCode());
        assertEquals(1, events.size());
        assertEquals(ListEvent.Kind.UNSUBSCRIBED, events.get(0).kind());
        assertEquals("zoe@example.org", events.get(0).email());
        assertEquals("one-click", events.get(0).source());
    }

    private static final Pattern UNDO_TOKEN = Pattern.compile("name=\"r\" value=\"([A-Za-z0-9_-]+)\"");

    @Test
    void thePageUnsubscribesAndUndoesWithTheShortLivedTokenOfItsAnswer() throws Exception {
        start();
        String ref = SubscriberReference.withSecret(SECRET).seal("zoe@example.org");
        HttpResponse<String> done = post("/unsubscribe?u=" + ref, form("confirm", "page"));
        assertEquals(200, done.statusCode());
        assertTrue(done.body().contains("action=\"resubscribe\""), done.body());
        assertFalse(done.body().contains("resubscribe?u="), "the undo is not the footer's permanent reference");
        Matcher undo = UNDO_TOKEN.matcher(done.body());
        assertTrue(undo.find(), done.body());
        assertEquals(200, post("/resubscribe", form("r", undo.group(1))).statusCode());
        assertEquals(List.of(ListEvent.Kind.UNSUBSCRIBED, ListEvent.Kind.SUBSCRIBED), events.stream().map(ListEvent::kind).toList());
        assertEquals("zoe@example.org", events.get(1).email());
        assertEquals(ListEvent.RESUBSCRIBE, events.get(1).source());
    }

    /**
     * Red team 19, finding 1: the footer's {@code u} never expires, so with it alone anyone
     * holding an old issue could subscribe its reader again without their consent.
     */
    @Test
    void aResubscribeWithoutAFreshUndoTokenIsRefusedAndSaysToSubscribeAgain() throws Exception {
        start();
        String ref = SubscriberReference.withSecret(SECRET).seal("zoe@example.org");
        String token = UnsubscribeToken.withSecret(SECRET).tokenFor("zoe@example.org");
        HttpResponse<String> done = post("/unsubscribe?u=" + ref, form("confirm", "page"));
        Matcher undo = UNDO_TOKEN.matcher(done.body());
        assertTrue(undo.find(), done.body());
        String r = undo.group(1);
        String altered = r.substring(0, 20) + (r.charAt(20) == 'A' ? 'B' : 'A') + r.substring(21);
        post("/subscribe", form("email", "zoe@example.org"));
        String link = confirmationLink();
        String confirmation = link.substring(link.indexOf("t=") + 2);
        List<HttpResponse<String>> refused = List.of(
                post("/resubscribe?u=" + ref, form("confirm", "page")),
                post("/resubscribe?email=zoe%40example.org&token=" + token, form("confirm", "page")),
                post("/resubscribe?u=" + ref, form("r", ref)),
                post("/resubscribe", form("r", altered)),
                post("/resubscribe", form("r", confirmation)));
        clock.now = clock.now.plus(Duration.ofHours(1)).plusSeconds(1);
        HttpResponse<String> late = post("/resubscribe", form("r", r));
        for (HttpResponse<String> answer : List.of(refused.get(0), refused.get(1), refused.get(2), refused.get(3), refused.get(4), late)) {
            assertEquals(400, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("subscribe again") && answer.body().contains("href=\"" + url("/subscribe") + "\""), answer.body());
        }
        assertTrue(late.body().contains("expired"), late.body());
        assertEquals(List.of(ListEvent.Kind.UNSUBSCRIBED), events.stream().map(ListEvent::kind).toList());
    }

    @Test
    void theEmailAndTokenUrlsOfEarlierMailWorkAndAnotherAddresssTokenDoesNot() throws Exception {
        start();
        String token = UnsubscribeToken.withSecret(SECRET).tokenFor("zoe@example.org");
        assertEquals(200, post("/unsubscribe?email=zoe%40example.org&token=" + token, "List-Unsubscribe=One-Click").statusCode());
        assertEquals(400, post("/unsubscribe?email=karl%40example.org&token=" + token, "List-Unsubscribe=One-Click").statusCode());
        assertEquals(400, post("/unsubscribe?u=forged", "List-Unsubscribe=One-Click").statusCode());
        assertEquals(400, get("/unsubscribe?email=karl%40example.org&token=" + token).statusCode());
        assertEquals(400, post("/unsubscribe?email=zoe%40example.org&token=" + token, "something=else").statusCode());
        assertEquals(1, events.size());
    }

    @Test
    void aTenMegabyteBodyIsRefusedBeforeItIsRead() throws Exception {
        start();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), service.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /subscribe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 10485760\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", status);
        }
        assertFalse(log.toString().contains("Exception"), log.toString());
    }

    @Test
    void theSiteIsServedWithOnlyTheArchivesSearchScriptAndNothingOutsideIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path site = java.nio.file.Files.createDirectories(dir.resolve("site"));
        java.nio.file.Files.writeString(site.resolve("index.html"), "<html><body>the archive</body></html>");
        java.nio.file.Files.writeString(dir.resolve("secret.txt"), "not for readers");
        start(SignupLimits.Rules.DEFAULT, Set.of(), site, ServeServer.Limits.DEFAULT);
        HttpResponse<String> index = get("/");
        assertEquals(200, index.statusCode());
        assertTrue(index.body().contains("the archive"));
        assertTrue(index.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'none'"));
        String csp = index.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("; script-src " + dev.tidings.render.SearchIndex.SCRIPT_CSP_SOURCE + ";"), csp);
        assertEquals(1, csp.split("'sha256-", -1).length - 1, "the archive's search script alone, by its hash: " + csp);
        assertFalse(csp.matches(".*script-src[^;]*('self'|'unsafe-inline'|https?:|\\*).*"), "no other script: " + csp);
        assertEquals(404, get("/missing.html").statusCode());
        assertEquals(200, get("/subscribe").statusCode(), "the routes come first");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), service.port())) {
            socket.getOutputStream().write("GET /../secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertFalse(answer.contains("not for readers"), answer);
        }
    }

    @Test
    void aClientThatDripsItsHeaderIsDroppedAtTheDeadline() throws Exception {
        start(SignupLimits.Rules.DEFAULT, Set.of(), null,
                new ServeServer.Limits(8 * 1024, 16 * 1024, Duration.ofSeconds(1), Duration.ofSeconds(60), 64, 16));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), service.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /subscribe HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            // One byte every 200 ms resets an idle timeout for ever; the header deadline ends it.
            try {
                for (int i = 0; i < 300; i++) {
                    out.write('X');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (java.io.IOException closed) {
                // the server closed the connection: what this test waits for
            }
            assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(55), "dropped long before the idle timeout");
        }
    }
}
