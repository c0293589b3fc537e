package dev.tidings.render;

import dev.tidings.digest.Digest;
import dev.tidings.digest.load.DigestLoader;
import dev.tidings.digest.load.LoadedDigest;
import dev.tidings.subscribers.SubscriberReader;
import dev.tidings.subscribers.SubscriberRow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/** The sample digest and list, variants of the digest, and small themes: what the render tests build on. */
public final class RenderFixtures {
    public static final Path SAMPLE = Path.of("samples/social-learning-2.yaml");
    public static final Path SUBSCRIBERS = Path.of("samples/subscribers.csv");
    /** The sample's unsubscribe URL line: the address sealed, {subscriber}, not in clear (SpamAssassin scores email=ADDRESS). */
    public static final String SAMPLE_UNSUBSCRIBE_LINE = "    url: \"https://trainingzone.example/unsubscribe?u={subscriber}\"\n";
    /** The same with the address in clear and a signed token, for the tests of those two placeholders. */
    public static final String EMAIL_TOKEN_UNSUBSCRIBE_LINE = "    url: \"https://trainingzone.example/unsubscribe?email={email}&token={token}\"\n";
    /** The secret the goldens were rendered with; any fixed value will do, this one is only for tests. */
    public static final String TEST_SECRET = "tidings-test-secret-not-for-production";

    private RenderFixtures() {
    }

    /** The sample with its unsubscribe URL in the {email}-and-{token} form, written to {@code dir/name}. */
    public static Path sampleWithEmailAndToken(Path dir, String name, String... fromTo) {
        String[] all = new String[fromTo.length + 2];
        all[0] = SAMPLE_UNSUBSCRIBE_LINE;
        all[1] = EMAIL_TOKEN_UNSUBSCRIBE_LINE;
        System.arraycopy(fromTo, 0, all, 2, fromTo.length);
        return sampleWith(dir, name, all);
    }

    /**
     * Writes the sample digest to {@code dir/name} with each text in {@code fromTo} replaced by the
     * text after it; each text to replace must occur exactly once, so a test cannot silently test nothing.
     */
    public static Path sampleWith(Path dir, String name, String... fromTo) {
        try {
            String text = Files.readString(SAMPLE);
            for (int i = 0; i < fromTo.length; i += 2) {
                assertEquals(1, text.split(Pattern.quote(fromTo[i]), -1).length - 1,
                        "the sample digest should contain exactly once: " + fromTo[i]);
                text = text.replace(fromTo[i], fromTo[i + 1]);
            }
            Path file = dir.resolve(name);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A digest that must load without errors. */
    public static Digest load(Path file) {
        LoadedDigest loaded = new DigestLoader().load(file);
        assertFalse(loaded.hasErrors(), () -> file + " should be valid: " + loaded.problems());
        return loaded.valid();
    }

    /** Every valid row of the sample list, subscribed or not: all of them must render alike. */
    public static List<Recipient> sampleRecipients() {
        List<Recipient> recipients = new ArrayList<>();
        try (SubscriberReader reader = new SubscriberReader(SUBSCRIBERS)) {
            for (SubscriberRow row = reader.next(); row != null; row = reader.next()) {
                if (row.valid()) {
                    recipients.add(Recipient.of(row.subscriber()));
                }
            }
        }
        return recipients;
    }

    public static PreparedIssue prepare(Digest digest, TemplateSet templates, String secret) {
        return new IssueRenderer().prepare(digest, templates, UnsubscribeLinks.forDigest(digest, secret));
    }

    /** A theme directory {@code dir/name} holding the two templates (a null template is left out). */
    public static Path theme(Path dir, String name, String html, String text) {
        try {
            Path theme = dir.resolve(name);
            Files.createDirectories(theme);
            if (html != null) {
                Files.writeString(theme.resolve(TemplateSet.HTML_TEMPLATE), html);
            }
            if (text != null) {
                Files.writeString(theme.resolve(TemplateSet.TEXT_TEMPLATE), text);
            }
            return theme;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * assertEquals for long documents: on a difference it shows where the two first differ rather
     * than both documents in full, which for 25 KB of HTML is unreadable.
     */
    public static void assertSameDocument(String expected, String actual, Supplier<String> what) {
        if (expected.equals(actual)) {
            return;
        }
        int at = 0;
        while (at < expected.length() && at < actual.length() && expected.charAt(at) == actual.charAt(at)) {
            at++;
        }
        fail(what.get() + ": the documents differ at character " + at + " (lengths " + expected.length() + " and "
                + actual.length() + ")\n  expected: ..." + around(expected, at) + "...\n  actual:   ..." + around(actual, at) + "...");
    }

    private static String around(String text, int at) {
        return text.substring(Math.max(0, at - 60), Math.min(text.length(), at + 60)).replace("\n", "\\n");
    }

    /**
     * Whether the recipient's HTML came from its shape's stencil, seen from the public face alone:
     * lines without personal values filled from one stencil are the same String instances in every
     * email of the shape, while lines split from HTML inlined in full are each email's own.
     */
    public static boolean htmlFromStencil(PreparedIssue issue, Recipient recipient) {
        return sharesLines(issue.render(recipient).htmlLines(), issue.render(recipient).htmlLines());
    }

    /** The same for the plain text and its {@code TextStencil}. */
    public static boolean textFromStencil(PreparedIssue issue, Recipient recipient) {
        return sharesLines(issue.render(recipient).textLines(), issue.render(recipient).textLines());
    }

    /** Whether some non-empty line is one String instance in both (the JDK shares only the empty string). */
    public static boolean sharesLines(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (a.get(i) == b.get(i) && !a.get(i).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** A minimal text template that satisfies the pre-flight checks for any HTML template. */
    public static String plainTextTemplate() {
        return """
                ${issue.title}

                <#list issue.items as item>
                ${item.number}. ${item.title} <${item.url}>
                </#list>
                Unsubscribe: <${links.unsubscribe}>
                ${newsletter.postal_address}
                """;
    }
}
