package dev.tidings.mail.dkim;

import dev.tidings.TidingsException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * {@code tidings dkim keygen}: a new key pair, the private half written as PKCS#8 PEM (what
 * {@link DkimKey} and {@code openssl} read) to a file created readable by its owner alone, and the
 * DNS TXT record of the public half (RFC 6376 3.6.1).
 *
 * @param keyFile the private key file written
 * @param record  the TXT record's name ({@code SELECTOR._domainkey.DOMAIN.})
 * @param value   the TXT record's value ({@code v=DKIM1; k=...; p=...})
 */
public record DkimKeyGen(Path keyFile, String record, String value) {
    /** A DNS TXT record is a list of strings of at most 255 octets each (RFC 1035 3.3.14); zone files need the split. */
    private static final int TXT_STRING = 255;
    /** The 12 bytes of an Ed25519 SubjectPublicKeyInfo before the raw key (RFC 8410 4); DKIM publishes the raw 32 (RFC 8463 4.2). */
    private static final int ED25519_SPKI_PREFIX = 12;

    /**
     * Makes the key pair and writes the private key to {@code DIR/SELECTOR.private.pem}, refusing to
     * replace a file: a key overwritten while its record is published would break every signature.
     *
     * @param algorithm {@code rsa} or {@code ed25519}
     * @param bits      the RSA key size (2048 at least; ignored for Ed25519)
     */
    public static DkimKeyGen generate(String selector, String domain, Path dir, String algorithm, int bits) {
        if (!DkimSetup.isSelector(selector)) {
            throw TidingsException.usage("--selector '" + selector + "' is not a DNS name (letters, digits, inner hyphens, dots)");
        }
        String ascii = DkimSetup.domainName(domain);
        if (ascii == null) {
            throw TidingsException.usage("--domain '" + domain + "' is not a domain name like example.org");
        }
        boolean rsa = "rsa".equals(algorithm);
        if (rsa && bits < DkimKey.MIN_RSA_BITS) {
            throw TidingsException.usage("--bits " + bits + " is too weak: DKIM keys need " + DkimKey.MIN_RSA_BITS
                    + " bits at least (RFC 8301, and Gmail's sender guidelines)");
        }
        KeyPair pair = keyPair(rsa, bits);
        Path file = dir.resolve(selector + ".private.pem");
        write(file, pem(pair.getPrivate().getEncoded()));
        byte[] spki = pair.getPublic().getEncoded();
        String publicKey = Base64.getEncoder().encodeToString(rsa ? spki : Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX, spki.length));
        return new DkimKeyGen(file, selector + "._domainkey." + ascii + ".", "v=DKIM1; k=" + (rsa ? "rsa" : "ed25519") + "; p=" + publicKey);
    }

    /** The record in zone-file syntax, its value split into quoted strings of at most 255 octets, one per line. */
    public List<String> zoneFileLines() {
        List<String> lines = new ArrayList<>();
        lines.add(record + " IN TXT (");
        for (int i = 0; i < value.length(); i += TXT_STRING) {
            lines.add("    \"" + value.substring(i, Math.min(value.length(), i + TXT_STRING)) + "\"");
        }
        lines.add(")");
        return lines;
    }

    private static KeyPair keyPair(boolean rsa, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(rsa ? "RSA" : "Ed25519");
            if (rsa) {
                generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw TidingsException.usage("this Java runtime cannot make a " + (rsa ? bits + "-bit RSA" : "Ed25519") + " key: " + e.getMessage());
        }
    }

    private static String pem(byte[] pkcs8) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** Created with mode 600 from the start (no moment readable by others), never over an existing file. */
    private static void write(Path file, String pem) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
                out.write(pem.getBytes(StandardCharsets.US_ASCII));
            }
        } catch (FileAlreadyExistsException e) {
            throw TidingsException.invalidInput(file + ": already exists; tidings dkim keygen never replaces a key"
                    + " (its record may be published): choose another --selector, or move the old key away");
        } catch (IOException e) {
            throw TidingsException.invalidInput(file + ": cannot write the key (" + TidingsException.reason(e) + ")", e);
        }
    }
}
