package dev.tidings.bench;

import dev.tidings.digest.Digest;
import dev.tidings.digest.load.DigestLoader;
import dev.tidings.subscribers.SubscriberReader;
import dev.tidings.subscribers.SubscriberRow;
import dev.tidings.mail.mime.MessageBuilder;
import dev.tidings.render.IssueRenderer;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;
import dev.tidings.render.RenderedEmail;
import dev.tidings.render.TemplateSet;
import dev.tidings.render.UnsubscribeLinks;
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
 * Per-recipient cost of what {@code send} does for each message, templates compiled once:
 * render (HTML from the inlined stencil, plain text), and build the MIME bytes. Throughput is
 * messages per second on one core (one benchmark thread). Run with {@code make bench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RenderBenchmark {
    /** The sample issue (~34 KB messages) and the benchmark issue that matches the peers' ~12.7 KB. */
    @Param({"samples/social-learning-2.yaml", "docs/bench/bench-issue.yaml"})
    public String digestPath;

    private PreparedIssue issue;
    private Digest digest;
    private MessageBuilder builder;
    private List<Recipient> recipients;
    private int next;

    @Setup
    public void prepare() {
        digest = new DigestLoader().load(Path.of(digestPath)).valid();
        issue = new IssueRenderer().prepare(digest, TemplateSet.forDigest(digest, null),
                UnsubscribeLinks.forDigest(digest, "benchmark-secret"));
        builder = new MessageBuilder(Clock.systemUTC());
        recipients = new ArrayList<>();
        try (SubscriberReader reader = new SubscriberReader(Path.of("samples/subscribers.csv"))) {
            for (SubscriberRow row = reader.next(); row != null; row = reader.next()) {
                recipients.add(Recipient.of(row.subscriber()));
            }
        }
    }

    private Recipient nextRecipient() {
        next = (next + 1) % recipients.size();
        return recipients.get(next);
    }

    /** Everything per recipient: HTML, text and the complete message bytes. */
    @Benchmark
    public byte[] renderAndBuild() {
        return builder.outgoing(digest, issue.render(nextRecipient())).content();
    }

    /** Rendering alone: HTML (stencil filled after the FreeMarker check) and wrapped plain text. */
    @Benchmark
    public RenderedEmail renderOnly() {
        return issue.render(nextRecipient());
    }
}
