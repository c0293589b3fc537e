package dev.tidings.cli;

import dev.tidings.curate.DigestItems;
import dev.tidings.curate.DraftItem;
import dev.tidings.mail.smtp.FaultSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An item drafted by tidings add carries the page's own description as its summary, marked
 * {@code draft: true}. Sent as it is, the page's words would go out under the editor's name: send
 * refuses the digest (exit 1, naming the line) and the relay gets nothing; the editor's proof and
 * dry run, and a rehearsal in the sandbox, still work; validate warns at the line; once the marker is deleted, the send goes out.
 */
class SendDraftIT {
    @TempDir
    Path dir;

    @Test
    void aDraftItemStopsTheSendButNotTheProofOrTheDryRun() throws IOException {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 3);
        DigestItems.open(project.digest()).append(List.of(new DraftItem("Drafted", "https://news.example/drafted", null, null,
                "The page's own description.", null)));
        List<String> lines = Files.readAllLines(project.digest());
        int draftLine = lines.indexOf("      draft: true  # the summary is the page's own description: rewrite it, then delete this line") + 1;
        assertTrue(draftLine > 0, String.join("\n", lines));
        String warning = project.digest() + ":" + draftLine + ":14: warning: issue.items[5].draft: item 6 is a draft by tidings add:"
                + " its summary is the page's own description; rewrite it, then delete `draft: true`";

        CliRun validate = CliRun.of("validate", project.digest().toString());
        assertEquals(0, validate.exitCode(), validate.all());
        assertTrue(validate.out().contains(warning + "\n"), validate.out());

        CliRun render = CliRun.of("render", project.digest().toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, render.exitCode(), render.all());
        assertTrue(render.err().contains(warning + "\n"), "render warns too: " + render.all());

        try (FaultSmtpServer relay = FaultSmtpServer.accepting()) {
            CliRun send = project.send(list, "--smtp", relay.url(), "--yes");
            assertEquals(1, send.exitCode(), send.all());
            assertTrue(send.err().contains(warning + "\n"), send.err());
            assertTrue(send.err().contains(project.digest() + ":" + draftLine + ":14: issue.items[5].draft: item 6 is a draft by tidings"
                    + " add: its summary is the page's own description; rewrite it, then delete `draft: true`; nothing was sent (a proof"
                    + " with --test-to, or --dry-run, may still have it)\n"), send.err());
            assertEquals(0, relay.acceptedCount(), "nothing reached the relay");
            assertEquals(0, project.ledger().rows(), "nothing recorded");

            CliRun proof = project.send(null, "--smtp", relay.url(), "--yes", "--test-to", "editor@trainingzone.example");
            assertEquals(0, proof.exitCode(), proof.all());
            assertEquals(1, relay.acceptedCount(), "the editor's proof went out");

            CliRun dryRun = project.send(list, "--dry-run");
            assertEquals(0, dryRun.exitCode(), dryRun.all());
            CliRun sandbox = project.send(list, "--smtp", "sandbox", "--yes");
            assertEquals(0, sandbox.exitCode(), sandbox.all());
            assertTrue(sandbox.out().contains("this run: sent 3,"), "the sandbox keeps it on this machine: " + sandbox.out());

            Files.write(project.digest(), lines.stream().filter(l -> !l.contains("draft: true")).toList());
            CliRun rewritten = project.send(list, "--smtp", relay.url(), "--yes");
            assertEquals(0, rewritten.exitCode(), rewritten.all());
            assertEquals(4, relay.acceptedCount(), "with the marker deleted, the issue goes to the three subscribers");
        }
    }
}
