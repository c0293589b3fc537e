package dev.tidings.mail.dkim;

import dev.tidings.TidingsException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A DKIM private key read from a PEM file: PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or Ed25519, what
 * {@code openssl genpkey} and {@code tidings dkim keygen} write) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY},
 * what {@code opendkim-genkey} writes). Read with the JDK alone: a PKCS#1 key is wrapped into the
 * PKCS#8 structure that its KeyFactory takes (RFC 5208 5), a few bytes of DER, rather than pulling in
 * BouncyCastle for its PEM parser. The key's bytes never reach a message: problems say what the file
 * is, not what it holds.
 *
 * @param algorithm the DKIM a= tag: {@code rsa-sha256} or {@code ed25519-sha256} (RFC 8463)
 * @param bits      the RSA modulus size, or 256 for Ed25519
 */
public record DkimKey(PrivateKey key, String algorithm, int bits) {
    /** RFC 8301 3.2 requires 1024 bits at least; Gmail's sender guidelines ask for 2048, and so do we. */
    public static final int MIN_RSA_BITS = 2048;
    /** A PEM key of 16384 bits is about 13 KB; anything far larger is not a key file. */
    private static final long MAX_FILE_BYTES = 64 * 1024;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final byte[] RSA_ALGORITHM_IDENTIFIER = {
            0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    /** Why a key file cannot be used, as the end of a sentence about the file (never with the key's content). */
    public static final class Unusable extends Exception {
        Unusable(String message) {
            super(message, null, false, false);
        }
    }

    public static DkimKey read(Path file) throws Unusable {
        String pem;
        try {
            if (!Files.isRegularFile(file)) {
                throw new Unusable(Files.exists(file) ? "is not a regular file" : "does not exist");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new Unusable("is " + Files.size(file) + " bytes, too large for a PEM private key");
            }
            pem = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new Unusable("cannot be read (" + TidingsException.reason(e) + ")");
        }
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            return of(wrapPkcs1(body(pem, "RSA PRIVATE KEY")));
        }
        if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
            return of(body(pem, "PRIVATE KEY"));
        }
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new Unusable("holds an encrypted private key; tidings needs it unencrypted"
                    + " (openssl pkcs8 -in KEY -out NEW.pem), readable by its owner alone");
        }
        if (pem.contains("PUBLIC KEY-----")) {
            throw new Unusable("holds a public key; DKIM signing needs the private key (BEGIN PRIVATE KEY)");
        }
        throw new Unusable("is not a PEM private key (no BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY line);"
                + " make one with tidings dkim keygen");
    }

    /** The key from PKCS#8 DER: RSA (at least {@link #MIN_RSA_BITS}) or Ed25519; anything else is refused. */
    static DkimKey of(byte[] pkcs8) throws Unusable {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        try {
            RSAPrivateKey rsa = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(spec);
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new Unusable("holds a " + bits + "-bit RSA key; DKIM keys need " + MIN_RSA_BITS
                        + " bits at least (RFC 8301 forbids fewer than 1024, Gmail asks for 2048): make a new one with tidings dkim keygen");
            }
            return new DkimKey(rsa, "rsa-sha256", bits);
        } catch (GeneralSecurityException | ClassCastException notRsa) {
            // not RSA: Ed25519 is the other algorithm DKIM has (RFC 8463)
        }
        try {
            return new DkimKey(KeyFactory.getInstance("Ed25519").generatePrivate(spec), "ed25519-sha256", 256);
        } catch (GeneralSecurityException notEd25519) {
            throw new Unusable("holds no RSA or Ed25519 private key that Java can read (DKIM signs with those two alone)");
        }
    }

    /** The base64 between the BEGIN and END lines of {@code label}, decoded. */
    private static byte[] body(String pem, String label) throws Unusable {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin) + begin.length();
        int to = pem.indexOf(end, from);
        if (to < 0) {
            throw new Unusable("has no " + end + " line: the key is cut short");
        }
        String base64 = pem.substring(from, to);
        if (base64.contains(":")) {
            throw new Unusable("holds an encrypted key (Proc-Type/DEK-Info headers); tidings needs it unencrypted");
        }
        try {
            // Strict, not the MIME decoder: that one skips any character it does not know, so damage would pass unseen.
            return Base64.getDecoder().decode(WHITESPACE.matcher(base64).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw new Unusable("has a damaged key (its base64 does not decode)");
        }
    }

    /** PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER 0, rsaEncryption, OCTET STRING { key } }. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] octets = tagged(0x04, pkcs1);
        byte[] content = new byte[3 + RSA_ALGORITHM_IDENTIFIER.length + octets.length];
        content[0] = 0x02;
        content[1] = 0x01;
        content[2] = 0x00;
        System.arraycopy(RSA_ALGORITHM_IDENTIFIER, 0, content, 3, RSA_ALGORITHM_IDENTIFIER.length);
        System.arraycopy(octets, 0, content, 3 + RSA_ALGORITHM_IDENTIFIER.length, octets.length);
        return tagged(0x30, content);
    }

    /** A DER element: tag, definite length (short or long form), content. */
    private static byte[] tagged(int tag, byte[] content) {
        int length = content.length;
        int lengthBytes = length < 0x80 ? 0 : length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
        byte[] out = new byte[2 + lengthBytes + length];
        out[0] = (byte) tag;
        if (lengthBytes == 0) {
            out[1] = (byte) length;
        } else {
            out[1] = (byte) (0x80 | lengthBytes);
            for (int i = 0; i < lengthBytes; i++) {
                out[2 + i] = (byte) (length >>> (8 * (lengthBytes - 1 - i)));
            }
        }
        System.arraycopy(content, 0, out, 2 + lengthBytes, length);
        return out;
    }

    @Override
    public String toString() {
        return "DkimKey[" + algorithm + ", " + bits + " bits]"; // never the key
    }
}
