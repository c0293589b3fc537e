package dev.tidings.render.markdown;

import dev.tidings.digest.Digest;
import dev.tidings.digest.Utm;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Adds the newsletter's UTM parameters to the content's outbound links, when it has some: the
 * whole of tidings' "tracking". No pixels, no redirects through a tracking domain: the reader's
 * click goes straight to the article, and the article's own analytics sees where it came from.
 * Parameters a link already has are left as the editor wrote them.
 */
public final class LinkTagger implements UnaryOperator<String> {
    private final Map<String, String> parameters;

    private LinkTagger(Map<String, String> parameters) {
        this.parameters = parameters;
    }

    /** The tagger for a digest: the identity when its newsletter has no {@code utm:}. */
    public static UnaryOperator<String> forDigest(Digest digest) {
        Utm utm = digest.newsletter().utm();
        if (utm == null) {
            return UnaryOperator.identity();
        }
        String id = digest.issue().id();
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "utm_source", utm.source(), id);
        put(parameters, "utm_medium", utm.medium(), id);
        put(parameters, "utm_campaign", utm.campaign(), id);
        put(parameters, "utm_term", utm.term(), id);
        put(parameters, "utm_content", utm.content(), id);
        return new LinkTagger(parameters);
    }

    private static void put(Map<String, String> parameters, String name, String value, String issueId) {
        if (value != null) {
            parameters.put(name, value.replace("{issue.id}", issueId));
        }
    }

    @Override
    public String apply(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
            return url; // mailto: and the like carry no campaign
        }
        int hash = url.indexOf('#');
        String fragment = hash < 0 ? "" : url.substring(hash);
        String base = hash < 0 ? url : url.substring(0, hash);
        StringBuilder tagged = new StringBuilder(base);
        char separator = base.indexOf('?') < 0 ? '?' : '&';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (!hasParameter(base, parameter.getKey())) {
                tagged.append(separator).append(parameter.getKey()).append('=')
                        .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return tagged.append(fragment).toString();
    }

    private static boolean hasParameter(String url, String name) {
        int query = url.indexOf('?');
        if (query < 0) {
            return false;
        }
        for (String pair : url.substring(query + 1).split("&")) {
            if (pair.equals(name) || pair.startsWith(name + "=")) {
                return true;
            }
        }
        return false;
    }
}
