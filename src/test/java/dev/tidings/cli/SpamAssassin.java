package dev.tidings.cli;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's SpamAssassin run on an .eml as email developers run it (../shared/email-check):
 * {@code spamassassin -t -L}, local tests only (no DNS), empty user preferences, no Bayes, the
 * shipped rules; HOME in a scratch directory so nothing is written to the real one. With
 * {@code -D rules} it also lists the sub-rules that hit ({@code __URL_SHORTENER}), which the report
 * leaves out since they score nothing on their own.
 *
 * <p>With {@code -L} SpamAssassin does not verify DKIM ("signature verification disabled, DNS
 * resolving not available"): a signed message scores as an unsigned one. {@link #scoreWithDns}
 * turns network tests on against {@link LocalDkimDns}, which serves the test's public key.
 */
final class SpamAssassin {
    static final Path BINARY = Path.of("/usr/bin/spamassassin");
    private static final Pattern HIT = Pattern.compile("dbg: rules: ran \\S+ rule (\\S+) ======> got hit");
    private static final Pattern SCORE = Pattern.compile("Content analysis details:\\s+\\((-?\\d+\\.\\d+) points");
    private static final Pattern RULE_LINE = Pattern.compile("(?m)^\\s*(-?\\d+\\.\\d+)\\s+([A-Z0-9_]+)\\s");

    /**
     * What SpamAssassin said of one message.
     *
     * @param score  the total, as the report prints it (one decimal)
     * @param scored the rules of the report with their points, in its order
     * @param hits   every rule that hit, sub-rules included
     * @param report the report, for failure messages
     */
    record Verdict(double score, Map<String, Double> scored, Set<String> hits, String report) {
        boolean fired(String rule) {
            return hits.contains(rule) || scored.containsKey(rule);
        }

        /** The rules that fired whose name starts with this, e.g. HTML_IMAGE_ONLY_. */
        List<String> firedStartingWith(String prefix) {
            Set<String> all = new LinkedHashSet<>(scored.keySet());
            all.addAll(hits);
            return all.stream().filter(r -> r.startsWith(prefix)).toList();
        }
    }

    private SpamAssassin() {
    }

    /** Skips the test where spamassassin is not installed; under CI=true it must be (.ci/run installs it). */
    static void assumeInstalled() {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + BINARY + " is missing: .ci/run must install spamassassin");
        }
        Assumptions.abort(BINARY + " not installed (apt-get install spamassassin): the checks against SpamAssassin's rules are skipped");
    }

    /** Local tests only ({@code -L}): no DNS at all, so no DKIM verification either (its rules are {@code tflags net}). */
    static Verdict score(Path eml) throws IOException, InterruptedException {
        return score(eml, true);
    }

    /**
     * Network tests on, but every lookup goes to a DNS of the test's on loopback (the DKIM key):
     * {@code dns_server}, {@code dns_available yes}, and no DNS blocklists ({@code skip_rbl_checks}).
     */
    static Verdict scoreWithDns(Path eml, int dnsPort) throws IOException, InterruptedException {
        return score(eml, false, "dns_server 127.0.0.1:" + dnsPort, "dns_available yes", "skip_rbl_checks 1");
    }

    private static Verdict score(Path eml, boolean localOnly, String... configLines) throws IOException, InterruptedException {
        Path scratch = Files.createTempDirectory("tidings-sa");
        try {
            Path prefs = Files.writeString(scratch.resolve("user_prefs"), "");
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-t", "-D", "rules", "-p", prefs.toString(),
                    "--cf=use_bayes 0", "--cf=bayes_auto_learn 0"));
            if (localOnly) {
                command.add(1, "-L");
            }
            for (String line : configLines) {
                command.add("--cf=" + line);
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectInput(eml.toFile())
                    .redirectOutput(scratch.resolve("out").toFile()).redirectError(scratch.resolve("err").toFile());
            builder.environment().put("HOME", scratch.toString());
            Process process = builder.start();
            // Perl loading the rules takes a couple of seconds here; minutes on a slow, busy machine.
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("spamassassin did not finish in 5 minutes on " + eml);
            }
            String out = Files.readString(scratch.resolve("out"));
            String err = Files.readString(scratch.resolve("err"));
            int details = out.lastIndexOf("Content analysis details:");
            if (details < 0) {
                throw new IllegalStateException("no SpamAssassin report (exit " + process.exitValue() + "): " + err.lines().limit(20).toList());
            }
            String report = out.substring(details);
            Matcher score = SCORE.matcher(report);
            if (!score.find()) {
                throw new IllegalStateException("no score in the report: " + report);
            }
            Map<String, Double> scored = new LinkedHashMap<>();
            Matcher rule = RULE_LINE.matcher(report);
            while (rule.find()) {
                scored.put(rule.group(2), Double.parseDouble(rule.group(1)));
            }
            Set<String> hits = new LinkedHashSet<>();
            Matcher hit = HIT.matcher(err);
            while (hit.find()) {
                hits.add(hit.group(1));
            }
            return new Verdict(Double.parseDouble(score.group(1)), scored, hits, report);
        } finally {
            try (var files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
