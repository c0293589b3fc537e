package dev.tidings.preview;

import dev.tidings.TidingsException;
import dev.tidings.digest.Digest;
import dev.tidings.digest.load.DigestLoader;
import dev.tidings.digest.load.LoadedDigest;
import dev.tidings.digest.Problem;
import dev.tidings.digest.SourcePosition;
import dev.tidings.subscribers.SubscriberReader;
import dev.tidings.subscribers.SubscriberRow;
import dev.tidings.subscribers.SubscriberStatus;
import dev.tidings.render.IssueRenderer;
import dev.tidings.render.Preflight;
import dev.tidings.render.PreparedIssue;
import dev.tidings.render.Recipient;
import dev.tidings.render.TemplateProblem;
import dev.tidings.render.TemplateSet;
import dev.tidings.render.UnsubscribeLinks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a rendering of the digest current: re-renders whenever the digest, a file it names, the
 * template folder or the list changes on disk, through exactly the code that {@code render} and
 * {@code send} use. A digest that is invalid mid-edit yields its problems instead of a rendering,
 * and the next good save recovers.
 */
public final class LivePreview implements AutoCloseable {
    static final Duration POLL = Duration.ofMillis(200);
    /** The subscriber switcher offers the first ones of a list; previews are for looking, not for a million rows. */
    static final int SWITCHER_LIMIT = 200;

    private final PreviewSource source;
    private final DigestLoader loader = new DigestLoader();
    private final IssueRenderer renderer = new IssueRenderer();
    private final Thread poller;
    private volatile Snapshot current;
    private volatile List<Path> watched = List.of();
    private List<Path> referenced = List.of();
    private String fingerprint = "";
    private long version;
    private volatile boolean closed;

    public LivePreview(PreviewSource source) {
        this.source = source;
        refresh();
        this.poller = new Thread(this::poll, "tidings-preview-watch");
        poller.setDaemon(true);
    }

    public void start() {
        poller.start();
    }

    Snapshot current() {
        return current;
    }

    PreviewSource source() {
        return source;
    }

    /** Blocks until a rendering newer than {@code seen} exists, or the timeout passes; returns the current version. */
    synchronized long awaitNewerThan(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (current.version() <= seen && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return current.version();
    }

    private void poll() {
        while (!closed) {
            try {
                Thread.sleep(POLL.toMillis());
                String now = FileFingerprint.of(watched);
                if (!now.equals(fingerprint)) {
                    refresh();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                // A preview must survive anything a half-saved file can do; the next poll tries again.
                // That includes a template expression that asks for more memory than there is at once
                // ("x"?left_pad(2147483647)): the array is refused before anything is allocated, and the
                // thread that watches the files died of it, leaving the last good email shown as "ok".
                publish(failed(List.of(Problem.error(SourcePosition.wholeFile(source.digest().toString()), "",
                        "cannot render: " + e))));
            }
        }
    }

    /** Renders again now (also used by tests to avoid waiting for the poll). */
    synchronized void refresh() {
        List<Path> roots = new ArrayList<>(List.of(source.digest()));
        if (source.template() != null) {
            roots.add(source.template());
        }
        if (source.subscribers() != null) {
            roots.add(source.subscribers());
        }
        roots.addAll(referenced);
        // Taken before reading: a save that lands while we render changes it, and the next poll renders again.
        fingerprint = FileFingerprint.of(roots);
        watched = List.copyOf(roots);
        LoadedDigest loaded = loader.load(source.digest());
        referenced = referencedFiles(loaded);
        if (!roots.containsAll(referenced)) {
            roots.addAll(referenced);
            watched = List.copyOf(roots);
        }
        publish(render(loaded));
    }

    private Snapshot render(LoadedDigest loaded) {
        if (loaded.hasErrors()) {
            return failed(loaded.problems());
        }
        Digest digest = loaded.valid();
        try {
            PreparedIssue issue = renderer.prepare(digest, TemplateSet.forDigest(digest, source.template()),
                    UnsubscribeLinks.forDigest(digest, source.secret()));
            var sample = issue.renderOne(Recipient.sample());
            List<Problem> problems = new ArrayList<>(loaded.problems());
            problems.addAll(Preflight.check(digest, sample));
            return new Snapshot(version + 1, issue, problems, recipients(), Preflight.htmlSize(sample));
        } catch (TemplateProblem e) {
            return failed(List.of(e.problem()));
        } catch (TidingsException e) {
            return failed(List.of(Problem.error(SourcePosition.wholeFile(source.digest().toString()), "", e.getMessage())));
        }
    }

    private Snapshot failed(List<Problem> problems) {
        return new Snapshot(version + 1, null, problems, List.of(), 0);
    }

    private synchronized void publish(Snapshot snapshot) {
        version = snapshot.version();
        current = snapshot;
        notifyAll();
    }

    /** The separate newsletter file and the digest's own template folder, when it names them. */
    private static List<Path> referencedFiles(LoadedDigest loaded) {
        List<Path> files = new ArrayList<>();
        String newsletterFile = loaded.sourceMap().fileOf("newsletter.name");
        if (newsletterFile != null && !newsletterFile.equals(loaded.sourceMap().rootFile())) {
            files.add(Path.of(newsletterFile));
        }
        if (loaded.digest() != null && loaded.digest().template() != null) {
            files.add(loaded.digest().template());
        }
        return files;
    }

    private List<Recipient> recipients() {
        List<Recipient> recipients = new ArrayList<>();
        if (source.subscribers() == null) {
            return recipients;
        }
        try (SubscriberReader reader = new SubscriberReader(source.subscribers())) {
            for (SubscriberRow row = reader.next(); row != null && recipients.size() < SWITCHER_LIMIT; row = reader.next()) {
                if (row.valid() && row.subscriber().status() == SubscriberStatus.SUBSCRIBED) {
                    recipients.add(Recipient.of(row.subscriber()));
                }
            }
        } catch (TidingsException e) {
            // an unreadable list only empties the switcher; the digest still previews
        }
        return recipients;
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
        synchronized (this) {
            notifyAll();
        }
    }
}
