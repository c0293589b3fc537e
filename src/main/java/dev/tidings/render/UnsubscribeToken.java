package dev.tidings.render;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * The per-subscriber token in unsubscribe links: HMAC-SHA256 of the lower-cased address with a
 * secret only the sender knows, so that a link cannot be forged to unsubscribe someone else.
 * Whoever serves the unsubscribe URL verifies it with the same secret ({@link #verify}).
 */
public final class UnsubscribeToken {
    /** Visibly fake, so that nobody mistakes a preview's link for a working one. */
    public static final String PLACEHOLDER = "NO-SECRET-SET-TIDINGS_SECRET";

    private final SecretKeySpec key;
    /** A Mac per sending thread: looking one up costs more than the HMAC itself, and a Mac is not thread-safe. */
    private final ThreadLocal<Mac> macs;

    private UnsubscribeToken(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        return PurposeKey.hmac(key);
    }

    /**
     * The shortest secret that signs real links. Whoever holds one link (their own) has a message
     * and its HMAC, and can try keys offline as fast as their hardware goes; a key must make that
     * hopeless: 128 bits. 32 characters carry 128 bits even as hex digits (4 bits each), the least
     * dense form a generated secret takes; {@code openssl rand -base64 32} gives 44 characters.
     */
    public static final int MIN_SECRET_LENGTH = 32;
    /** Fewer different characters than this is a pattern, not a random draw ("xxxx...", "changemechangeme..."). */
    static final int MIN_DISTINCT_CHARACTERS = 8;

    /**
     * Why a secret is too weak to sign the links of real mail, or null when it is not. Nothing can
     * measure the randomness of a string; this refuses what is surely weak: too short to hold 128
     * bits, or a short pattern repeated. A random 32-hex-digit secret has fewer than 8 different
     * digits with a probability of about 4 in 100 million.
     */
    public static String weakness(String secret) {
        int length = secret.codePointCount(0, secret.length());
        if (length < MIN_SECRET_LENGTH) {
            return "is shorter than " + MIN_SECRET_LENGTH + " characters";
        }
        if (secret.codePoints().distinct().count() < MIN_DISTINCT_CHARACTERS) {
            return "has fewer than " + MIN_DISTINCT_CHARACTERS + " different characters";
        }
        return null;
    }

    /** The bytes of a new secret: 256 bits, twice the least ({@link #MIN_SECRET_LENGTH}), as {@code openssl rand 32} gives. */
    static final int NEW_SECRET_BYTES = 32;

    /**
     * A new secret for {@code TIDINGS_SECRET}: 256 random bits from the system's strong source, in
     * base64url without padding (43 characters), which needs no quoting in a shell or an env file.
     * Drawn again in the (about 1 in 10^30) case that {@link #weakness} would refuse it, so that
     * what this makes is always accepted.
     */
    public static String newSecret() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[NEW_SECRET_BYTES];
        String secret;
        do {
            random.nextBytes(bytes);
            secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (weakness(secret) != null);
        return secret;
    }

    /** A token maker for this secret, or null-object behaviour when there is none ({@link #placeholder()}). */
    public static UnsubscribeToken withSecret(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("an unsubscribe secret must not be empty");
        }
        return new UnsubscribeToken(secret.getBytes(StandardCharsets.UTF_8));
    }

    public String tokenFor(String email) {
        byte[] digest = macs.get().doFinal(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** Constant-time comparison, so that response timing does not reveal how much of a guess was right. */
    public boolean verify(String email, String token) {
        byte[] expected = tokenFor(email).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }

    @Override
    public String toString() {
        return "UnsubscribeToken[secret hidden]";
    }
}
