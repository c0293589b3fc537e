package dev.tidings.digest.load;

import dev.tidings.digest.FieldChecks;
import dev.tidings.digest.Newsletter;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code newsletter.bounce_address}, the envelope sender: a bare address, and {@code {token}} (VERP)
 * only once and only in the local part, which with the token in it must stay within RFC 5321's 64
 * octets (4.5.3.1.1): relays refuse a longer MAIL FROM. Checked with a token's real length in place
 * of the placeholder, since the placeholder (7 characters) is shorter than any token.
 */
final class BounceAddressRule {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

    private BounceAddressRule() {
    }

    /** What is wrong with the value, or null when nothing is (or there is no value). */
    static String problem(String value) {
        if (value == null) {
            return null;
        }
        int at = value.lastIndexOf('@');
        int token = value.indexOf(Newsletter.BOUNCE_TOKEN);
        if (token >= 0 && (value.indexOf(Newsletter.BOUNCE_TOKEN, token + 1) >= 0 || at >= 0 && token > at)) {
            return Newsletter.BOUNCE_TOKEN + " may appear once, in the part before the @ (bounces+{token}@example.org)";
        }
        Matcher placeholders = PLACEHOLDER.matcher(value.replace(Newsletter.BOUNCE_TOKEN, ""));
        if (placeholders.find()) {
            return "unknown placeholder {" + placeholders.group(1) + "}; a bounce address may use {token}";
        }
        String sample = value.replace(Newsletter.BOUNCE_TOKEN, "a".repeat(Newsletter.BOUNCE_TOKEN_LENGTH));
        String problem = FieldChecks.headerTextProblem(sample);
        if (problem == null) {
            problem = FieldChecks.addressProblem(sample, false);
        }
        int local = sample.lastIndexOf('@');
        if (problem == null && local > 64) {
            problem = "has a local part of " + local + " octets" + (token >= 0 ? " with its " + Newsletter.BOUNCE_TOKEN_LENGTH
                    + "-character token" : "") + "; RFC 5321 allows at most 64 (shorten the part before the @)";
        }
        return problem;
    }
}
