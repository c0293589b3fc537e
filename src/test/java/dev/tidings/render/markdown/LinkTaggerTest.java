package dev.tidings.render.markdown;

import dev.tidings.digest.Digest;
import dev.tidings.digest.load.DigestLoader;
import dev.tidings.render.IssueRenderer;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;
import dev.tidings.render.RenderedEmail;
import dev.tidings.render.TemplateSet;
import dev.tidings.render.UnsubscribeLinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkTaggerTest {
    @TempDir
    Path dir;

    @Test
    void addsTheParametersKeepingQueriesFragmentsAndTheEditorsOwn() throws IOException {
        UnaryOperator<String> tagger = LinkTagger.forDigest(sampleWithUtm());
        assertEquals("https://example.org/a?utm_source=trainingzone&utm_medium=email&utm_campaign=social-learning-2",
                tagger.apply("https://example.org/a"));
        assertEquals("https://example.org/a?x=1&utm_source=trainingzone&utm_medium=email&utm_campaign=social-learning-2#part",
                tagger.apply("https://example.org/a?x=1#part"));
        assertEquals("https://example.org/a?utm_source=partner&utm_medium=email&utm_campaign=social-learning-2",
                tagger.apply("https://example.org/a?utm_source=partner"), "the editor's own parameter stays");
        assertEquals("mailto:a@example.org", tagger.apply("mailto:a@example.org"));
    }

    @Test
    void withoutUtmLinksAreLeftAlone() {
        Digest digest = new DigestLoader().load(Path.of("samples/social-learning-2.yaml")).valid();
        assertEquals("https://example.org/a", LinkTagger.forDigest(digest).apply("https://example.org/a"));
    }

    /** End to end: articles, sections, call-outs and Markdown links are tagged in both versions; footer links are not. */
    @Test
    void theRenderedEmailTagsTheContentsLinksOnly() throws IOException {
        Digest digest = sampleWithUtm();
        PreparedIssue issue = new IssueRenderer().prepare(digest, TemplateSet.defaultTheme(), UnsubscribeLinks.forDigest(digest, "s"));
        RenderedEmail email = issue.renderOne(Recipient.sample());
        String tag = "utm_source=trainingzone&amp;utm_medium=email&amp;utm_campaign=social-learning-2";
        assertTrue(email.html().contains("social-learning-for-a-social-workplace?" + tag), "an article");
        assertTrue(email.html().contains("issues/social-learning-1?" + tag), "a section link");
        assertTrue(email.html().contains("social-learning-twitter-chat?" + tag), "a call-out");
        assertTrue(email.html().contains("www.example.org/c4lpt?" + tag), "a link in Markdown (the bio)");
        assertTrue(email.text().contains("social-learning-for-a-social-workplace?utm_source=trainingzone&utm_medium=email"), email.text());
        assertTrue(email.html().contains("href=\"" + email.unsubscribeLink().replace("&", "&amp;") + "\""),
                "the unsubscribe link is not the content's: no UTM tags on it");
    }

    private Digest sampleWithUtm() throws IOException {
        Path digest = dir.resolve("social-learning-2.yaml");
        Files.writeString(digest, Files.readString(Path.of("samples/social-learning-2.yaml")).replace(
                "  footer: |", "  utm: { source: trainingzone, medium: email, campaign: \"{issue.id}\" }\n  footer: |"));
        return new DigestLoader().load(digest).valid();
    }
}
