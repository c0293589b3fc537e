package dev.tidings.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code tidings serve} refuses before it listens: each refusal one line with its exit code. */
class ServeCommandTest {
    @TempDir
    Path dir;

    private Path newsletter(String extra) throws Exception {
        return Files.writeString(dir.resolve("newsletter.yaml"), "name: Example Weekly\nfrom: \"Example Weekly <news@example.org>\"\n"
                + "postal_address: \"1 Example Street, Exampletown\"\nunsubscribe:\n  mailto: leave@example.org\n" + extra);
    }

    private CliRun serve(Map<String, String> env, String... args) throws Exception {
        Path list = Files.writeString(dir.resolve("subscribers.csv"), "email,name\n");
        String[] all = new String[args.length + 5];
        all[0] = "serve";
        all[1] = "--subscribers";
        all[2] = list.toString();
        all[3] = "--smtp";
        all[4] = "smtp://127.0.0.1:1";
        System.arraycopy(args, 0, all, 5, args.length);
        return CliRun.withEnv(env, all);
    }

    @Test
    void withoutTheSecretNothingIsServed() throws Exception {
        CliRun run = serve(Map.of(), newsletter("public_url: https://news.example.org\n").toString());
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.err().contains("TIDINGS_SECRET is not set"), run.err());
    }

    @Test
    void aWeakSecretIsRefused() throws Exception {
        CliRun run = serve(Map.of("TIDINGS_SECRET", "hunter2"), newsletter("public_url: https://news.example.org\n").toString());
        assertEquals(1, run.exitCode(), run.all());
        assertFalse(run.all().contains("hunter2"));
    }

    @Test
    void aNewsletterFileAloneIsCheckedWithItsOwnLines() throws Exception {
        CliRun run = serve(Map.of("TIDINGS_SECRET", SendFixture.SECRET), newsletter("public_url: ftp://news.example.org\n").toString());
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains("newsletter.yaml:6:") && run.err().contains("newsletter.public_url"), run.err());
        assertFalse(run.err().contains("newsletter-only"), "the placeholder digest is never named: " + run.err());
    }

    @Test
    void withoutAPublicUrlOrWithAPlainHttpOneNothingIsServed() throws Exception {
        Path file = newsletter("");
        CliRun none = serve(Map.of("TIDINGS_SECRET", SendFixture.SECRET), file.toString());
        assertEquals(2, none.exitCode(), none.all());
        assertTrue(none.err().contains("--public-url"), none.err());
        CliRun http = serve(Map.of("TIDINGS_SECRET", SendFixture.SECRET), file.toString(), "--public-url", "http://news.example.org");
        assertEquals(2, http.exitCode(), http.all());
        assertTrue(http.err().contains("https"), http.err());
    }

    @Test
    void aBadListenAddressOrProxyIsAUsageError() throws Exception {
        Path file = newsletter("public_url: https://news.example.org\n");
        assertEquals(2, serve(Map.of("TIDINGS_SECRET", SendFixture.SECRET), file.toString(), "--listen", "8080").exitCode());
        CliRun proxy = serve(Map.of("TIDINGS_SECRET", SendFixture.SECRET), file.toString(), "--trusted-proxy", "proxy.example.org");
        assertEquals(2, proxy.exitCode(), proxy.all());
        assertTrue(proxy.err().contains("--trusted-proxy must be an IP address"), proxy.err());
    }
}
