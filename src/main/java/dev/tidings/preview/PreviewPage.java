package dev.tidings.preview;

import freemarker.core.HTMLOutputFormat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The preview page: one self-contained HTML file with its script, shipped in the jar. */
final class PreviewPage {
    private static final String TEMPLATE = load("/dev/tidings/preview/preview.html");
    /** The page's own script and style, by hash, and nothing else (the digest's name is escaped into the title and heading only). */
    static final String CSP = Csp.page(TEMPLATE);

    private PreviewPage() {
    }

    static String html(String digestName) {
        return TEMPLATE.replace("{{digest}}", HTMLOutputFormat.INSTANCE.escapePlainText(digestName));
    }

    static String load(String resource) {
        try (InputStream in = PreviewPage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
