package dev.tidings.digest;

import dev.tidings.cli.CliRun;
import dev.tidings.subscribers.SubscriberListCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Found by the rendering properties: U+FFFF is jsoup's end-of-input sentinel, so a newsletter name
 * of "\uFFFF" (a YAML escape) rendered an email cut off after the masthead, without its items,
 * footer, unsubscribe link or postal address (pre-flight only warned). Noncharacters and half
 * surrogate pairs are not text; the validator now refuses them wherever they are.
 */
class NotTextCharactersTest {
    @TempDir
    Path dir;

    @Test
    void theCharacterCheckNamesTheCharacterAndItsPlace() {
        assertNull(FieldChecks.characterProblem("Zoë 😀 \uFFFD \uFEFF"));
        assertEquals("contains the noncharacter U+FFFF at character 3; it is not text", FieldChecks.characterProblem("ab\uFFFF"));
        assertEquals("contains the noncharacter U+FFFE at character 1; it is not text", FieldChecks.characterProblem("\uFFFE"));
        assertEquals("contains the noncharacter U+FDD0 at character 1; it is not text", FieldChecks.characterProblem("\uFDD0"));
        assertEquals("contains the noncharacter U+1FFFF at character 2; it is not text",
                FieldChecks.characterProblem("a" + new String(Character.toChars(0x1FFFF))));
        assertEquals("contains U+DC00, half of a surrogate pair, at character 2; it is not text", FieldChecks.characterProblem("a\uDC00b"));
        assertEquals("contains U+D83D, half of a surrogate pair, at character 1; it is not text", FieldChecks.characterProblem("\uD83D"));
    }

    @Test
    void aNewsletterNameOfUffffIsRefusedInsteadOfRenderingHalfAnEmail() throws IOException {
        Path digest = TestDigests.minimalWith(dir, "ffff.yaml", "  name: Example Weekly", "  name: \"\\uFFFF\"");
        Path out = dir.resolve("out");
        CliRun render = CliRun.of("render", digest.toString(), "-o", out.toString());
        assertEquals(1, render.exitCode(), render.all());
        assertEquals(digest + ":3:9: newsletter.name: contains the noncharacter U+FFFF at character 1; it is not text",
                render.err().lines().findFirst().orElseThrow());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aSubscriberValueWithANoncharacterIsAnInvalidRow() throws IOException {
        Path list = dir.resolve("list.csv");
        Files.writeString(list, "email,name,company\na@example.org,Ann,\uFFFFNorthwind\nb@example.org,\uFFFE,x\nc@example.org,Cy,z\n",
                StandardCharsets.UTF_8);
        SubscriberListCheck.Result result = new SubscriberListCheck().check(list);
        assertEquals(2, result.invalid());
        assertEquals(List.of(
                list + ":2: company: contains the noncharacter U+FFFF at character 1; it is not text",
                list + ":3: name: contains the noncharacter U+FFFE at character 1; it is not text"),
                result.problems().stream().map(Problem::format).toList());
    }
}
