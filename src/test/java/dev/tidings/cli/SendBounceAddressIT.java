package dev.tidings.cli;

import dev.tidings.mail.smtp.FaultSmtpServer;
import dev.tidings.mail.smtp.HeloName;
import dev.tidings.render.BounceToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20, part 2: the envelope sender is newsletter.bounce_address, with a per-recipient signed
 * token for VERP, and EHLO gives the name of --helo (or a fully qualified default, never
 * localhost.localdomain). Through the real command line to the fault server, which records the
 * MAIL FROM of each accepted message and every EHLO argument.
 */
class SendBounceAddressIT {
    private static final Pattern VERP = Pattern.compile("bounces\\+([a-z2-7]+)@trainingzone\\.example");
    private static final String FROM = "TrainingZone <newsletter@trainingzone.example>";

    @TempDir
    Path dir;

    @Test
    void eachRecipientsMailFromIsTheBounceAddressWithItsOwnTokenAndEhloIsTheNameGiven() throws IOException {
        SendFixture project = withBounceAddress("bounces+{token}@trainingzone.example");
        Path list = project.generatedList("list.csv", 5);
        BounceToken tokens = BounceToken.withSecret(SendFixture.SECRET);
        try (FaultSmtpServer relay = FaultSmtpServer.accepting()) {
            CliRun run = project.send(list, "--smtp", relay.url(), "--yes", "--helo", "mail.trainingzone.example");
            assertEquals(0, run.exitCode(), run.all());
            Map<String, String> senders = relay.envelopeSenders();
            assertEquals(5, senders.size(), senders.toString());
            Set<String> seen = new HashSet<>();
            for (String recipient : SendFixture.addresses(5)) {
                Matcher verp = VERP.matcher(senders.get(recipient));
                assertTrue(verp.matches(), senders.get(recipient));
                String token = verp.group(1);
                assertTrue(tokens.verify(token, SendFixture.ISSUE, recipient), "the token of " + recipient);
                assertFalse(tokens.verify(token, SendFixture.ISSUE, recipient.equals(SendFixture.address(1))
                        ? SendFixture.address(2) : SendFixture.address(1)), "names one recipient only");
                assertTrue(seen.add(token), "a token of its own");
            }
            assertFalse(relay.ehloNames().isEmpty());
            relay.ehloNames().forEach(name -> assertEquals("mail.trainingzone.example", name));
            relay.received().forEach(message -> assertFalse(message.text().contains("Return-Path"), "the receiving MTA writes it"));
        }
    }

    @Test
    void aPlainBounceAddressIsTheMailFromOfEveryMessageAndEhloIsFullyQualifiedByDefault() throws IOException {
        SendFixture project = withBounceAddress("bounces@trainingzone.example");
        Path list = project.generatedList("list.csv", 2);
        try (FaultSmtpServer relay = FaultSmtpServer.accepting()) {
            CliRun run = project.send(list, "--smtp", relay.url(), "--yes");
            assertEquals(0, run.exitCode(), run.all());
            assertEquals(Set.of("bounces@trainingzone.example"), Set.copyOf(relay.envelopeSenders().values()));
            for (String name : relay.ehloNames()) {
                assertNotEquals("localhost.localdomain", name);
                assertNull(HeloName.problem(name), name);
                assertEquals(HeloName.byDefault(FROM), name);
            }
        }
    }

    @Test
    void aTokenWithoutTheSecretIsRefusedNamingTheFieldBeforeTheRelayIsReached() throws IOException {
        SendFixture project = withBounceAddress("bounces+{token}@trainingzone.example");
        Path list = project.generatedList("list.csv", 2);
        try (FaultSmtpServer relay = FaultSmtpServer.accepting()) {
            CliRun run = project.sendWith(Map.of(), list, "--smtp", relay.url(), "--yes");
            assertEquals(1, run.exitCode(), run.all());
            assertTrue(run.err().contains("newsletter.bounce_address"), run.err());
            assertTrue(run.err().contains("TIDINGS_SECRET") && run.err().contains("'tidings secret'"), run.err());
            assertFalse(run.err().contains("Exception"), run.err());
            assertEquals(0, relay.connections());
        }
    }

    @Test
    void aHeloThatIsNoDomainNameIsAUsageError() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 1);
        try (FaultSmtpServer relay = FaultSmtpServer.accepting()) {
            CliRun run = project.send(list, "--smtp", relay.url(), "--yes", "--helo", "localhost");
            assertEquals(2, run.exitCode(), run.all());
            assertTrue(run.err().contains("--helo localhost is not fully qualified"), run.err());
            assertEquals(0, relay.connections());
        }
    }

    private SendFixture withBounceAddress(String address) throws IOException {
        SendFixture project = new SendFixture(dir);
        String digest = Files.readString(project.digest());
        Files.writeString(project.digest(), digest.replace("  reply_to: editor@trainingzone.example\n",
                "  reply_to: editor@trainingzone.example\n  bounce_address: \"" + address + "\"\n"));
        return project;
    }
}
