package dev.tidings.cli;

import dev.tidings.mail.smtp.RelayGreenMail;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three hosts, three shards, three ledgers: together every subscriber gets exactly one copy. */
class SendShardIT {
    @TempDir
    Path dir;

    private GreenMail server;

    @BeforeEach
    void start() {
        server = new RelayGreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void threeShardsWithTheirOwnLedgersCoverTheListOnce() throws Exception {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 90);
        long[] sent = new long[4];
        for (int k = 1; k <= 3; k++) {
            CliRun run = project.send(list, "--smtp", "smtp://127.0.0.1:" + server.getSmtp().getPort(), "--yes",
                    "--shard", k + "/3", "--ledger", dir.resolve("shard-" + k + ".db").toString());
            assertEquals(0, run.exitCode(), run.all());
            assertTrue(run.err().contains("in another shard"), run.err());
            sent[k] = Long.parseLong(run.out().replaceAll("(?s).*this run: sent (\\d+).*", "$1"));
        }
        List<String> recipients = new ArrayList<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            recipients.add(((InternetAddress) message.getAllRecipients()[0]).getAddress());
        }
        assertEquals(90, recipients.size());
        assertEquals(90, new HashSet<>(recipients).size(), "nobody twice");
        assertEquals(Set.copyOf(SendFixture.addresses(90)), new HashSet<>(recipients));
        for (int k = 1; k <= 3; k++) {
            assertTrue(sent[k] > 15, "an even split gives each of 3 shards about 30 of 90, got " + sent[k]);
        }
    }

    @Test
    void aMalformedShardIsAUsageError() {
        SendFixture project = new SendFixture(dir);
        CliRun run = project.send(project.generatedList("list.csv", 3), "--smtp", "sandbox", "--yes", "--shard", "4/3");
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.err().contains("--shard: expected K/N"), run.err());
    }
}
