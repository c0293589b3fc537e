package dev.tidings.render;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * A key for one purpose, derived from TIDINGS_SECRET with HKDF-SHA256 (RFC 5869): extract with a
 * fixed salt, expand with the purpose as {@code info}. Each use of the secret (sealing the address
 * in an unsubscribe URL, sealing a pending signup) gets its own key, so that what one produces can
 * never be passed off as the other, and the secret itself keys nothing but the HMAC of the
 * {@code {token}} that links already sent carry.
 */
public final class PurposeKey {
    private static final byte[] SALT = "tidings".getBytes(StandardCharsets.US_ASCII);

    private PurposeKey() {
    }

    /** 32 bytes for this purpose (one HKDF-Expand block, {@code T(1)}). */
    public static byte[] derive(String secret, String purpose) {
        byte[] prk = hmac(new SecretKeySpec(SALT, "HmacSHA256")).doFinal(secret.getBytes(StandardCharsets.UTF_8));
        Mac expand = hmac(new SecretKeySpec(prk, "HmacSHA256"));
        expand.update(purpose.getBytes(StandardCharsets.UTF_8));
        return expand.doFinal(new byte[]{1});
    }

    /** An HMAC-SHA256 keyed with {@code key}: not thread-safe, so the tokens keep one per thread. */
    static Mac hmac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }
}
