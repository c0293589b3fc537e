package dev.tidings.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A DNS on loopback that serves one DKIM key record (src/test/resources/spamassassin/dkim-dns.pl,
 * Perl's Net::DNS::Nameserver), so that SpamAssassin's DKIM plugin can verify a signature without
 * real DNS: point it there with {@link SpamAssassin#scoreWithDns}.
 */
final class LocalDkimDns implements AutoCloseable {
    private static final Path SCRIPT = Path.of("src/test/resources/spamassassin/dkim-dns.pl");
    private final Process process;
    private final int port;

    private LocalDkimDns(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Serves {@code record} as the TXT of {@code SELECTOR._domainkey.DOMAIN}; returns once it listens. */
    static LocalDkimDns serving(String selector, String domain, String record) throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process process = new ProcessBuilder("perl", SCRIPT.toString(), String.valueOf(port), selector + "._domainkey." + domain, record)
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        // An event, with a deadline generous for a busy machine: the script says "ready" once it listens.
        String line = ready.get(2, TimeUnit.MINUTES);
        if (!"ready".equals(line)) {
            process.destroyForcibly();
            throw new IllegalStateException("dkim-dns.pl did not start: " + line);
        }
        return new LocalDkimDns(process, port);
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
