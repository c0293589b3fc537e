package dev.tidings.links;

import dev.tidings.TidingsException;
import dev.tidings.digest.load.LinkUse;
import dev.tidings.digest.Problem;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks that the links of a digest lead somewhere ({@code validate --check-links}).
 *
 * <p>A package of its own rather than part of {@code digest}: loading and validating a digest never
 * touches the network, and this does. It sits at the edge beside {@code mail} and {@code preview},
 * and nothing reaches it unless the editor asks for it.
 *
 * <p>Each distinct address is requested once, however many places use it, and each use gets its
 * own problem. Requests run on {@code connections} threads, with at most {@code connectionsPerHost}
 * to one host at a time (see {@link HostQueue} for the order).
 */
public final class LinkChecker {
    private static final Comparator<Problem> REPORT_ORDER = Problem.IN_FILE_ORDER.thenComparing(Problem::message);

    private final LinkCheckSettings settings;

    public LinkChecker(LinkCheckSettings settings) {
        this.settings = settings;
    }

    public LinkReport check(List<LinkUse> uses, LinkCheckProgress progress) {
        Map<String, List<LinkUse>> byAddress = new LinkedHashMap<>();
        for (LinkUse use : uses) {
            byAddress.computeIfAbsent(requestKey(use.url()), k -> new ArrayList<>()).add(use);
        }
        Map<String, LinkVerdict> verdicts = probeAll(List.copyOf(byAddress.keySet()), progress);
        List<Problem> problems = new ArrayList<>();
        int[] counts = new int[LinkVerdict.Outcome.values().length];
        byAddress.forEach((address, sameAddress) -> {
            LinkVerdict verdict = verdicts.get(address);
            counts[verdict.outcome().ordinal()]++;
            sameAddress.forEach(use -> problem(use, verdict, problems));
        });
        problems.sort(REPORT_ORDER);
        return new LinkReport(problems, byAddress.size(), uses.size(), counts[LinkVerdict.Outcome.BROKEN.ordinal()],
                counts[LinkVerdict.Outcome.MOVED.ordinal()], counts[LinkVerdict.Outcome.UNAVAILABLE.ordinal()]);
    }

    private static void problem(LinkUse use, LinkVerdict verdict, List<Problem> problems) {
        String message = use.kind().noun() + " '" + use.url() + "' " + verdict.predicate();
        switch (verdict.outcome()) {
            case BROKEN -> problems.add(Problem.error(use.at(), use.field(), message));
            case MOVED, UNAVAILABLE -> problems.add(Problem.warning(use.at(), use.field(), message));
            case FINE -> {
            }
        }
    }

    private Map<String, LinkVerdict> probeAll(List<String> addresses, LinkCheckProgress progress) {
        Map<String, LinkVerdict> verdicts = new ConcurrentHashMap<>();
        if (addresses.isEmpty()) {
            return verdicts;
        }
        LinkProbe probe = new LinkProbe(settings, new HostPermits(settings.connectionsPerHost()));
        HostQueue queue = new HostQueue(addresses, settings.connectionsPerHost());
        AtomicInteger done = new AtomicInteger();
        int threadCount = Math.min(settings.connections(), addresses.size());
        ExecutorService threads = Executors.newFixedThreadPool(threadCount, runnable -> {
            Thread thread = new Thread(runnable, "tidings-link-check");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < threadCount; i++) {
                workers.add(threads.submit(() -> {
                    for (String address = queue.take(); address != null; address = queue.take()) {
                        try {
                            verdicts.put(address, probeOne(probe, address));
                        } finally {
                            queue.done(address);
                        }
                        progress.checked(done.incrementAndGet(), addresses.size());
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TidingsException.temporary("the link check was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a link check failed unexpectedly", e.getCause());
        } finally {
            threads.shutdownNow();
        }
        return verdicts;
    }

    private static LinkVerdict probeOne(LinkProbe probe, String address) throws InterruptedException {
        URI uri;
        try {
            uri = RequestUri.of(address);
        } catch (URISyntaxException e) {
            return LinkVerdict.broken("cannot be requested (" + e.getReason() + ")");
        }
        return probe.probe(uri);
    }

    /** Addresses that differ only in their fragment, or in a missing path (https://example.org and https://example.org/), are one request. */
    private static String requestKey(String url) {
        try {
            return RequestUri.of(url).toString();
        } catch (URISyntaxException e) {
            return url;
        }
    }
}
