package dev.tidings.cli;

import dev.tidings.digest.TestDigests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DKIM from the command line: {@code validate}'s checks of {@code newsletter.dkim} at their
 * fields, {@code dkim keygen}, and {@code render} and {@code send} refusing a key they cannot use
 * before anything is written or sent. (Signatures themselves: DkimVerifyIT, against dkimpy.)
 */
class DkimCommandTest {
    private static final Path KEYS = Path.of("src/test/resources/dkim");

    @TempDir
    Path dir;

    @Test
    void validateNamesEachProblemOfTheKeyAtItsField() throws IOException {
        key("rsa-2048.pem", "rw-------");
        key("rsa-1024.pem", "rw-------");
        key("ed25519.public.pem", "rw-------");
        key("ed25519.pem", "rw-r-----");
        assertEquals(List.of("valid (0 errors, 0 warnings)"), validate("    selector: s2026\n    key_file: keys/rsa-2048.pem\n"));
        assertEquals(List.of(":10:15: newsletter.dkim.key_file: keys/rsa-1024.pem holds a 1024-bit RSA key; DKIM keys need 2048 bits at least"
                        + " (RFC 8301 forbids fewer than 1024, Gmail asks for 2048): make a new one with tidings dkim keygen",
                "invalid (1 error, 0 warnings)"), validate("    selector: s2026\n    key_file: keys/rsa-1024.pem\n"));
        assertEquals(List.of(":10:15: newsletter.dkim.key_file: keys/ed25519.public.pem holds a public key; DKIM signing needs the private key"
                + " (BEGIN PRIVATE KEY)", "invalid (1 error, 0 warnings)"), validate("    selector: s2026\n    key_file: keys/ed25519.public.pem\n"));
        assertEquals(List.of(":10:15: newsletter.dkim.key_file: keys/none.pem does not exist", "invalid (1 error, 0 warnings)"),
                validate("    selector: s2026\n    key_file: keys/none.pem\n"));
        assertEquals(List.of(":10:15: warning: newsletter.dkim.key_file: keys/ed25519.pem is readable by its group: anyone who reads it"
                + " can sign mail as you until the key is replaced; chmod 600 keys/ed25519.pem", "valid (0 errors, 1 warning)"),
                validate("    selector: s2026\n    key_file: keys/ed25519.pem\n"));
        assertEquals(List.of(":9:15: newsletter.dkim.selector: is not a DNS name (letters, digits, inner hyphens, dots):"
                + " the key is published at SELECTOR._domainkey.DOMAIN", "invalid (1 error, 0 warnings)"),
                validate("    selector: 2026_a\n    key_file: keys/rsa-2048.pem\n"));
    }

    @Test
    void theSigningDomainMustBeTheFromDomainOrAParentOfIt() throws IOException {
        key("rsa-2048.pem", "rw-------");
        String key = "    selector: s2026\n    key_file: keys/rsa-2048.pem\n";
        assertEquals(List.of("valid (0 errors, 0 warnings)"), validate(key + "    domain: example.org\n"), "the From domain itself");
        assertEquals(List.of(":11:13: newsletter.dkim.domain: must be the From domain (news.example.org) or a parent of it, or DMARC will not"
                + " count the signature (relaxed alignment, RFC 7489 3.1.1); leave it out to sign as news.example.org",
                "invalid (1 error, 0 warnings)"), validateFrom("news@news.example.org", key + "    domain: example.com\n"));
        assertEquals(List.of("valid (0 errors, 0 warnings)"), validateFrom("news@news.example.org", key + "    domain: example.org\n"),
                "a parent of the From domain");
        assertEquals(1, render(key + "    domain: example.com\n").exitCode(), "render does not sign for another domain either");
    }

    @Test
    void aDkimValueOfTheWrongShapeOrANameThatIsNoPathOrDomainIsOneLocatedLine() throws IOException {
        String key = "    selector: s2026\n    key_file: keys/rsa-2048.pem\n";
        key("rsa-2048.pem", "rw-------");
        assertEquals(List.of(":8:9: newsletter.dkim: must be a mapping of keys or text, not the boolean true (put it in quotes if it is meant as text)",
                "invalid (1 error, 0 warnings)"), validateWith("  dkim: yes\n"));
        assertEquals(List.of(":8:9: newsletter.dkim: must be a mapping with selector: and key_file:, or relay (when the relay signs the mail)",
                "invalid (1 error, 0 warnings)"), validateWith("  dkim: signed\n"));
        assertEquals(List.of(":11:13: newsletter.dkim.domain: must be a domain name like example.org", "invalid (1 error, 0 warnings)"),
                validate(key + "    domain: x\n"));
        // Before: an internal error (InvalidPathException from the path; IDN's ParseException from the domain).
        assertEquals(List.of(":10:15: newsletter.dkim.key_file: is not a file name this system can open", "invalid (1 error, 0 warnings)"),
                validate("    selector: s2026\n    key_file: \"keys/a\\0b.pem\"\n"));
        List<String> domain = validate(key + "    domain: \"exa\\uFFFFmple.org\"\n");
        assertEquals("invalid (2 errors, 0 warnings)", domain.get(domain.size() - 1), domain.toString());
        assertTrue(domain.subList(0, domain.size() - 1).stream().allMatch(line -> line.startsWith(":11:13: newsletter.dkim.domain: ")),
                domain.toString()); // not text, and no domain name: both at the field
    }

    @Test
    void withoutDkimValidateWarnsAndRelaySaysTheRelaySigns() throws IOException {
        Path unsigned = Files.writeString(dir.resolve("unsigned.yaml"), Files.readString(TestDigests.MINIMAL).replace("  dkim: relay\n", ""));
        CliRun run = CliRun.of("validate", unsigned.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(unsigned + ":2:1: warning: newsletter: " + ValidateCommandTest.NO_DKIM + "\n" + unsigned + ": valid (0 errors, 1 warning)\n",
                run.out());
        assertEquals(1, CliRun.of("validate", "--strict", unsigned.toString()).exitCode());
        assertEquals(0, CliRun.of("validate", "--strict", TestDigests.MINIMAL.toString()).exitCode(), "dkim: relay");
    }

    @Test
    void renderAndSendStopAtAKeyTheyCannotUseWithOneLine() throws IOException {
        key("rsa-1024.pem", "rw-------");
        CliRun render = render("    selector: s2026\n    key_file: keys/rsa-1024.pem\n");
        assertEquals(1, render.exitCode(), render.all());
        assertEquals("tidings: keys/rsa-1024.pem: the DKIM key file holds a 1024-bit RSA key; DKIM keys need 2048 bits at least"
                + " (RFC 8301 forbids fewer than 1024, Gmail asks for 2048): make a new one with tidings dkim keygen\n", relative(render.err()));
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
        CliRun send = CliRun.withEnv(SendFixture.env(), "send", TestDigests.MINIMAL.toString(), "--subscribers", SendFixture.SAMPLE_LIST.toString(), "--dry-run",
                "--dkim-selector", "s2026", "--dkim-key", dir.resolve("keys/rsa-1024.pem").toString());
        assertEquals(1, send.exitCode(), send.all());
        assertTrue(send.err().contains("the DKIM key file holds a 1024-bit RSA key"), send.err());
        CliRun half = CliRun.withEnv(SendFixture.env(), "send", TestDigests.MINIMAL.toString(), "--subscribers", SendFixture.SAMPLE_LIST.toString(), "--dry-run", "--dkim-selector", "s2026");
        assertEquals(2, half.exitCode(), half.all());
        assertEquals("tidings: --dkim-selector needs --dkim-key (or newsletter.dkim.key_file in the digest)", half.err().lines().findFirst().orElse(""));
        // The key without its selector: a file that is no key is named first (NoStackTraceIT found it unnamed), a good one is named too.
        Path missing = dir.resolve("keys/none.pem");
        CliRun noSelector = CliRun.withEnv(SendFixture.env(), "send", TestDigests.MINIMAL.toString(), "--subscribers",
                SendFixture.SAMPLE_LIST.toString(), "--dry-run", "--dkim-key", missing.toString());
        assertEquals(1, noSelector.exitCode(), noSelector.all());
        assertTrue(noSelector.err().startsWith("tidings: " + missing + ": the DKIM key file does not exist"), noSelector.err());
        key("rsa-2048.pem", "rw-------");
        Path good = dir.resolve("keys/rsa-2048.pem");
        CliRun goodNoSelector = CliRun.withEnv(SendFixture.env(), "send", TestDigests.MINIMAL.toString(), "--subscribers",
                SendFixture.SAMPLE_LIST.toString(), "--dry-run", "--dkim-key", good.toString());
        assertEquals(2, goodNoSelector.exitCode(), goodNoSelector.all());
        assertTrue(goodNoSelector.err().startsWith("tidings: --dkim-key " + good + " needs --dkim-selector"), goodNoSelector.err());
    }

    @Test
    void renderSignsAndWarnsOfAKeyOthersCanRead() throws IOException {
        key("ed25519.pem", "rw-r--r--");
        CliRun render = render("    selector: s2026\n    key_file: keys/ed25519.pem\n");
        assertEquals(0, render.exitCode(), render.all());
        assertTrue(relative(render.err()).contains("warning: keys/ed25519.pem is readable by everyone"), render.err());
        try (var files = Files.list(dir.resolve("out"))) {
            Path eml = files.filter(f -> f.toString().endsWith(".eml")).findFirst().orElseThrow();
            assertTrue(Files.readString(eml).startsWith("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.org; s=s2026;"));
        }
    }

    @Test
    void keygenWritesAKeyForOwnerAloneNeverOverwritesAndPrintsTheRecord() throws IOException {
        Path out = dir.resolve("dkim");
        CliRun run = CliRun.of("dkim", "keygen", "--selector", "s2026", "--domain", "Example.ORG", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.all());
        Path key = out.resolve("s2026.private.pem");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        List<String> lines = run.out().lines().toList();
        assertEquals("s2026._domainkey.example.org. IN TXT (", lines.get(3));
        assertTrue(lines.get(4).startsWith("    \"v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"), lines.get(4));
        assertEquals(4 + 1 + 255 + 1, lines.get(4).length(), "split at 255 octets: " + lines.get(4));
        assertTrue(run.out().contains("    key_file: " + key + "\n"), run.out());
        assertTrue(run.out().contains("dig +short TXT s2026._domainkey.example.org."), run.out());
        assertFalse(run.out().contains(Files.readString(key).lines().skip(1).findFirst().orElseThrow()), "never the private key");

        CliRun again = CliRun.of("dkim", "keygen", "--selector", "s2026", "--domain", "example.org", "--out", out.toString(), "--algorithm", "ed25519");
        assertEquals(1, again.exitCode(), again.all());
        assertTrue(again.err().startsWith("tidings: " + key + ": already exists"), again.err());

        CliRun ed = CliRun.of("dkim", "keygen", "--selector", "e2026", "--domain", "example.org", "--out", out.toString(), "--algorithm", "ed25519");
        assertEquals(0, ed.exitCode(), ed.all());
        assertTrue(ed.out().contains("\n    \"v=DKIM1; k=ed25519; p="), ed.out());
        String p = ed.out().substring(ed.out().indexOf("p=") + 2, ed.out().indexOf("\"\n)"));
        assertEquals(32, java.util.Base64.getDecoder().decode(p).length, "the raw Ed25519 key, RFC 8463 4.2");

        assertEquals(2, CliRun.of("dkim", "keygen", "--selector", "s", "--domain", "example.org", "--out", out.toString(), "--bits", "1024").exitCode());
        assertEquals(2, CliRun.of("dkim", "keygen", "--selector", "a_b", "--domain", "example.org", "--out", out.toString()).exitCode());
        assertEquals(2, CliRun.of("dkim", "keygen", "--selector", "s", "--domain", "localhost", "--out", out.toString()).exitCode());
    }

    private void key(String name, String mode) throws IOException {
        Path key = Files.createDirectories(dir.resolve("keys")).resolve(name);
        Files.copy(KEYS.resolve(name), key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));
    }

    /** validate's lines for minimal.yaml with this dkim: line instead of dkim: relay. */
    private List<String> validateWith(String dkimLine) throws IOException {
        Path digest = Files.writeString(dir.resolve("digest.yaml"), Files.readString(TestDigests.MINIMAL).replace("  dkim: relay\n", dkimLine));
        return CliRun.of("validate", digest.toString()).out().lines()
                .map(line -> relative(line.substring(digest.toString().length()).replaceFirst("^: ", ""))).toList();
    }

    /** validate's lines for minimal.yaml with these dkim: lines, the digest's path cut from their start. */
    private List<String> validate(String dkim) throws IOException {
        return validateFrom(null, dkim);
    }

    private List<String> validateFrom(String from, String dkim) throws IOException {
        Path digest = digest(from, dkim);
        CliRun run = CliRun.of("validate", digest.toString());
        return run.out().lines().map(line -> relative(line.substring(digest.toString().length()).replaceFirst("^: ", ""))).toList();
    }

    private CliRun render(String dkim) throws IOException {
        return CliRun.withEnv(SendFixture.env(), "render", digest(null, dkim).toString(), "-o", dir.resolve("out").toString());
    }

    /** minimal.yaml signing with these dkim: lines (at line 8: selector 9, key_file 10, domain 11), in {@code dir}. */
    private Path digest(String from, String dkim) throws IOException {
        String text = Files.readString(TestDigests.MINIMAL).replace("  dkim: relay\n", "  dkim:\n" + dkim);
        if (from != null) {
            text = text.replace("\"Example Weekly <news@example.org>\"", from);
        }
        return Files.writeString(dir.resolve("digest.yaml"), text);
    }

    /** Paths printed absolute when the temporary folder is outside the working directory, made relative to it. */
    private String relative(String printed) {
        return printed.replace(dir.toAbsolutePath() + "/", "");
    }
}
