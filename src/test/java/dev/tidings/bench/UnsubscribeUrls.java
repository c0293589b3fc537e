package dev.tidings.bench;

import dev.tidings.digest.load.DigestLoader;
import dev.tidings.render.UnsubscribeLinks;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For docs/bench/serve-bench.sh: the unsubscribe URLs of the first N subscribers of a list, made as
 * render and send make them ({@link UnsubscribeLinks} of the digest's newsletter, with
 * TIDINGS_SECRET), one path and query a line, for wrk's script to post to.
 * <pre>java -cp ... dev.tidings.bench.UnsubscribeUrls DIGEST.yaml LIST.csv N OUT.txt</pre>
 */
public final class UnsubscribeUrls {
    private UnsubscribeUrls() {
    }

    public static void main(String[] args) throws IOException {
        UnsubscribeLinks links = UnsubscribeLinks.forDigest(new DigestLoader().load(Path.of(args[0])).valid(),
                System.getenv("TIDINGS_SECRET"));
        int n = Integer.parseInt(args[2]);
        int written = 0;
        try (BufferedReader list = Files.newBufferedReader(Path.of(args[1]), StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(Path.of(args[3]), StandardCharsets.UTF_8)) {
            list.readLine(); // the header: email first, as make_subscribers.py writes it
            for (String line = list.readLine(); line != null && written < n; line = list.readLine()) {
                URI url = URI.create(links.url(line.substring(0, line.indexOf(','))));
                out.write(url.getRawPath() + "?" + url.getRawQuery());
                out.newLine();
                written++;
            }
        }
        if (written < n) {
            throw new IllegalStateException(args[1] + " has " + written + " subscribers, fewer than " + n);
        }
    }
}
