package dev.tidings.mail.dkim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading PEM keys as openssl genpkey and opendkim-genkey write them (the test-only keys of src/test/resources/dkim). */
class DkimKeyTest {
    static final Path KEYS = Path.of("src/test/resources/dkim");

    @TempDir
    Path dir;

    @Test
    void pkcs8AndPkcs1FormsOfOneRsaKeyReadAsTheSameKey() throws Exception {
        DkimKey pkcs8 = DkimKey.read(KEYS.resolve("rsa-2048.pem"));
        DkimKey pkcs1 = DkimKey.read(KEYS.resolve("rsa-2048-pkcs1.pem"));
        assertEquals("rsa-sha256", pkcs8.algorithm());
        assertEquals(2048, pkcs8.bits());
        assertEquals(((RSAPrivateCrtKey) pkcs8.key()).getModulus(), ((RSAPrivateCrtKey) pkcs1.key()).getModulus());
        assertEquals(((RSAPrivateCrtKey) pkcs8.key()).getPrivateExponent(), ((RSAPrivateCrtKey) pkcs1.key()).getPrivateExponent());
    }

    @Test
    void ed25519() throws Exception {
        DkimKey key = DkimKey.read(KEYS.resolve("ed25519.pem"));
        assertEquals("ed25519-sha256", key.algorithm());
        assertEquals("DkimKey[ed25519-sha256, 256 bits]", key.toString(), "never the key itself");
    }

    @Test
    void rsaUnder2048BitsIsRefused() {
        DkimKey.Unusable e = assertThrows(DkimKey.Unusable.class, () -> DkimKey.read(KEYS.resolve("rsa-1024.pem")));
        assertTrue(e.getMessage().startsWith("holds a 1024-bit RSA key; DKIM keys need 2048 bits at least"), e.getMessage());
    }

    @Test
    void whatIsNotAnUnencryptedPrivateKeyIsRefusedWithoutQuotingTheFile() throws Exception {
        assertRefused(Files.readString(KEYS.resolve("ed25519.public.pem")), "holds a public key");
        assertRefused("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n", "holds an encrypted private key");
        assertRefused("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n",
                "holds an encrypted key");
        assertRefused("-----BEGIN PRIVATE KEY-----\nnot*base64secret\n-----END PRIVATE KEY-----\n", "has a damaged key");
        assertRefused("-----BEGIN PRIVATE KEY-----\nAAAAsecret\n-----END PRIVATE KEY-----\n", "holds no RSA or Ed25519 private key");
        assertRefused(Files.readString(KEYS.resolve("rsa-2048.pem")).replace("-----END PRIVATE KEY-----", ""), "has no -----END PRIVATE KEY----- line");
        assertRefused("selector: 2026\nsecret\n", "is not a PEM private key");
        DkimKey.Unusable missing = assertThrows(DkimKey.Unusable.class, () -> DkimKey.read(dir.resolve("none.pem")));
        assertEquals("does not exist", missing.getMessage());
        assertEquals("is not a regular file", assertThrows(DkimKey.Unusable.class, () -> DkimKey.read(dir)).getMessage());
    }

    private void assertRefused(String content, String expected) throws Exception {
        Path file = Files.writeString(dir.resolve("key.pem"), content);
        DkimKey.Unusable e = assertThrows(DkimKey.Unusable.class, () -> DkimKey.read(file));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertFalse(e.getMessage().contains("secret") || e.getMessage().contains("MII"), "no key material in " + e.getMessage());
    }
}
