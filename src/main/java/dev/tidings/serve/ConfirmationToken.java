package dev.tidings.serve;

import dev.tidings.render.PurposeKey;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The {@code t} of a confirmation link: a pending signup sealed with AES-256-GCM, so that nothing
 * is stored until the reader confirms (a form flooded with signups fills no table), the address is
 * not readable in the link, and no link can be made or altered without TIDINGS_SECRET.
 *
 * <p>Format, in unpadded base64url: {@code 0x01 || nonce(12, random) || AES-GCM(key, nonce,
 * aad="tidings confirm 1", plaintext) || tag(16)}, the plaintext being the issue time (8 bytes, epoch
 * seconds) and three UTF-8 strings each after its 2-byte length: address, name (empty for none),
 * source. The key is derived from the secret for this purpose only ({@link PurposeKey}), so an
 * unsubscribe reference can never pass for a confirmation. GCM's tag is checked in constant time by
 * the JDK. A token is refused when older than its lifetime, or issued more than a minute ahead.
 *
 * <p>The undo on the unsubscribe page is sealed the same way for another {@link Purpose} (its own
 * key and associated data, so neither token passes for the other) and lives an hour: the footer's
 * permanent reference must not subscribe anyone again (red team 19, finding 1).
 */
final class ConfirmationToken {
    static final Duration LIFETIME = Duration.ofDays(7);
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** What a token says, once opened. */
    record Signup(String email, String name, String source, Instant issued) {
    }

    /** What a token is for: each has its own key and associated data, and its own lifetime. */
    enum Purpose {
        CONFIRM("tidings serve: confirmation token", "tidings confirm 1", LIFETIME),
        RESUBSCRIBE("tidings serve: resubscribe token", "tidings resubscribe 1", Duration.ofHours(1));

        private final String keyLabel;
        private final byte[] aad;
        final Duration lifetime;

        Purpose(String keyLabel, String aad, Duration lifetime) {
            this.keyLabel = keyLabel;
            this.aad = aad.getBytes(StandardCharsets.US_ASCII);
            this.lifetime = lifetime;
        }
    }

    /** Why a token was refused: the page says what to do for each. */
    enum Refusal { MALFORMED, EXPIRED }

    /** The outcome of opening: a signup, or a refusal. */
    record Opened(Signup signup, Refusal refusal) {
    }

    private final SecretKeySpec key;
    private final byte[] aad;
    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    ConfirmationToken(String secret, Purpose purpose, Clock clock) {
        this.key = new SecretKeySpec(PurposeKey.derive(secret, purpose.keyLabel), "AES");
        this.aad = purpose.aad;
        this.clock = clock;
        this.lifetime = purpose.lifetime;
    }

    String seal(String email, String name, String source) {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        plain.writeBytes(ByteBuffer.allocate(8).putLong(clock.instant().getEpochSecond()).array());
        for (String value : new String[]{email, name == null ? "" : name, source}) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            plain.writeBytes(new byte[]{(byte) (bytes.length >> 8), (byte) bytes.length});
            plain.writeBytes(bytes);
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(plain.toByteArray());
            ByteBuffer token = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(token.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is missing from this Java runtime", e);
        }
    }

    Opened open(String token) {
        byte[] bytes = decode(token);
        if (bytes == null || bytes.length < 1 + NONCE_BYTES + TAG_BITS / 8 + 14 || bytes[0] != VERSION) {
            return new Opened(null, Refusal.MALFORMED);
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 1, NONCE_BYTES));
            cipher.updateAAD(aad);
            plain = cipher.doFinal(bytes, 1 + NONCE_BYTES, bytes.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            return new Opened(null, Refusal.MALFORMED);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is missing from this Java runtime", e);
        }
        Signup signup = parse(ByteBuffer.wrap(plain));
        if (signup == null) {
            return new Opened(null, Refusal.MALFORMED);
        }
        Instant now = clock.instant();
        if (signup.issued().plus(lifetime).isBefore(now) || signup.issued().isAfter(now.plusSeconds(60))) {
            return new Opened(signup, Refusal.EXPIRED);
        }
        return new Opened(signup, null);
    }

    private static byte[] decode(String token) {
        if (token == null || token.length() > 2048) {
            return null;
        }
        try {
            return Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Authenticated already, so well-formed unless the format itself changed; checked anyway. */
    private static Signup parse(ByteBuffer plain) {
        try {
            Instant issued = Instant.ofEpochSecond(plain.getLong());
            String email = string(plain);
            String name = string(plain);
            String source = string(plain);
            return plain.hasRemaining() ? null : new Signup(email, name.isEmpty() ? null : name, source, issued);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String string(ByteBuffer plain) {
        int length = (plain.get() & 0xFF) << 8 | plain.get() & 0xFF;
        byte[] bytes = new byte[length];
        plain.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ConfirmationToken[secret hidden]";
    }
}
