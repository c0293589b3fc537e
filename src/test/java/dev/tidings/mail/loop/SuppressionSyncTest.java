package dev.tidings.mail.loop;

import dev.tidings.TidingsException;
import dev.tidings.subscribers.SubscriberStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tidings.subscribers.SubscriberStatus.BOUNCED;
import static dev.tidings.subscribers.SubscriberStatus.UNSUBSCRIBED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sync's decisions: what each line of a suppression file says of its address, and what wins. */
class SuppressionSyncTest {
    @TempDir
    Path dir;

    private static Suppressions.Entry entry(String email, int line, String reason) {
        return new Suppressions.Entry(email, line, reason);
    }

    @Test
    void whatSendWritesIsABounceAndAHandWrittenLineWithoutAReasonIsNothing() {
        assertEquals(BOUNCED, entry("a@x", 1, "2026-12-03T15:44:45.420273041Z 550 5.1.1 <a@x>: Recipient address rejected").status());
        assertEquals(BOUNCED, entry("a@x", 1, "2026-12-03T15:44:45Z 550 Mailbox unavailable").status(), "a bare 550, no enhanced code");
        assertEquals(BOUNCED, entry("a@x", 1, "hard bounce 5.2.1 mailbox disabled").status(), "an enhanced code anywhere");
        assertEquals(UNSUBSCRIBED, entry("a@x", 1, "unsubscribed by phone, 3 Dec").status());
        assertEquals(UNSUBSCRIBED, entry("a@x", 1, "Asked to UNSUBSCRIBE").status());
        assertNull(entry("a@x", 1, "").status(), "no comment");
        assertNull(entry("a@x", 1, "old list from 2019").status());
        assertNull(entry("a@x", 1, "2026-12-03T15:44:45Z 450 4.2.1 try later").status(), "a temporary reply is no bounce");
        assertNull(entry("a@x", 1, "call 555 1234 first").status(), "555 not at the start is not a reply code");
    }

    @Test
    void unsubscribedWinsOverBouncedTheFirstReasonIsKeptAndAnUndecidedLineOnlyCountsAlone() {
        Map<String, SubscriberStatus> wanted = new LinkedHashMap<>();
        Map<String, Suppressions.Entry> reasons = new LinkedHashMap<>();
        List<Suppressions.Entry> undecided = new ArrayList<>();
        SuppressionSync.decide(List.of(
                entry("A@x.example", 1, "550 5.1.1 unknown"),
                entry("a@x.example", 2, "550 5.1.1 unknown again"),
                entry("b@x.example", 3, "550 5.1.1 unknown"),
                entry("B@x.example", 4, "unsubscribed by mail"),
                entry("c@x.example", 5, ""),
                entry("c@x.example", 6, "2026-12-03T10:00:00Z 550 5.1.1 unknown"),
                entry("d@x.example", 7, "")), wanted, reasons, undecided);
        assertEquals(Map.of("A@x.example", BOUNCED, "b@x.example", UNSUBSCRIBED, "c@x.example", BOUNCED), wanted);
        assertEquals(1, reasons.get("a@x.example").line(), "the first line of an address");
        assertEquals(4, reasons.get("b@x.example").line(), "the unsubscribe's line");
        assertEquals(List.of(entry("d@x.example", 7, "")), undecided, "c has a reason on another line");
    }

    @Test
    void theFileIsReadWithItsLineNumbersCommentsAndBlankLines() throws IOException {
        Path file = Files.writeString(dir.resolve("suppressed.txt"), "# header\n\n  a@x.example  # 550 5.1.1 no\r\nb@x.example\n");
        assertEquals(List.of(entry("a@x.example", 3, "550 5.1.1 no"), entry("b@x.example", 4, "")), Suppressions.entries(file));
        TidingsException notUtf8 = assertThrows(TidingsException.class, () -> Suppressions.entries(
                Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'})));
        assertTrue(notUtf8.getMessage().contains("latin1.txt: the suppression file is not UTF-8 text"), notUtf8.getMessage());
    }

    @Test
    void forgettingAnAddressRemovesOnlyItsLinesAndADryRunOnlyCounts() throws IOException {
        String text = "# kept\nA@x.example  # 550 5.1.1 no\nb@x.example\na@X.example\n";
        Path file = Files.writeString(dir.resolve("suppressed.txt"), text);
        assertEquals(2, Suppressions.forget(file, List.of("a@x.example"), true));
        assertEquals(text, Files.readString(file));
        assertEquals(2, Suppressions.forget(file, List.of(" a@x.example "), false));
        assertEquals("# kept\nb@x.example\n", Files.readString(file));
        assertEquals(0, Suppressions.forget(file, List.of("zed@x.example"), false));
    }
}
