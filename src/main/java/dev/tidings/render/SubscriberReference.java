package dev.tidings.render;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * The {@code {subscriber}} of an unsubscribe URL served by {@code tidings serve}: the address
 * sealed so that it is neither readable in the URL (SpamAssassin scores {@code email=ADDRESS} in
 * links, and a URL lands in proxy logs) nor forgeable. The same address always gives the same
 * reference, so a message renders the same twice and the stencil fast path and the full render agree.
 *
 * <p>Deterministic authenticated encryption by the SIV construction (RFC 5297's idea, with
 * primitives every Java has): {@code siv = HMAC-SHA256(macKey, address)[0..16]}, then the address
 * encrypted with AES-256-CTR under {@code encKey} with {@code siv} as the counter block. Opening
 * decrypts and recomputes the HMAC, compared in constant time; a changed byte anywhere fails it.
 * The format, in unpadded base64url: {@code 0x01 || siv(16) || ciphertext(len(address))}. Both keys
 * are derived from TIDINGS_SECRET for this purpose only ({@link PurposeKey}).
 */
public final class SubscriberReference {
    private static final byte VERSION = 1;
    private static final int SIV_BYTES = 16;

    private final SecretKeySpec encKey;
    private final SecretKeySpec macKey;

    private SubscriberReference(String secret) {
        this.encKey = new SecretKeySpec(PurposeKey.derive(secret, "tidings unsubscribe reference: encryption"), "AES");
        this.macKey = new SecretKeySpec(PurposeKey.derive(secret, "tidings unsubscribe reference: authentication"), "HmacSHA256");
    }

    public static SubscriberReference withSecret(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a subscriber reference needs a secret");
        }
        return new SubscriberReference(secret);
    }

    /** The reference of this address, as it is written in the list (case kept: the list compares ignoring it). */
    public String seal(String email) {
        byte[] plain = email.strip().getBytes(StandardCharsets.UTF_8);
        byte[] siv = siv(plain);
        byte[] sealed = new byte[1 + SIV_BYTES + plain.length];
        sealed[0] = VERSION;
        System.arraycopy(siv, 0, sealed, 1, SIV_BYTES);
        System.arraycopy(ctr(siv, plain), 0, sealed, 1 + SIV_BYTES, plain.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    }

    /** The address this reference was made for, or null when it is not one of ours (forged, altered, another secret's). */
    public String open(String reference) {
        if (reference == null || reference.length() > 1024) {
            return null;
        }
        byte[] sealed;
        try {
            sealed = Base64.getUrlDecoder().decode(reference);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (sealed.length < 1 + SIV_BYTES + 3 || sealed[0] != VERSION) {
            return null;
        }
        byte[] siv = Arrays.copyOfRange(sealed, 1, 1 + SIV_BYTES);
        byte[] plain = ctr(siv, Arrays.copyOfRange(sealed, 1 + SIV_BYTES, sealed.length));
        if (!MessageDigest.isEqual(siv, siv(plain))) {
            return null;
        }
        return new String(plain, StandardCharsets.UTF_8);
    }

    private byte[] siv(byte[] plain) {
        return Arrays.copyOf(PurposeKey.hmac(macKey).doFinal(plain), SIV_BYTES);
    }

    /** AES-CTR is its own inverse. A new Cipher each time: one is not thread-safe, and this runs on every sending thread. */
    private byte[] ctr(byte[] siv, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encKey, new IvParameterSpec(siv));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is missing from this Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "SubscriberReference[secret hidden]";
    }
}
