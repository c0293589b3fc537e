package dev.tidings.render;

import dev.tidings.digest.Newsletter;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;

/**
 * The {@code {token}} of a VERP bounce address ({@code bounces+{token}@example.org}): which issue
 * and which recipient a bounce is about, read back from the address the bounce was sent to, so that
 * it is attributed even when the report is mangled or the recipient forwarded.
 *
 * <p>A local part holds at most 64 octets (RFC 5321 4.5.3.1.1) and an address up to 254, so a token
 * cannot carry the address itself: it carries tags, checked against the send ledger, which records
 * every recipient of every issue. {@code issueTag = HMAC(key, "issue" || 0 || issueId)[0..5]} picks
 * the issue's rows; {@code recipientTag = HMAC(key, "recipient" || 0 || issueId || 0 || address)[0..10]}
 * picks the row and authenticates it: 80 bits that only the holder of TIDINGS_SECRET can compute,
 * so a token cannot be forged for another address, and any altered character fails it. The key is
 * derived for this purpose alone ({@link PurposeKey}).
 *
 * <p>Written in lower-case base32 (RFC 4648's alphabet, lower case, no padding): some MTAs fold a
 * local part to lower case, and a token read back in any case is the same token. 15 bytes make
 * exactly {@link Newsletter#BOUNCE_TOKEN_LENGTH} (24) characters.
 */
public final class BounceToken {
    static final int ISSUE_TAG_BYTES = 5;
    static final int RECIPIENT_TAG_BYTES = Newsletter.BOUNCE_TOKEN_BYTES - ISSUE_TAG_BYTES;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private final SecretKeySpec key;
    /** A Mac per sending thread: a Mac is not thread-safe, and this runs once per message. */
    private final ThreadLocal<Mac> macs;

    private BounceToken(String secret) {
        this.key = new SecretKeySpec(PurposeKey.derive(secret, "tidings bounce address: authentication"), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public static BounceToken withSecret(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a bounce token needs a secret");
        }
        return new BounceToken(secret);
    }

    /** The token of this issue's message to this address (case ignored: the ledger keys addresses in lower case). */
    public String tokenFor(String issueId, String email) {
        byte[] token = new byte[Newsletter.BOUNCE_TOKEN_BYTES];
        System.arraycopy(issueTag(issueId), 0, token, 0, ISSUE_TAG_BYTES);
        System.arraycopy(recipientTag(issueId, email), 0, token, ISSUE_TAG_BYTES, RECIPIENT_TAG_BYTES);
        return base32(token);
    }

    /** The envelope sender of that message: the bounce address with its {@code {token}} replaced. */
    public String address(String bounceAddress, String issueId, String email) {
        return bounceAddress.replace(Newsletter.BOUNCE_TOKEN, tokenFor(issueId, email));
    }

    /** Whether the token names this issue: the first check, which picks the ledger rows worth the second. */
    public boolean namesIssue(String token, String issueId) {
        byte[] bytes = decode(token);
        return bytes != null && MessageDigest.isEqual(Arrays.copyOf(bytes, ISSUE_TAG_BYTES), issueTag(issueId));
    }

    /** Whether the token is this issue's and this recipient's, whatever its case; compared in constant time. */
    public boolean verify(String token, String issueId, String email) {
        byte[] bytes = decode(token);
        return bytes != null && MessageDigest.isEqual(bytes, decode(tokenFor(issueId, email)));
    }

    /** The token in lower case when it has a token's form (length and alphabet, in any case), else null. */
    public static String normalised(String text) {
        if (text == null || text.length() != Newsletter.BOUNCE_TOKEN_LENGTH) {
            return null;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            if (ALPHABET.indexOf(lower.charAt(i)) < 0) {
                return null;
            }
        }
        return lower;
    }

    private byte[] issueTag(String issueId) {
        return tag(ISSUE_TAG_BYTES, "issue", issueId);
    }

    private byte[] recipientTag(String issueId, String email) {
        return tag(RECIPIENT_TAG_BYTES, "recipient", issueId, email.strip().toLowerCase(Locale.ROOT));
    }

    /** HMAC of the parts joined by NUL (which none of them can hold), truncated. */
    private byte[] tag(int bytes, String... parts) {
        Mac mac = macs.get();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                mac.update((byte) 0);
            }
            mac.update(parts[i].getBytes(StandardCharsets.UTF_8));
        }
        return Arrays.copyOf(mac.doFinal(), bytes);
    }

    private Mac newMac() {
        return PurposeKey.hmac(key);
    }

    /** RFC 4648 base32 in lower case, without padding; 15 bytes are exactly 24 characters. */
    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = buffer << 8 | b & 0xff;
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt(buffer >>> bits - 5 & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt(buffer << 5 - bits & 31));
        }
        return out.toString();
    }

    /** The token's bytes, or null when it is not a token's form. */
    private static byte[] decode(String token) {
        String lower = normalised(token);
        if (lower == null) {
            return null;
        }
        byte[] out = new byte[Newsletter.BOUNCE_TOKEN_BYTES];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < lower.length(); i++) {
            buffer = buffer << 5 | ALPHABET.indexOf(lower.charAt(i));
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >>> bits - 8);
                bits -= 8;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "BounceToken[secret hidden]";
    }
}
