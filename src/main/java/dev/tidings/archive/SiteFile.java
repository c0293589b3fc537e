package dev.tidings.archive;

import java.nio.charset.StandardCharsets;

/**
 * One file of the site.
 *
 * @param path    relative to the site's root, with "/" ("winter-gathering/index.html")
 * @param content the exact bytes to publish
 */
public record SiteFile(String path, byte[] content) {
    static SiteFile text(String path, String content) {
        return new SiteFile(path, content.getBytes(StandardCharsets.UTF_8));
    }
}
