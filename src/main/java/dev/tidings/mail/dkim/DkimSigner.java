package dev.tidings.mail.dkim;

import dev.tidings.mail.mime.MessageSigner;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Signs each message with DKIM (RFC 6376): a {@code DKIM-Signature} header on top, relaxed/relaxed,
 * with RSA-SHA256 or Ed25519-SHA256 (RFC 8463), through the JDK's own JCA.
 *
 * <p>No library: Simple Java Mail's DKIM module signs a Jakarta MimeMessage while it is written
 * (our messages are bytes already, see {@code MessageBuilder}) and brings BouncyCastle; Apache
 * jDKIM signs RSA only. What is left is small: two canonicalisations, two hashes, one signature.
 * It is checked against an independent verifier (dkimpy, {@code DkimVerifyIT}).
 *
 * <p>The headers signed are those a reader sees and the ones RFC 8058 requires signed
 * ({@code List-Unsubscribe}, {@code List-Unsubscribe-Post}). Each name is listed once more than it
 * occurs (RFC 6376 8.15, "over-signing"): a copy added on the way, a second From or List-Unsubscribe
 * that a client might show instead, or one that was absent (a Reply-To), breaks the signature.
 *
 * <p>What is the same for every message is made once per key: the tags before {@code h=}, and per
 * thread, a {@link Signature} initialised with the key (initialising one re-derives key material).
 */
public final class DkimSigner implements MessageSigner {
    static final List<String> SIGNED = List.of("from", "reply-to", "to", "subject", "date", "message-id", "mime-version",
            "content-type", "list-id", "list-unsubscribe", "list-unsubscribe-post");
    /** Lines of the signature header are folded before this many characters (RFC 5322 2.1.1's 78, with room). */
    private static final int FOLD_AT = 76;

    private final DkimKey key;
    private final Clock clock;
    private final String tagsBefore;
    private final ThreadLocal<Signature> signatures;
    private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(DkimSigner::sha256);

    /**
     * @param domain   the signing domain (d=), in its ASCII form
     * @param selector the selector (s=)
     */
    public DkimSigner(DkimKey key, String domain, String selector, Clock clock) {
        this.key = key;
        this.clock = clock;
        this.tagsBefore = "DKIM-Signature: v=1; a=" + key.algorithm() + "; c=relaxed/relaxed; d=" + domain.toLowerCase(Locale.ROOT)
                + "; s=" + selector + ";";
        this.signatures = ThreadLocal.withInitial(this::initialisedSignature);
    }

    @Override
    public byte[] signatureHeader(byte[] message, int bodyStart, int end) {
        MessageDigest digest = sha256.get();
        RelaxedCanonical.body(message, bodyStart, end, digest);
        String bodyHash = Base64.getEncoder().encodeToString(digest.digest());
        List<String> fields = HeaderFields.split(message, bodyStart);
        StringBuilder signed = new StringBuilder(1024);
        List<String> names = new ArrayList<>();
        for (String name : SIGNED) {
            List<String> copies = HeaderFields.named(fields, name);
            // From the bottom up (RFC 6376 5.4.2); the last name of each run matches none: the over-signing.
            for (int i = copies.size() - 1; i >= 0; i--) {
                signed.append(RelaxedCanonical.header(copies.get(i)));
                names.add(name);
            }
            names.add(name);
        }
        String header = unsigned(names, bodyHash);
        signed.append(RelaxedCanonical.header(header), 0, RelaxedCanonical.header(header).length() - 2); // no CRLF after it (3.7)
        String b = Base64.getEncoder().encodeToString(sign(signed.toString().getBytes(StandardCharsets.US_ASCII)));
        return (header + folded(b, lastLineLength(header)) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The signature header with an empty b= at its end, folded: the text that is signed, and then completed. */
    private String unsigned(List<String> names, String bodyHash) {
        StringBuilder header = new StringBuilder(512).append(tagsBefore);
        header.append("\r\n\tt=").append(clock.instant().getEpochSecond()).append("; h=");
        int line = "\tt=0000000000; h=".length();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i) + (i < names.size() - 1 ? ":" : ";");
            if (line + name.length() > FOLD_AT) {
                header.append("\r\n\t ");
                line = 2;
            }
            header.append(name);
            line += name.length();
        }
        return header.append("\r\n\tbh=").append(bodyHash).append(";\r\n\tb=").toString();
    }

    /** The b= value in lines that fit; whitespace inside b= is ignored by verifiers (RFC 6376 3.5). */
    private static String folded(String value, int firstLine) {
        StringBuilder out = new StringBuilder(value.length() + 32);
        int room = FOLD_AT - firstLine;
        int i = 0;
        while (value.length() - i > room) {
            out.append(value, i, i + room).append("\r\n\t ");
            i += room;
            room = FOLD_AT - 2;
        }
        return out.append(value, i, value.length()).toString();
    }

    private static int lastLineLength(String header) {
        return header.length() - header.lastIndexOf('\n') - 1 + 1; // a tab counts as one
    }

    /**
     * RSA: SHA256withRSA over the canonical headers. Ed25519: the signature is over their SHA-256
     * hash, not over the data itself (RFC 8463 3: "the Ed25519 algorithm ... signs the SHA-256 hash").
     */
    private byte[] sign(byte[] data) {
        try {
            Signature signature = signatures.get();
            if (key.algorithm().startsWith("ed25519")) {
                MessageDigest digest = sha256.get();
                signature.update(digest.digest(data));
            } else {
                signature.update(data);
            }
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with a key that was checked when read failed", e);
        }
    }

    private Signature initialisedSignature() {
        try {
            Signature signature = Signature.getInstance(key.algorithm().startsWith("ed25519") ? "Ed25519" : "SHA256withRSA");
            signature.initSign(key.key());
            return signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot sign with " + key.algorithm(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
