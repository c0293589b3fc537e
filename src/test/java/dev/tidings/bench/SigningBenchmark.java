package dev.tidings.bench;

import dev.tidings.digest.Digest;
import dev.tidings.digest.load.DigestLoader;
import dev.tidings.mail.dkim.DkimKey;
import dev.tidings.mail.dkim.DkimSigner;
import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.render.IssueRenderer;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;
import dev.tidings.render.RenderedEmail;
import dev.tidings.render.TemplateSet;
import dev.tidings.render.UnsubscribeLinks;
import dev.tidings.subscribers.SubscriberReader;
import dev.tidings.subscribers.SubscriberRow;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What DKIM signing costs per message: {@code buildAndSign} is {@code RenderBenchmark.renderAndBuild}
 * for the benchmark issue with the builder signing (key {@code none}: not signing, the baseline),
 * and {@code buildOnly} builds the MIME bytes of an email rendered once, so that the signing's share
 * shows without the rendering's. Throughput is messages per second on one core. The keys are the
 * test-only ones of src/test/resources/dkim. Run with {@code make bench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SigningBenchmark {
    @Param({"none", "rsa-2048", "ed25519"})
    public String key;

    private PreparedIssue issue;
    private Digest digest;
    private MessageBuilder builder;
    private RenderedEmail rendered;
    private List<Recipient> recipients;
    private int next;

    @Setup
    public void prepare() throws DkimKey.Unusable {
        digest = new DigestLoader().load(Path.of("docs/bench/bench-issue.yaml")).valid();
        issue = new IssueRenderer().prepare(digest, TemplateSet.forDigest(digest, null),
                UnsubscribeLinks.forDigest(digest, "benchmark-secret"));
        builder = key.equals("none") ? new MessageBuilder(Clock.systemUTC())
                : new MessageBuilder(Clock.systemUTC(), null, new DkimSigner(DkimKey.read(Path.of("src/test/resources/dkim", key + ".pem")),
                        "example.org", "bench", Clock.systemUTC()));
        recipients = new ArrayList<>();
        try (SubscriberReader reader = new SubscriberReader(Path.of("samples/subscribers.csv"))) {
            for (SubscriberRow row = reader.next(); row != null; row = reader.next()) {
                recipients.add(Recipient.of(row.subscriber()));
            }
        }
        rendered = issue.render(recipients.get(0));
    }

    /** Per recipient: render, build, and sign unless the key is none. */
    @Benchmark
    public byte[] buildAndSign() {
        next = (next + 1) % recipients.size();
        return builder.outgoing(digest, issue.render(recipients.get(next))).content();
    }

    /** The MIME bytes (and the signature) of one rendered email: the builder's and the signer's share alone. */
    @Benchmark
    public byte[] buildOnly() {
        return builder.outgoing(digest, rendered).content();
    }
}
