package dev.tidings.cli.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.ExitStatus;
import dev.tidings.digest.Digest;
import dev.tidings.digest.Problem;
import dev.tidings.mail.DeliveryState;
import dev.tidings.mail.Ledger;
import dev.tidings.mail.SendCounters;
import dev.tidings.mail.SendReport;
import dev.tidings.mail.StopReason;
import dev.tidings.mail.Survey;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What {@code send} and {@code status} print: the survey and diagnostics on stderr, the outcome on
 * stdout, as text for people or JSON for scripts, and a hint saying what to do next.
 */
public final class SendSummary {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final Digest digest;
    /** The list and the suppression file of the send, for the command the hint names; null for {@code status}. */
    private final Path list;
    private final Path suppressionFile;

    public SendSummary(PrintWriter out, PrintWriter err, boolean json, Digest digest) {
        this(out, err, json, digest, null, null);
    }

    public SendSummary(PrintWriter out, PrintWriter err, boolean json, Digest digest, Path list, Path suppressionFile) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.digest = digest;
        this.list = list;
        this.suppressionFile = suppressionFile;
    }

    public String subject() {
        return digest.issue().subject();
    }

    public void survey(Survey survey, boolean skipInvalid) {
        survey.invalidRows().forEach(p -> err.println(p.format()));
        if (survey.invalid() > survey.invalidRows().size()) {
            err.println("... and " + (survey.invalid() - survey.invalidRows().size()) + " more invalid rows");
        }
        survey.duplicateRows().forEach(p -> err.println(p.format()));
        err.println(surveyLine(survey) + (survey.invalid() > 0 && skipInvalid ? " (invalid rows skipped: --skip-invalid)" : ""));
    }

    private static String surveyLine(Survey survey) {
        StringJoiner parts = new StringJoiner(", ");
        parts.add(survey.toSend() + " to send");
        for (Survey.Decision decision : Survey.Decision.values()) {
            if (decision != Survey.Decision.SEND && survey.count(decision) > 0) {
                parts.add(survey.count(decision) + " " + decision.label());
            }
        }
        return "list: " + ProblemReport.counted(survey.rows(), "row") + ": " + parts;
    }

    public void dryRun(SendReport rehearsal, boolean skipInvalid) {
        survey(rehearsal.survey(), skipInvalid);
        if (rehearsal.listRefused()) {
            err.println("the list has invalid rows: a real send would refuse it (or skip them with --skip-invalid)");
        }
        if (json) {
            ObjectNode node = mapper().createObjectNode();
            node.put("issue", digest.issue().id());
            node.put("dry_run", true);
            node.put("would_send", rehearsal.counts().sent());
            node.put("bytes", rehearsal.bytes());
            node.set("list", surveyJson(rehearsal.survey()));
            print(node);
        } else {
            out.println(String.format(Locale.ROOT, "dry run: would send %d messages (%.1f MB in all); nothing was sent",
                    rehearsal.counts().sent(), rehearsal.bytes() / 1e6));
        }
    }

    public void proof(SendReport result, String relay) {
        SendCounters c = result.counts();
        if (json) {
            ObjectNode node = mapper().createObjectNode();
            node.put("issue", digest.issue().id());
            node.put("proof", true);
            node.put("sent", c.sent());
            node.put("failed", c.failed());
            node.put("deferred", c.deferred());
            if (result.stop() != null) {
                node.put("stopped", result.stop().message());
            }
            print(node);
        } else {
            out.println("proof: sent " + c.sent() + ", failed " + c.failed() + ", deferred " + c.deferred()
                    + " through " + relay + " (not recorded as deliveries of the issue)");
            if (result.stop() != null) {
                out.println("stopped: " + result.stop().message());
            }
        }
    }

    public void report(SendReport report) {
        report.otherRelays().forEach((relay, count) -> err.println("note: " + count + " recipient(s) of this issue were sent"
                + " through " + relay + ", not through this run's relay " + report.relay()
                + " (if that was a rehearsal, they have not really received it; see tidings status)"));
        if (json) {
            print(reportJson(report));
        } else {
            printReport(report);
        }
    }

    public void status(SendReport report, Path ledger) {
        if (json) {
            ObjectNode node = reportJson(report);
            // "ledger" holds the counts; the file goes beside it rather than over it.
            node.put("ledger_file", ledger.toString());
            print(node);
            return;
        }
        out.println("ledger " + ledger + ", issue " + digest.issue().id() + ":");
        printLedger(report);
    }

    public void sandboxMailboxes(Path dir, Map<String, Integer> perMailbox) {
        int total = perMailbox.values().stream().mapToInt(Integer::intValue).sum();
        err.println("sandbox: " + ProblemReport.counted(total, "message") + " received in " + perMailbox.size()
                + (perMailbox.size() == 1 ? " mailbox" : " mailboxes") + ", saved to " + dir + "/:");
        perMailbox.forEach((mailbox, count) -> err.println(String.format(Locale.ROOT, "  %3d  %s", count, mailbox)));
    }

    private void printReport(SendReport report) {
        SendCounters c = report.counts();
        out.println("this run: sent " + c.sent() + ", failed " + c.failed() + ", deferred " + c.deferred()
                + (c.uncertain() > 0 ? ", uncertain " + c.uncertain() : "")
                + (c.retries() > 0 ? " (" + c.retries() + " retries)" : ""));
        out.println("issue " + digest.issue().id() + (report.rehearsal() != null ? " in the rehearsal's throwaway ledger:" : " in the ledger:"));
        printLedger(report);
        if (report.stop() != null) {
            out.println("stopped: " + report.stop().message());
        } else if (report.unsent() > 0) {
            out.println("stopped: " + report.unsent() + " recipient(s) of this run have no outcome in the ledger; nothing says"
                    + " they got the issue");
        }
        if (report.nobodyReached()) {
            out.println("nobody received this issue: " + nobodyLine(report.survey()));
        }
        out.println(hint(report));
    }

    /** Why nobody could be sent the issue: the decisions that took every row. */
    private static String nobodyLine(Survey survey) {
        StringJoiner parts = new StringJoiner(", ");
        for (Survey.Decision decision : Survey.Decision.values()) {
            if (decision != Survey.Decision.OTHER_SHARD && survey.count(decision) > 0) {
                parts.add(survey.count(decision) + " " + decision.label());
            }
        }
        return survey.rows() == 0 ? "the list has no subscribers" : "of " + ProblemReport.counted(survey.rows(), "row") + ", " + parts;
    }

    private void printLedger(SendReport report) {
        out.println(String.format(Locale.ROOT, "  %d sent, %d failed, %d pending, %d uncertain",
                report.inState(DeliveryState.SENT), report.inState(DeliveryState.FAILED),
                report.inState(DeliveryState.PENDING), report.inState(DeliveryState.SENDING)));
        if (report.kind() == SendReport.Kind.STATUS) {
            report.sentThrough().forEach((relay, count) -> out.println("  " + count + " sent through " + relay));
        }
        printDeliveries("failed permanently:", report.failures(), report.inState(DeliveryState.FAILED));
        printDeliveries("uncertain (in flight when a run stopped; not resent unless --resend-uncertain):",
                report.uncertain(), report.inState(DeliveryState.SENDING));
    }

    private void printDeliveries(String heading, List<Ledger.Delivery> rows, long total) {
        if (rows.isEmpty()) {
            return;
        }
        out.println(heading);
        rows.forEach(d -> out.println("  " + d.email() + (d.lastReply() == null ? "" : "  " + d.lastReply())));
        if (total > rows.size()) {
            out.println("  ... and " + (total - rows.size()) + " more (tidings status shows them all with --json)");
        }
    }

    private String hint(SendReport report) {
        ExitStatus status = report.status();
        String rehearsed = report.rehearsal() == null ? "" : "rehearsed through " + report.rehearsal()
                + " (nothing recorded as delivered; the real send still reaches everyone). ";
        if (status == ExitStatus.TEMPORARY_FAILURE) {
            StopReason stop = report.stop();
            return rehearsed + "next: " + (stop != null ? stop.nextStep() : "run the same command again later; it sends only to those not yet sent");
        }
        if (report.nobodyReached()) {
            return rehearsed + "next: check the list and the suppression file (.tidings/suppressed.txt); a relay that refused"
                    + " every address puts everyone there";
        }
        if (report.failedOnList() > 0) {
            return rehearsed + "next: " + report.failedOnList() + " address(es) above were refused permanently and are still"
                    + " subscribed in the list; mark the hard bounces bounced with " + syncCommand()
                    + " (any other: tidings subscribers bounce EMAIL, or fix or remove it; tidings status shows the replies)"
                    + (report.inState(DeliveryState.SENDING) > 0 ? "; for the uncertain ones, see --resend-uncertain" : "");
        }
        if (report.inState(DeliveryState.SENDING) > 0) {
            return rehearsed + "next: the uncertain recipients above may or may not have the issue (the relay took each message"
                    + " and then did not answer, or a run was killed); add --resend-uncertain to send to them (those who had it get"
                    + " a second copy), or leave them";
        }
        if (report.rehearsal() != null) {
            return rehearsed + "Send for real through your relay when ready";
        }
        long dealtWith = report.inState(DeliveryState.FAILED);
        return "done: every subscriber of the list has the issue" + (dealtWith == 0 ? ""
                : " (the " + dealtWith + " that failed permanently are no longer subscribed in it)");
    }

    /** The command that marks the hard bounces of the suppression file bounced in the list. */
    private String syncCommand() {
        return "tidings subscribers sync --subscribers " + (list == null ? "LIST.csv" : shown(list)) + " --suppressed "
                + (suppressionFile == null ? ".tidings/suppressed.txt" : shown(suppressionFile));
    }

    /** A path as short as it can be said from here: relative when under the working directory. */
    private static String shown(Path file) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(here) && !absolute.equals(here) ? here.relativize(absolute).toString() : file.toString();
    }

    private ObjectNode reportJson(SendReport report) {
        ObjectNode node = mapper().createObjectNode();
        node.put("issue", digest.issue().id());
        if (report.counts() != null) {
            SendCounters c = report.counts();
            ObjectNode run = node.putObject("run");
            run.put("sent", c.sent());
            run.put("failed", c.failed());
            run.put("deferred", c.deferred());
            run.put("uncertain", c.uncertain());
            run.put("retries", c.retries());
            run.put("stopped", report.stop() == null ? null : report.stop().message());
        }
        if (report.survey() != null) {
            node.set("list", surveyJson(report.survey()));
        }
        ObjectNode ledger = node.putObject("ledger");
        for (DeliveryState state : DeliveryState.values()) {
            ledger.put(state == DeliveryState.SENDING ? "uncertain" : state.label(), report.inState(state));
        }
        node.set("failures", deliveries(report.failures()));
        node.set("uncertain", deliveries(report.uncertain()));
        if (report.counts() != null) {
            node.put("unsent", report.unsent());
            node.put("nobody_reached", report.nobodyReached());
            node.put("failed_still_subscribed", report.failedOnList());
            node.put("relay", report.relay());
            node.put("rehearsal", report.rehearsal());
            ArrayNode others = node.putArray("other_relays");
            report.otherRelays().forEach((relay, count) -> others.addObject().put("relay", relay).put("sent", count));
        }
        ObjectNode through = node.putObject("sent_through");
        report.sentThrough().forEach(through::put);
        if (report.counts() != null) {
            node.put("exit_code", report.status().code());
        }
        return node;
    }

    private static ObjectNode surveyJson(Survey survey) {
        ObjectNode list = mapper().createObjectNode();
        list.put("rows", survey.rows());
        for (Survey.Decision decision : Survey.Decision.values()) {
            list.put(decision.name().toLowerCase(Locale.ROOT), survey.count(decision));
        }
        ArrayNode problems = list.putArray("problems");
        for (Problem p : survey.invalidRows()) {
            problems.addObject().put("line", p.line()).put("message", p.message());
        }
        return list;
    }

    private static ArrayNode deliveries(List<Ledger.Delivery> rows) {
        ArrayNode array = mapper().createArrayNode();
        for (Ledger.Delivery d : rows) {
            array.addObject().put("email", d.email()).put("attempts", d.attempts())
                    .put("reply", d.lastReply()).put("message_id", d.messageId()).put("updated_at", d.updatedAt());
        }
        return array;
    }

    private void print(ObjectNode node) {
        try {
            out.println(mapper().writeValueAsString(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
